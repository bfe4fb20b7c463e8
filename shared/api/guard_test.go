package api_test

import (
	"strings"
	"testing"
)

// TestPHIIsRefused: free text holding protected health information (or a
// card number) is refused with 422 naming the field and the kind, the
// value is neither echoed nor logged, and nothing is stored.
func TestPHIIsRefused(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	secret := "Jane Doe had Botox on 3/4"
	cases := []struct {
		name, method, path string
		body               map[string]any
		hdr                map[string]string
		field, kind        string
	}{
		{"support body", "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": "Help", "body": "Our client " + secret + ", call her back"}, nil, "body", "patient_name_with_treatment"},
		{"brand voice", "PATCH", f.path(""), map[string]any{"brandVoice": "Patient DOB 04/12/1980 loved it"}, map[string]string{"If-Match": `"1"`}, "brandVoice", "date_of_birth"},
		{"card number", "PUT", f.path("/campaign-settings"), map[string]any{"goals": []string{"leads"}, "notes": "bill 4111 1111 1111 1111"}, map[string]string{"If-Match": `"1"`}, "notes", "card_number"},
		{"service list", "POST", "/v1/orgs", map[string]any{"companyName": "A", "timeZone": "UTC", "services": []string{"Facials", "SSN 123-45-6789"}}, nil, "services[1]", "ssn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, f.owner, tc.method, tc.path, tc.body, tc.hdr)
			if r.status != 422 || problemType(t, r) != "phi-detected" {
				t.Fatalf("got %s", r)
			}
			found := false
			for _, e := range r.json(t)["findings"].([]any) {
				m := e.(map[string]any)
				found = found || (str(m, "field") == tc.field && str(m, "kind") == tc.kind)
			}
			if !found {
				t.Errorf("finding %s/%s not reported: %s", tc.field, tc.kind, r.body)
			}
			for _, v := range []string{"Jane Doe", "04/12/1980", "4111 1111", "123-45-6789"} {
				if strings.Contains(string(r.body), v) {
					t.Errorf("the response echoes %q", v)
				}
				if strings.Contains(w.logText(), v) {
					t.Errorf("the log holds %q", v)
				}
			}
		})
	}
	// Nothing was stored.
	if p := must(t, w.do(t, f.owner, "GET", f.path("/support-messages"), nil, nil), 200); len(p["items"].([]any)) != 1 {
		t.Fatalf("a refused message was stored: %v", p)
	}
	if o := must(t, w.do(t, f.owner, "GET", f.path(""), nil, nil), 200); o["version"] != float64(1) {
		t.Fatalf("a refused update was stored: %v", o)
	}
}

func TestIdempotencyKey(t *testing.T) {
	w := newWorld(t)
	u := newUser("owner")
	key := map[string]string{"Idempotency-Key": "create-" + u.sub}
	first := w.do(t, u, "POST", "/v1/orgs", validOrg("Once Spa"), key)
	o := must(t, first, 201)
	again := w.do(t, u, "POST", "/v1/orgs", validOrg("Once Spa"), key)
	if again.status != 201 || string(again.body) != string(first.body) || again.header("Idempotent-Replayed") != "true" || again.header("Location") != first.header("Location") {
		t.Fatalf("retry: %s %v", again, again.headers)
	}
	if r := w.do(t, u, "POST", "/v1/orgs", validOrg("Other Spa"), key); r.status != 422 || problemType(t, r) != "idempotency-key-reused" {
		t.Fatalf("same key, other body: %s", r)
	}
	if items := must(t, w.do(t, u, "GET", "/v1/orgs", nil, nil), 200)["items"].([]any); len(items) != 1 || str(items[0].(map[string]any), "orgId") != str(o, "id") {
		t.Fatalf("the retry created another org: %v", items)
	}
	// A key is the caller's own: another user's same key runs anew.
	other := newUser("other")
	if r := w.do(t, other, "POST", "/v1/orgs", validOrg("Once Spa"), key); r.status != 201 || r.header("Idempotent-Replayed") != "" {
		t.Fatalf("another user's key: %s", r)
	}
	// A failed attempt does not consume the key: it changed nothing, so the
	// retry runs again (here, once the caller has joined).
	f := w.newOrg(t)
	late := newUser("late")
	must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": late.email, "role": "viewer"}, nil), 201)
	k2 := map[string]string{"Idempotency-Key": "msg-" + late.sub}
	msg := map[string]any{"kind": "feedback", "subject": "Hi", "body": "Hello"}
	if r := w.do(t, late, "POST", f.path("/support-messages"), msg, k2); r.status != 404 {
		t.Fatalf("before joining: %s", r)
	}
	must(t, w.do(t, late, "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil), 200)
	if r := w.do(t, late, "POST", f.path("/support-messages"), msg, k2); r.status != 201 || r.header("Idempotent-Replayed") != "" {
		t.Fatalf("after joining: %s", r)
	}
	// The same key on another path is another request.
	if r := w.do(t, late, "POST", "/v1/orgs/"+str(o, "id")+"/support-messages", msg, k2); r.status != 422 {
		t.Fatalf("same key, other path: %s", r)
	}
	if r := w.do(t, u, "POST", "/v1/orgs", validOrg("x"), map[string]string{"Idempotency-Key": strings.Repeat("k", 256)}); r.status != 400 {
		t.Fatalf("an overlong key: %s", r)
	}
}
