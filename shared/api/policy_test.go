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
