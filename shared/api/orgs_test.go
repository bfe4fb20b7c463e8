package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestOrgLifecycle(t *testing.T) {
	w := newWorld(t)
	owner := newUser("owner")
	r := w.do(t, owner, "POST", "/v1/orgs", validOrg("Glow Med Spa"), nil)
	o := must(t, r, 201)
	id := str(o, "id")
	if r.header("Location") != "/v1/orgs/"+id || r.header("ETag") != `"1"` || str(o, "status") != "active" {
		t.Fatalf("create: %s %v", r, r.headers)
	}
	got := must(t, w.do(t, owner, "GET", "/v1/orgs/"+id, nil, nil), 200)
	if str(got, "companyName") != "Glow Med Spa" || str(got, "timeZone") != "America/Chicago" {
		t.Fatalf("get: %v", got)
	}

	// Update needs If-Match; a stale one changes nothing.
	if r := w.do(t, owner, "PATCH", "/v1/orgs/"+id, map[string]any{"brandVoice": "Bold."}, nil); r.status != 428 || problemType(t, r) != "precondition-required" {
		t.Fatalf("patch without If-Match: %s", r)
	}
	up := must(t, w.do(t, owner, "PATCH", "/v1/orgs/"+id, map[string]any{"companyName": "Glow Aesthetics", "services": []string{"Botox"}}, map[string]string{"If-Match": `"1"`}), 200)
	if str(up, "companyName") != "Glow Aesthetics" || up["version"] != float64(2) || str(up, "website") != "https://glowmedspa.example" {
		t.Fatalf("patch: %v", up)
	}
	if r := w.do(t, owner, "PATCH", "/v1/orgs/"+id, map[string]any{"companyName": "Stale"}, map[string]string{"If-Match": `"1"`}); r.status != 412 || problemType(t, r) != "precondition-failed" {
		t.Fatalf("stale patch: %s", r)
	}
	if got := must(t, w.do(t, owner, "GET", "/v1/orgs/"+id, nil, nil), 200); str(got, "companyName") != "Glow Aesthetics" {
		t.Fatalf("a stale update changed the org: %v", got)
	}
	// The rename reached the owner's membership (the orgs list is one query).
	list := must(t, w.do(t, owner, "GET", "/v1/orgs", nil, nil), 200)
	items := list["items"].([]any)
	if len(items) != 1 || str(items[0].(map[string]any), "companyName") != "Glow Aesthetics" || str(items[0].(map[string]any), "role") != "owner" {
		t.Fatalf("orgs list: %v", list)
	}

	// Cancel: read-only afterwards, retention clock running.
	c := must(t, w.do(t, owner, "POST", "/v1/orgs/"+id+"/cancel", nil, nil), 200)
	if str(c, "status") != "cancelled" || str(c, "retainedUntil") == "" {
		t.Fatalf("cancel: %v", c)
	}
	if r := w.do(t, owner, "PATCH", "/v1/orgs/"+id, map[string]any{"brandVoice": "x"}, map[string]string{"If-Match": `"3"`}); r.status != 409 || problemType(t, r) != "org-cancelled" {
		t.Fatalf("patch after cancel: %s", r)
	}
	if got := must(t, w.do(t, owner, "GET", "/v1/orgs/"+id, nil, nil), 200); str(got, "status") != "cancelled" {
		t.Fatalf("get after cancel: %v", got)
	}

	// Reactivate: the owner resumes the relationship; writes work again.
	re := must(t, w.do(t, owner, "POST", "/v1/orgs/"+id+"/reactivate", nil, nil), 200)
	if str(re, "status") != "active" || re["cancelledAt"] != nil || re["retainedUntil"] != nil || str(re, "reactivatedAt") == "" {
		t.Fatalf("reactivate: %v", re)
	}
	if r := w.do(t, owner, "POST", "/v1/orgs/"+id+"/reactivate", nil, nil); r.status != 409 || problemType(t, r) != "org-not-cancelled" {
		t.Fatalf("reactivate an active org: %s", r)
	}
	if up := must(t, w.do(t, owner, "PATCH", "/v1/orgs/"+id, map[string]any{"brandVoice": "Back."}, map[string]string{"If-Match": `"4"`}), 200); str(up, "brandVoice") != "Back." {
		t.Fatalf("patch after reactivation: %v", up)
	}
}

func TestOrgValidation(t *testing.T) {
	w := newWorld(t)
	u := newUser("owner")
	cases := []struct {
		name   string
		body   any
		status int
		typ    string
		fields []string
	}{
		{"missing required", map[string]any{}, 422, "validation", []string{"companyName", "timeZone"}},
		{"bad formats", map[string]any{"companyName": strings.Repeat("x", 121), "timeZone": "Mars/Olympus", "website": "ftp://x", "locations": []map[string]string{{"city": "", "state": "ZZ"}}},
			422, "validation", []string{"companyName", "timeZone", "website", "locations[0].city", "locations[0].state"}},
		{"duplicate service", map[string]any{"companyName": "A", "timeZone": "UTC", "services": []string{"Botox", "botox"}}, 422, "validation", []string{"services[1]"}},
		{"control characters", map[string]any{"companyName": "A\u0007B", "timeZone": "UTC"}, 422, "validation", []string{"companyName"}},
		{"unknown field", map[string]any{"companyName": "A", "timeZone": "UTC", "taxId": "1"}, 400, "bad-request", []string{"taxId"}},
		{"wrong type", map[string]any{"companyName": 7, "timeZone": "UTC"}, 400, "bad-request", []string{"companyName"}},
		{"not an object", "[1,2]", 400, "bad-request", nil},
		{"malformed", `{"companyName":`, 400, "bad-request", nil},
		{"two objects", `{"companyName":"A","timeZone":"UTC"}{}`, 400, "bad-request", nil},
		{"too large", `{"companyName":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "payload-too-large", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, u, "POST", "/v1/orgs", tc.body, nil)
			if r.status != tc.status || problemType(t, r) != tc.typ {
				t.Fatalf("got %s, want %d %s", r, tc.status, tc.typ)
			}
			errs, _ := r.json(t)["errors"].([]any)
			got := map[string]bool{}
			for _, e := range errs {
				got[str(e.(map[string]any), "field")] = true
			}
			for _, f := range tc.fields {
				if !got[f] {
					t.Errorf("field %q not named in %s", f, r.body)
				}
			}
		})
	}
	if r := w.do(t, u, "POST", "/v1/orgs", validOrg("A"), map[string]string{"Content-Type": "text/plain"}); r.status != 415 {
		t.Fatalf("text/plain body: %s", r)
	}
	if r := w.do(t, u, "GET", "/v1/orgs?sort=name", nil, nil); r.status != 400 || !strings.Contains(string(r.body), `"sort"`) {
		t.Fatalf("unknown query parameter: %s", r)
	}
	for _, l := range []string{"0", "51", "x"} {
		if r := w.do(t, u, "GET", "/v1/orgs?limit="+l, nil, nil); r.status != 400 {
			t.Errorf("limit=%s: %s", l, r)
		}
	}
	if r := w.do(t, u, "DELETE", "/v1/orgs", nil, nil); r.status != 405 || r.header("Allow") != "GET, POST" || problemType(t, r) != "method-not-allowed" {
		t.Fatalf("DELETE /v1/orgs: %s %v", r, r.headers)
	}
}

func TestOrgsListPages(t *testing.T) {
	w := newWorld(t)
	u := newUser("owner")
	want := map[string]bool{}
	for i := range 5 {
		want[str(must(t, w.do(t, u, "POST", "/v1/orgs", validOrg(fmt.Sprint("Spa ", i)), nil), 201), "id")] = true
	}
	got := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		v := url.Values{"limit": {"2"}}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		p := must(t, w.do(t, u, "GET", "/v1/orgs"+q(v), nil, nil), 200)
		for _, it := range p["items"].([]any) {
			got[str(it.(map[string]any), "orgId")] = true
		}
		next, _ := p["next"].(string)
		if next == "" || pages > 5 {
			break
		}
		cursor = next
		// The cursor is bound to its owner and list, and tamper-proof.
		other := newUser("other")
		if r := w.do(t, other, "GET", "/v1/orgs?cursor="+url.QueryEscape(cursor), nil, nil); r.status != 400 {
			t.Fatalf("another user's cursor: %s", r)
		}
		b := []byte(cursor)
		b[2] ^= 1
		if r := w.do(t, u, "GET", "/v1/orgs?cursor="+url.QueryEscape(string(b)), nil, nil); r.status != 400 {
			t.Fatalf("a tampered cursor: %s", r)
		}
	}
	if len(got) != 5 {
		t.Fatalf("pages gave %d orgs, want 5", len(got))
	}
}

func TestOrgUpdateValidation(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	hdr := map[string]string{"If-Match": `"1"`}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{}, "body"},
		{map[string]any{"companyName": "  "}, "companyName"},
		{map[string]any{"timeZone": "Local"}, "timeZone"},
		{map[string]any{"locations": []map[string]string{{"city": "Austin", "state": "TX"}, {"city": "austin", "state": "tx"}}}, "locations[1]"},
		{map[string]any{"services": make([]string, 31)}, "services"},
	} {
		r := w.do(t, f.admin, "PATCH", f.path(""), c.body, hdr)
		if r.status != 422 || str(r.json(t)["errors"].([]any)[0].(map[string]any), "field") != c.field {
			t.Errorf("%v: %s", c.body, r)
		}
	}
	if r := w.do(t, f.admin, "PATCH", f.path("/members/"+f.viewer.id()), map[string]any{"role": "boss"}, versionOf(t, w, f, "/members/"+f.viewer.id())); r.status != 422 {
		t.Errorf("invalid role: %s", r)
	}
}

// TestConcurrentUpdates: updates racing with the same If-Match: one wins,
// the others get 412 (or 409), and the losers' changes are nowhere. On the
// emulators real conditional writes decide; in memory it runs the handler
// path concurrently (under -race, a data race check).
func TestConcurrentUpdates(t *testing.T) { eachWorld(t, testConcurrentUpdates) }

func testConcurrentUpdates(t *testing.T, w *world) {
	f := w.newOrg(t)
	results := make(chan resp, 8)
	for i := range 8 {
		go func() {
			results <- w.raw(f.owner, "PATCH", f.path(""), map[string]any{"brandVoice": fmt.Sprint("voice ", i)}, map[string]string{"If-Match": `"1"`})
		}()
	}
	wins, winner := 0, ""
	for range 8 {
		r := <-results
		switch r.status {
		case 200:
			wins++
			winner = str(r.json(t), "brandVoice")
		case 412, 409:
		default:
			t.Errorf("unexpected %s", r)
		}
	}
	got := must(t, w.do(t, f.owner, "GET", f.path(""), nil, nil), 200)
	if wins != 1 || str(got, "brandVoice") != winner || got["version"] != float64(2) {
		t.Fatalf("%d winners; stored %v", wins, got)
	}
}
