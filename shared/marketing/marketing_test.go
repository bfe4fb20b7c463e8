package marketing_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

type suppressions struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *suppressions) Suppressed(_ context.Context, addr string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[addr], nil
}

var key = []byte("0123456789abcdef0123456789abcdef")

func signer(t *testing.T, k []byte) marketing.Signer {
	s, err := marketing.NewSigner(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokens(t *testing.T) {
	s := signer(t, key)
	c := marketing.Claim{UserID: "usr_a", Topic: profile.Marketing, ConsentID: "cns_1"}
	tok := s.Token(c)
	got, err := s.Verify(tok)
	if err != nil || got != c {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	if _, err := marketing.NewSigner(key[:31]); err == nil {
		t.Fatal("a short key was accepted")
	}
	other := signer(t, []byte(strings.Repeat("k", 32)))
	payload, sig, _ := strings.Cut(tok, ".")
	forged := []string{
		"", ".", tok + "x", payload, "x" + tok,
		other.Token(c), // signed with another key
		// another person's or topic's payload under this token's signature
		strings.Replace(other.Token(marketing.Claim{UserID: "usr_b", Topic: profile.Marketing, ConsentID: "cns_1"}), strings.SplitN(other.Token(marketing.Claim{UserID: "usr_b", Topic: profile.Marketing, ConsentID: "cns_1"}), ".", 2)[1], sig, 1),
		strings.Replace(s.Token(marketing.Claim{UserID: "usr_a", Topic: profile.Reports, ConsentID: "cns_1"}), ".", ".A", 1),
		strings.Repeat("a", 600),
	}
	for i, f := range forged {
		if _, err := s.Verify(f); !errors.Is(err, marketing.ErrBadToken) {
			t.Errorf("forged token %d accepted: %v", i, err)
		}
	}
	if _, err := s.Verify(signer(t, key).Token(marketing.Claim{UserID: "usr_a", Topic: "newsletter"})); err == nil {
		t.Error("a token naming an unknown topic was accepted")
	}
}

type world struct {
	profiles *fake.Profiles
	sup      *suppressions
	out      *fake.Outbox
	gate     marketing.Gate
	send     marketing.Sender
}

func newWorld(t *testing.T) *world {
	w := &world{profiles: fake.NewProfiles(), sup: &suppressions{m: map[string]bool{}}, out: &fake.Outbox{}}
	w.gate = marketing.Gate{Store: w.profiles, Suppressions: w.sup, Signer: signer(t, key), UnsubscribeURL: "https://api.example/v1/unsubscribe"}
	w.send = marketing.Sender{Gate: w.gate, Next: w.out, Kinds: map[string]profile.Topic{"weekly_report": profile.Reports, "newsletter": profile.Marketing}}
	return w
}

func (w *world) subscribe(t *testing.T, uid, addr string, at time.Time) profile.Profile {
	t.Helper()
	p, found, _ := w.profiles.Get(context.Background(), uid)
	p.Email, p.MarketingEmails, p.MarketingConsentAt, p.UpdatedAt = addr, true, at, at
	if !found {
		p.CreatedAt = at
	}
	p.Version++
	if err := w.profiles.Put(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	got, _, _ := w.profiles.Get(context.Background(), uid)
	return got
}

func tokenOf(t *testing.T, link string) string {
	u, err := url.Parse(strings.Trim(link, "<>"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

// TestUnsubscribeStopsTheNextSend: the link in a sent email ends that
// consent, the next send skips the person, and the same link replayed
// after they subscribe again does not end the new consent.
func TestUnsubscribeStopsTheNextSend(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := w.subscribe(t, "usr_ana", "ana@spa.example", t0)
	mctx := marketing.For(ctx, "usr_ana", profile.Marketing)
	if _, err := w.send.Send(mctx, email.Message{Subject: "Spring offers", Text: "Hello", Kind: "newsletter"}); err != nil {
		t.Fatal(err)
	}
	sent := w.out.To("ana@spa.example")
	if len(sent) != 1 || sent[0].Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
		t.Fatalf("sent %+v", sent)
	}
	tok := tokenOf(t, sent[0].Headers["List-Unsubscribe"])
	c, err := w.gate.Signer.Verify(tok)
	if err != nil || c.UserID != "usr_ana" || c.Topic != profile.Marketing || c.ConsentID != p.Consents[profile.Marketing].ID || c.ConsentID == "" {
		t.Fatalf("claim %+v %v (consent %+v)", c, err, p.Consents)
	}
	ended, err := w.profiles.Unsubscribe(ctx, c.UserID, c.Topic, c.ConsentID, t0.Add(time.Hour))
	if err != nil || !ended {
		t.Fatalf("unsubscribe: %v %v", ended, err)
	}
	_, err = w.send.Send(mctx, email.Message{Subject: "More offers", Text: "Hello", Kind: "newsletter"})
	if !errors.Is(err, marketing.ErrSkipped) || !errors.Is(err, email.ErrRejected) || len(w.out.Sent()) != 1 {
		t.Fatalf("send after unsubscribe: %v, %d sent", err, len(w.out.Sent()))
	}
	// Subscribing again is a new consent; the old link cannot end it.
	p2 := w.subscribe(t, "usr_ana", "ana@spa.example", t0.Add(48*time.Hour))
	if p2.Consents[profile.Marketing].ID == c.ConsentID {
		t.Fatal("resubscribing kept the old consent record")
	}
	if ended, err := w.profiles.Unsubscribe(ctx, c.UserID, c.Topic, c.ConsentID, t0.Add(49*time.Hour)); err != nil || ended {
		t.Fatalf("replayed link ended the new consent: %v %v", ended, err)
	}
	if d, _ := w.gate.Check(ctx, "usr_ana", profile.Marketing); !d.Allowed {
		t.Fatalf("after resubscribing: %+v", d)
	}
}

func TestGateRefuses(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w.subscribe(t, "usr_sup", "sup@spa.example", t0)
	w.sup.m["sup@spa.example"] = true
	w.subscribe(t, "usr_res", "res@spa.example", t0)
	p, _, _ := w.profiles.Get(ctx, "usr_res")
	p.Restricted, p.Version = true, p.Version+1
	if err := w.profiles.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		uid    string
		topic  profile.Topic
		reason string
	}{
		{"usr_sup", profile.Marketing, "suppressed"},
		{"usr_res", profile.Marketing, "restricted"},
		{"usr_sup", profile.ProductUpdates, "not_subscribed"},
		{"usr_new", profile.Marketing, "not_subscribed"},
		{"usr_new", profile.Reports, "no_address"}, // reports are on by default, but there is no address yet
	} {
		d, err := w.gate.Check(ctx, tc.uid, tc.topic)
		if err != nil || d.Allowed || d.Reason != tc.reason {
			t.Errorf("%s %s: %+v %v, want %s", tc.uid, tc.topic, d, err, tc.reason)
		}
	}
	// An unmarked message of a marketing kind is refused; a service
	// notice passes untouched.
	if _, err := w.send.Send(ctx, email.Message{To: []string{"x@spa.example"}, Subject: "Week", Text: "t", Kind: "weekly_report"}); !errors.Is(err, marketing.ErrSkipped) {
		t.Fatalf("unmarked report: %v", err)
	}
	if _, err := w.send.Send(ctx, email.Message{To: []string{"x@spa.example"}, Subject: "Code", Text: "123456", Kind: "verification_code"}); err != nil {
		t.Fatal(err)
	}
	if m := w.out.To("x@spa.example"); len(m) != 1 || m[0].Headers["List-Unsubscribe"] != "" {
		t.Fatalf("service notice: %+v", m)
	}
}

// TestRawMessagesGetTheHeaders: a composed message (the weekly report)
// gets the gate's List-Unsubscribe pair in place of any it carried.
func TestRawMessagesGetTheHeaders(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.subscribe(t, "usr_raw", "raw@spa.example", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	raw := []byte("From: a@b.example\r\nTo: raw@spa.example\r\nList-Unsubscribe: <https://old.example/u?t=stale>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nSubject: Week\r\n\r\nbody\r\n")
	mctx := marketing.For(ctx, "usr_raw", profile.Reports)
	if _, err := w.send.Send(mctx, email.Message{Raw: raw, Kind: "weekly_report"}); err != nil {
		t.Fatal(err)
	}
	got := string(w.out.To("raw@spa.example")[0].Raw)
	if strings.Contains(got, "old.example") || strings.Count(got, "List-Unsubscribe:") != 1 || !strings.Contains(got, "List-Unsubscribe: <https://api.example/v1/unsubscribe?token=") ||
		strings.Count(got, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != 1 || !strings.HasSuffix(got, "Subject: Week\r\n\r\nbody\r\n") {
		t.Fatalf("raw message:\n%s", got)
	}
}
