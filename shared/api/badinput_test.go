package api_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/privacy"
)

// state is what a refused request must leave as it was: everything the
// fixture's owner and a pending invitee can read.
func (w *world) state(t *testing.T, f *orgFixture, invitee *user) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, rd := range []struct {
		u    *user
		path string
	}{
		{f.owner, f.path("")}, {f.owner, f.path("/members")}, {f.owner, f.path("/campaign-settings")},
		{f.owner, f.path("/support-messages")}, {f.owner, "/v1/me"}, {f.owner, "/v1/orgs"},
		{invitee, "/v1/me/invitations"}, {invitee, "/v1/orgs"},
	} {
		r := w.raw(rd.u, "GET", rd.path, nil, nil)
		b.WriteString(rd.path + " " + r.String() + "\n")
	}
	return b.Bytes()
}

// fieldNamed fails unless r is a problem+json of status and type whose
// errors name field first.
func fieldNamed(t *testing.T, r resp, status int, typ, field string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if got := problemType(t, r); got != typ {
		t.Fatalf("type %q, want %q: %s", got, typ, r.body)
	}
	if field == "" {
		return
	}
	errs, _ := r.json(t)["errors"].([]any)
	if len(errs) == 0 || str(errs[0].(map[string]any), "field") != field {
		t.Fatalf("field %q not named: %s", field, r.body)
	}
}

// TestRoutesWithoutBodyRefuseOne: every route that takes no body refuses a
// non-empty one (malformed JSON, a megabyte of text, an empty object) with
// 400 naming the body, and does nothing: POST .../cancel with {"a": must
// not cancel the organization.
func TestRoutesWithoutBodyRefuseOne(t *testing.T) {
	w := newWorld(t)
	bodies := map[string]string{"malformed JSON": `{"a":`, "1 MB of text": strings.Repeat("x", 1<<20), "an empty object": "{}", "whitespace": " "}
	n := 0
	for _, rt := range w.h.Routes() {
		if rt.HasBody {
			continue
		}
		n++
		for name, body := range bodies {
			t.Run(rt.Name+"/"+name, func(t *testing.T) {
				f := w.newOrg(t)
				invitee := newUser("invitee")
				must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": invitee.email, "role": "viewer"}, nil), 201)
				caller := f.owner
				if strings.HasPrefix(rt.Path, "/v1/me/invitations") {
					caller = invitee
				}
				if rt.Name == "orgs.leave" {
					caller = f.admin // the last owner may not leave
				}
				if rt.Name == "orgs.reactivate" {
					must(t, w.do(t, f.owner, "POST", f.path("/cancel"), nil, nil), 200)
				}
				caller = f.callerFor(rt.Path, caller)
				path := strings.NewReplacer("{orgId}", f.id, "{memberId}", f.viewer.id(), "{messageId}", "msg_1", "{requestId}", f.content, "{connectionId}", f.conn, "{provider}", "meta", "{recommendationId}", f.rec, "{changeId}", f.change, "{assetId}", f.asset, "{draftId}", f.draft, "{privacyRequestId}", f.privacy, "{holdId}", f.hold, "{policyVersion}", "2026-11", "/v1/unsubscribe", "/v1/unsubscribe?token="+url.QueryEscape(f.unsub)).Replace(rt.Path)
				if rt.Name == "privacy.retry" {
					path = strings.Replace(path, f.privacy, w.privacy.seed(t, privacy.Failed), 1) // only a failed request is retried
				}
				before := w.state(t, f, invitee)
				for _, ct := range []string{"application/json", "text/plain"} {
					r := w.do(t, caller, rt.Method, path, body, map[string]string{"Content-Type": ct})
					fieldNamed(t, r, 400, "bad-request", "body")
				}
				if after := w.state(t, f, invitee); !bytes.Equal(before, after) {
					t.Fatalf("a refused request changed something:\nbefore %s\nafter  %s", before, after)
				}
				// Without a body the same request works.
				if r := w.do(t, caller, rt.Method, path, nil, nil); r.status >= 300 {
					t.Fatalf("without a body: %s", r)
				}
			})
		}
	}
	if n < 10 {
		t.Fatalf("only %d routes without a body", n)
	}
}

// TestBadInputAtTheEdge: each kind of malformed input is a 4xx
// problem+json naming what is wrong, and changes nothing.
func TestBadInputAtTheEdge(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	invitee := newUser("invitee")
	must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": invitee.email, "role": "viewer"}, nil), 201)
	settings := func(extra string) string { return `{"goals":["leads"]` + extra + `}` }
	cases := []struct {
		name, method, path string
		body               any
		hdr                map[string]string
		status             int
		typ, field         string
	}{
		{"charset utf-16", "POST", "/v1/orgs", validOrg("Charset Spa"), map[string]string{"Content-Type": "application/json; charset=utf-16"}, 415, "unsupported-media-type", ""},
		{"charset latin-1", "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": "Hi", "body": "Hello"}, map[string]string{"Content-Type": "application/json;charset=ISO-8859-1"}, 415, "unsupported-media-type", ""},
		{"text/plain", "POST", "/v1/orgs", validOrg("Plain Spa"), map[string]string{"Content-Type": "text/plain"}, 415, "unsupported-media-type", ""},
		{"empty Idempotency-Key", "POST", "/v1/orgs", validOrg("Empty Key Spa"), map[string]string{"Idempotency-Key": emptyHeader}, 400, "bad-request", "Idempotency-Key"},
		{"Idempotency-Key with a comma", "POST", "/v1/orgs", validOrg("Comma Key Spa"), map[string]string{"Idempotency-Key": "a,b"}, 400, "bad-request", "Idempotency-Key"},
		{"Idempotency-Key with a space", "POST", "/v1/orgs", validOrg("Space Key Spa"), map[string]string{"Idempotency-Key": "a b"}, 400, "bad-request", "Idempotency-Key"},
		{"empty Idempotency-Key on a body-less POST", "POST", f.path("/cancel"), nil, map[string]string{"Idempotency-Key": emptyHeader}, 400, "bad-request", "Idempotency-Key"},
		{"unquoted If-Match", "PATCH", f.path(""), map[string]any{"brandVoice": "Calm"}, map[string]string{"If-Match": "1"}, 400, "bad-request", "If-Match"},
		{"If-Match without its closing quote", "PUT", f.path("/campaign-settings"), settings(""), map[string]string{"If-Match": `"1`}, 400, "bad-request", "If-Match"},
		{"unquoted weak If-Match", "PATCH", "/v1/me", map[string]any{"name": "Ann"}, map[string]string{"If-Match": "W/0"}, 400, "bad-request", "If-Match"},
		{"unquoted If-Match on a delete", "DELETE", f.path("/members/" + f.viewer.id()), nil, map[string]string{"If-Match": "1"}, 400, "bad-request", "If-Match"},
		{"weak If-Match never matches", "PATCH", f.path(""), map[string]any{"brandVoice": "Calm"}, map[string]string{"If-Match": `W/"1"`}, 412, "precondition-failed", ""},
		{"fractional cents", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":4500.5`), map[string]string{"If-Match": `"1"`}, 422, "validation", "targetCostPerLeadCents"},
		{"tiny fraction", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":1e-7`), map[string]string{"If-Match": `"1"`}, 422, "validation", "targetCostPerLeadCents"},
		{"huge exponent", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":1e999999999999`), map[string]string{"If-Match": `"1"`}, 422, "validation", "targetCostPerLeadCents"},
		{"beyond int64", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":9223372036854775808`), map[string]string{"If-Match": `"1"`}, 422, "validation", "targetCostPerLeadCents"},
		{"out of range", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":1e7`), map[string]string{"If-Match": `"1"`}, 422, "validation", "targetCostPerLeadCents"},
		{"fractional cap", "PUT", f.path("/campaign-settings"), settings(`,"monthlyBudgetCapsCents":{"meta":0.5}`), map[string]string{"If-Match": `"1"`}, 422, "validation", "monthlyBudgetCapsCents.meta"},
		{"cents as a string", "PUT", f.path("/campaign-settings"), settings(`,"targetCostPerLeadCents":"4500"`), map[string]string{"If-Match": `"1"`}, 400, "bad-request", "targetCostPerLeadCents"},
		{"cap as an object", "PUT", f.path("/campaign-settings"), settings(`,"monthlyBudgetCapsCents":{"google":{}}`), map[string]string{"If-Match": `"1"`}, 400, "bad-request", "monthlyBudgetCapsCents.google"},
		{"nested unknown field", "PUT", f.path("/campaign-settings"), settings(`,"monthlyBudgetCapsCents":{"tiktok":100}`), map[string]string{"If-Match": `"1"`}, 400, "bad-request", "monthlyBudgetCapsCents.tiktok"},
		{"unknown field in an array", "PATCH", f.path(""), map[string]any{"locations": []any{map[string]any{"city": "Austin", "state": "TX"}, map[string]any{"city": "Waco", "state": "TX", "zip": "76701"}}}, map[string]string{"If-Match": `"1"`}, 400, "bad-request", "locations[1].zip"},
		{"unknown field in a profile object", "PATCH", "/v1/me", map[string]any{"communication": map[string]any{"sms": true}}, map[string]string{"If-Match": `"0"`}, 400, "bad-request", "communication.sms"},
		{"unknown top-level field", "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": "Hi", "body": "Hello", "priority": 1}, nil, 400, "bad-request", "priority"},
		{"double slash", "GET", "/v1//orgs", nil, nil, 404, "not-found", ""},
		{"dot-dot", "GET", "/v1/orgs/x/../" + f.id, nil, nil, 404, "not-found", ""},
		{"dot", "GET", "/v1/./health", nil, nil, 404, "not-found", ""},
		{"trailing slash", "GET", "/v1/health/", nil, nil, 404, "not-found", ""},
		{"dot-dot on a write", "POST", "/v1/orgs/" + f.id + "/members/../cancel", nil, nil, 404, "not-found", ""},
		{"wrong method", "PUT", "/v1/orgs", validOrg("Put Spa"), nil, 405, "method-not-allowed", ""},
		{"wrong method on an org", "POST", f.path(""), nil, nil, 405, "method-not-allowed", ""},
		{"accepting as a member", "POST", "/v1/me/invitations/" + f.id + "/accept", nil, nil, 409, "already-member", ""},
	}
	before := w.state(t, f, invitee)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			caller := f.owner
			if tc.name == "accepting as a member" {
				caller = f.viewer
			}
			r := w.do(t, caller, tc.method, tc.path, tc.body, tc.hdr)
			fieldNamed(t, r, tc.status, tc.typ, tc.field)
			if r.status == 405 && r.header("Allow") == "" {
				t.Errorf("405 without Allow")
			}
		})
	}
	if after := w.state(t, f, invitee); !bytes.Equal(before, after) {
		t.Fatalf("refused requests changed something:\nbefore %s\nafter  %s", before, after)
	}
	if items := must(t, w.do(t, f.owner, "GET", "/v1/orgs", nil, nil), 200)["items"].([]any); len(items) != 1 {
		t.Fatalf("a refused create made an organization: %v", items)
	}
}

// TestIntegersInAnySpelling: JSON Schema's integer is a value, so every
// integral spelling of 4500 is accepted and stored as 4500.
func TestIntegersInAnySpelling(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	version := 1
	for _, n := range []string{"4500", "4500.0", "45e2", "45E+2", "0.45e4", "450000e-2", "4500.000"} {
		t.Run(n, func(t *testing.T) {
			body := `{"goals":["leads"],"targetCostPerLeadCents":` + n + `,"monthlyBudgetCapsCents":{"meta":` + n + `,"google":0.0}}`
			got := must(t, w.do(t, f.market, "PUT", f.path("/campaign-settings"), body, map[string]string{"If-Match": `"` + itoa(version) + `"`}), 200)
			version++
			caps := got["monthlyBudgetCapsCents"].(map[string]any)
			if got["targetCostPerLeadCents"] != float64(4500) || caps["meta"] != float64(4500) || caps["google"] != float64(0) {
				t.Fatalf("stored %v", got)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
