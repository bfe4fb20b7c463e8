package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/privacy"
)

// TestPublicConfirmation: the email's page reads and consumes nothing; the
// POST confirms with the right code only, and every failure looks the same.
func TestPublicConfirmation(t *testing.T) {
	w := newWorld(t)
	w.privacy.limit.Reset()
	ctx := context.Background()
	const path = "/v1/privacy/confirm"

	id := w.privacy.seed(t, privacy.IdentityUnverified)
	code := w.privacy.code(id)
	if code == "" {
		t.Fatal("no code emailed")
	}
	mail := w.privacy.out.Sent()
	var codeMail string
	for _, m := range mail {
		if m.Kind == privacy.NoticeCode {
			codeMail = m.Text
		}
	}
	if !strings.Contains(codeMail, "https://api.example/v1/privacy/confirm?request="+id) {
		t.Fatalf("the code email does not link to the page: %s", codeMail)
	}

	// The page: HTML, prefilled, no read of the request, no attempt spent.
	before, _ := w.privacy.store.Get(ctx, id)
	for range 5 {
		r := w.do(t, nil, "GET", path+"?request="+id, nil, nil)
		if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "text/html") || !strings.Contains(string(r.body), `value="`+id+`"`) {
			t.Fatalf("page: %s", r)
		}
		if csp := r.header("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'sha256-") {
			t.Fatalf("page CSP %q", csp)
		}
	}
	if r := w.do(t, nil, "GET", path+`?request="><script>alert(1)</script>`, nil, nil); r.status != 200 || strings.Contains(string(r.body), "<script>alert") {
		t.Fatalf("page with a hostile reference: %s", r)
	}
	after, _ := w.privacy.store.Get(ctx, id)
	if after.Version != before.Version || after.Code.Attempts != 0 {
		t.Fatalf("opening the page changed the request: version %d -> %d, attempts %d", before.Version, after.Version, after.Code.Attempts)
	}

	// Bad input names the field.
	fieldNamed(t, w.do(t, nil, "POST", path, map[string]any{"requestId": "nope", "code": code}, nil), 422, "validation", "requestId")
	fieldNamed(t, w.do(t, nil, "POST", path, map[string]any{"requestId": id, "code": "12a"}, nil), 422, "validation", "code")

	// Every failure gets the same answer.
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	locked := w.privacy.seed(t, privacy.IdentityUnverified)
	lockedCode := w.privacy.code(locked)
	for range 3 {
		w.do(t, nil, "POST", path, map[string]any{"requestId": locked, "code": wrong}, nil)
	}
	verified := w.privacy.seed(t, privacy.PendingReview)
	answers := map[string]string{}
	for name, body := range map[string]map[string]any{
		"unknown request":        {"requestId": "prq_aaaaaaaaaaaaaaaaaaaaaaaaaa", "code": code},
		"wrong code":             {"requestId": id, "code": wrong},
		"locked (the right one)": {"requestId": locked, "code": lockedCode},
		"already verified":       {"requestId": verified, "code": code},
	} {
		r := w.do(t, nil, "POST", path, body, nil)
		var p map[string]any
		_ = json.Unmarshal(r.body, &p)
		delete(p, "requestId")
		b, _ := json.Marshal(p)
		answers[name] = r.header("Content-Type") + " " + string(b)
		if r.status != 422 || p["type"] != "https://api.medspa.ai/problems/confirmation-failed" {
			t.Errorf("%s: %s", name, r)
		}
	}
	for name, a := range answers {
		if a != answers["unknown request"] {
			t.Errorf("%s answers differently from an unknown request:\n%s\n%s", name, a, answers["unknown request"])
		}
	}

	// The right code in time confirms, once.
	r := must(t, w.do(t, nil, "POST", path, map[string]any{"requestId": id, "code": code}, nil), 200)
	if r["confirmed"] != true {
		t.Fatalf("confirm: %v", r)
	}
	got, es, _ := w.privacy.store.Trail(ctx, id)
	if got.Status != privacy.PendingReview || got.Verification.Method != privacy.VerifiedByCode || got.Verification.By != "subject" {
		t.Fatalf("after confirming: %s %+v", got.Status, got.Verification)
	}
	if last := es[len(es)-1]; last.Action != "verified" || last.Actor != "subject" {
		t.Fatalf("audit %+v", last)
	}
	if r := w.do(t, nil, "POST", path, map[string]any{"requestId": id, "code": code}, nil); r.status != 422 {
		t.Fatalf("the code twice: %s", r)
	}
}

// TestPublicConfirmationRateLimits: per request ID (known or not) and per
// source address, then 429 with Retry-After.
func TestPublicConfirmationRateLimits(t *testing.T) {
	w := newWorld(t)
	w.privacy.limit.Reset() // the world's other tests share its address
	const path = "/v1/privacy/confirm"
	unknown := map[string]any{"requestId": "prq_bbbbbbbbbbbbbbbbbbbbbbbbbb", "code": "123456"}
	for i := range 10 {
		if r := w.do(t, nil, "POST", path, unknown, nil); r.status != 422 {
			t.Fatalf("attempt %d: %s", i+1, r)
		}
	}
	r := w.do(t, nil, "POST", path, unknown, nil)
	if r.status != 429 || problemType(t, r) != "rate-limited" || r.header("Retry-After") == "" {
		t.Fatalf("the 11th attempt on one request: %s (Retry-After %q)", r, r.header("Retry-After"))
	}
	// Other requests from the same address: the address's limit (20) ends it.
	n := 11
	for i := 0; ; i++ {
		body := map[string]any{"requestId": "prq_c" + strings.Repeat(string(rune('a'+i)), 25), "code": "123456"}
		r := w.do(t, nil, "POST", path, body, nil)
		if r.status == 429 {
			break
		}
		if n++; n > 20 {
			t.Fatalf("attempt %d from one address still allowed: %s", n, r)
		}
	}
	if n != 20 {
		t.Fatalf("the address was limited after %d attempts, want 20", n)
	}
}
