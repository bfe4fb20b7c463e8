package api_test

import (
	"fmt"
	"net/url"
	"testing"
)

func TestSupportMessages(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t) // holds msg_1
	r := w.do(t, f.viewer, "POST", f.path("/support-messages"), map[string]any{"kind": "feedback", "subject": "Love the reports", "body": "The weekly report is great."}, nil)
	m := must(t, r, 201)
	if str(m, "id") != "msg_2" || r.header("Location") != f.path("/support-messages/msg_2") || str(m, "authorId") != f.viewer.id() {
		t.Fatalf("create: %s %v", r, r.headers)
	}
	for i := 3; i <= 7; i++ {
		must(t, w.do(t, f.market, "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": fmt.Sprint("Question ", i), "body": "How do budgets work?"}, nil), 201)
	}
	got := must(t, w.do(t, f.admin, "GET", f.path("/support-messages/msg_2"), nil, nil), 200)
	if str(got, "subject") != "Love the reports" {
		t.Fatalf("get: %v", got)
	}
	for _, id := range []string{"msg_99", "msg_0", "msg_x", "abc"} {
		if r := w.do(t, f.admin, "GET", f.path("/support-messages/"+id), nil, nil); r.status != 404 {
			t.Errorf("%s: %s", id, r)
		}
	}
	var ids []string
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		v := url.Values{"limit": {"3"}}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		p := must(t, w.do(t, f.admin, "GET", f.path("/support-messages")+q(v), nil, nil), 200)
		for _, it := range p["items"].([]any) {
			ids = append(ids, str(it.(map[string]any), "id"))
		}
		if cursor, _ = p["next"].(string); cursor == "" {
			break
		}
	}
	if fmt.Sprint(ids) != "[msg_7 msg_6 msg_5 msg_4 msg_3 msg_2 msg_1]" {
		t.Fatalf("pages: %v", ids)
	}
	// A cursor of one org's list is refused on another's.
	g := w.newOrg(t)
	p := must(t, w.do(t, f.admin, "GET", f.path("/support-messages?limit=1"), nil, nil), 200)
	if r := w.do(t, g.owner, "GET", g.path("/support-messages?cursor="+url.QueryEscape(p["next"].(string))), nil, nil); r.status != 400 {
		t.Fatalf("a cursor from another org: %s", r)
	}
	if r := w.do(t, f.viewer, "POST", f.path("/support-messages"), map[string]any{"kind": "complaint", "subject": "", "body": ""}, nil); r.status != 422 || len(r.json(t)["errors"].([]any)) != 3 {
		t.Fatalf("invalid message: %s", r)
	}
}
