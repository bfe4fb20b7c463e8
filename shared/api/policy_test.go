package api_test

import (
	"testing"
)

// TestPolicyAcceptance: /v1/me shows the version in force and whether the
// caller accepted it; only that version can be accepted, once.
func TestPolicyAcceptance(t *testing.T) {
	w := newWorld(t)
	u := newUser("reader")
	policy := func(m map[string]any) map[string]any { p, _ := m["policy"].(map[string]any); return p }
	me := must(t, w.do(t, u, "GET", "/v1/me", nil, nil), 200)
	if p := policy(me); p["currentVersion"] != "2026-11" || p["effectiveDate"] != "2026-11-01" || p["accepted"] != false || p["acceptedVersion"] != nil {
		t.Fatalf("before accepting: %v", p)
	}
	fieldNamed(t, w.do(t, u, "POST", "/v1/me/policy-acceptance", map[string]any{"version": "2025-01"}, nil), 422, "validation", "version")
	fieldNamed(t, w.do(t, u, "POST", "/v1/me/policy-acceptance", map[string]any{"version": ""}, nil), 422, "validation", "version")
	got := must(t, w.do(t, u, "POST", "/v1/me/policy-acceptance", map[string]any{"version": "2026-11"}, nil), 200)
	p := policy(got)
	if p["accepted"] != true || p["acceptedVersion"] != "2026-11" || p["acceptedAt"] == nil {
		t.Fatalf("accepted: %v", p)
	}
	again := policy(must(t, w.do(t, u, "POST", "/v1/me/policy-acceptance", map[string]any{"version": "2026-11"}, nil), 200))
	if again["acceptedAt"] != p["acceptedAt"] {
		t.Fatalf("accepting again moved the time: %v then %v", p["acceptedAt"], again["acceptedAt"])
	}
	if p := policy(must(t, w.do(t, u, "GET", "/v1/me", nil, nil), 200)); p["accepted"] != true {
		t.Fatalf("/v1/me after accepting: %v", p)
	}
	// Other users are not affected.
	if p := policy(must(t, w.do(t, newUser("other"), "GET", "/v1/me", nil, nil), 200)); p["accepted"] != false {
		t.Fatalf("another user: %v", p)
	}
}

// TestPolicyNotify: the privacy team queues the email of the version in
// force only.
func TestPolicyNotify(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	if r := w.do(t, f.team, "POST", "/v1/privacy/policy-versions/2025-01/notify", nil, nil); r.status != 404 {
		t.Fatalf("another version: %s", r)
	}
	r := must(t, w.do(t, f.team, "POST", "/v1/privacy/policy-versions/2026-11/notify", nil, nil), 202)
	if r["queued"] != true || r["effectiveDate"] != "2026-11-01" {
		t.Fatalf("notify: %v", r)
	}
	w.privacy.mu.Lock()
	defer w.privacy.mu.Unlock()
	if n := len(w.privacy.policyJobs); n == 0 || w.privacy.policyJobs[n-1] != "2026-11" {
		t.Fatalf("queued %v", w.privacy.policyJobs)
	}
}
