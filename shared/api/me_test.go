package api_test

import "testing"

func TestMe(t *testing.T) {
	w := newWorld(t)
	u := newUser("ana")
	u.groups = "[privacy-team admin]"
	r := w.do(t, u, "GET", "/v1/me", nil, nil)
	me := must(t, r, 200)
	if r.header("ETag") != `"0"` || str(me, "email") != u.email || me["marketingEmails"] != false || me["privacyTeam"] != true ||
		me["communication"].(map[string]any)["performanceReports"] != true {
		t.Fatalf("a new user's profile: %v %v", me, r.headers)
	}
	patch := map[string]any{"name": "Ana Ruiz", "phone": "+15125550123", "jobTitle": "Marketing Manager", "marketingEmails": true,
		"communication": map[string]any{"productUpdates": true}, "aiProcessingOptOut": true}
	if r := w.do(t, u, "PATCH", "/v1/me", patch, nil); r.status != 428 {
		t.Fatalf("without If-Match: %s", r)
	}
	me = must(t, w.do(t, u, "PATCH", "/v1/me", patch, map[string]string{"If-Match": `"0"`}), 200)
	if str(me, "name") != "Ana Ruiz" || me["marketingEmails"] != true || me["marketingConsentAt"] == nil || me["aiProcessingOptOut"] != true || me["version"] != float64(1) {
		t.Fatalf("after patch: %v", me)
	}
	if r := w.do(t, u, "PATCH", "/v1/me", map[string]any{"name": "Stale"}, map[string]string{"If-Match": `"0"`}); r.status != 412 {
		t.Fatalf("stale patch: %s", r)
	}
	// Withdrawing consent, clearing the phone.
	me = must(t, w.do(t, u, "PATCH", "/v1/me", map[string]any{"marketingEmails": false, "phone": ""}, map[string]string{"If-Match": `"1"`}), 200)
	if me["marketingEmails"] != false || me["marketingConsentAt"] != nil || str(me, "phone") != "" || str(me, "name") != "Ana Ruiz" {
		t.Fatalf("after withdrawal: %v", me)
	}
	got := must(t, w.do(t, u, "GET", "/v1/me", nil, nil), 200)
	if got["version"] != float64(2) || got["communication"].(map[string]any)["productUpdates"] != true {
		t.Fatalf("read back: %v", got)
	}
	for _, bad := range []map[string]any{{"phone": "555-0123"}, {"name": ""}, {}, {"email": "x@y.example"}, {"marketingEmails": "yes"}} {
		if r := w.do(t, u, "PATCH", "/v1/me", bad, map[string]string{"If-Match": `"2"`}); r.status != 422 && r.status != 400 {
			t.Errorf("%v: %s", bad, r)
		}
	}
}

// TestMeUnverifiedEmail: an address the identity provider has not verified
// is not taken as the person's: marketing consent needs a verified address
// (consent filed under someone else's address would send them marketing),
// and the profile does not record it.
func TestMeUnverifiedEmail(t *testing.T) {
	w := newWorld(t)
	u := newUser("ben")
	u.verified = false
	claimed := u.email
	r := w.do(t, u, "PATCH", "/v1/me", map[string]any{"marketingEmails": true}, map[string]string{"If-Match": `"0"`})
	if r.status != 422 || str(r.json(t)["errors"].([]any)[0].(map[string]any), "field") != "marketingEmails" {
		t.Fatalf("consent with an unverified address: %s", r)
	}
	must(t, w.do(t, u, "PATCH", "/v1/me", map[string]any{"name": "Ben"}, map[string]string{"If-Match": `"0"`}), 200)
	u.verified, u.email = true, "ben-verified-"+u.sub+"@glowmedspa.example"
	if me := must(t, w.do(t, u, "GET", "/v1/me", nil, nil), 200); str(me, "email") == claimed {
		t.Fatalf("the unverified address was stored: %v", me)
	}
	me := must(t, w.do(t, u, "PATCH", "/v1/me", map[string]any{"marketingEmails": true}, map[string]string{"If-Match": `"1"`}), 200)
	if me["marketingEmails"] != true || str(me, "email") != u.email {
		t.Fatalf("consent with a verified address: %v", me)
	}
}
