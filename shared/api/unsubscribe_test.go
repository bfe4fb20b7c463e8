package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

// TestOneClickUnsubscribe: a member subscribes from /v1/me; the link in the
// next marketing email works without sign-in (GET shows it and changes
// nothing, the RFC 8058 POST ends the consent); the send after it skips
// them; the link replayed after they subscribe again ends nothing, and a
// link forged or made for another person is refused. In memory and on the
// emulators: the token checks need no AWS, the consent records do.
func TestOneClickUnsubscribe(t *testing.T) { eachWorld(t, testOneClickUnsubscribe) }

func testOneClickUnsubscribe(t *testing.T, w *world) {
	ctx := context.Background()
	f := w.newOrg(t)
	ana := f.market
	me := must(t, w.do(t, ana, "GET", "/v1/me", nil, nil), 200)
	patched := must(t, w.do(t, ana, "PATCH", "/v1/me", map[string]any{"subscriptions": map[string]any{"marketing": true, "product_updates": true}},
		map[string]string{"If-Match": fmt.Sprintf("\"%v\"", me["version"])}), 200)
	subs := map[string]map[string]any{}
	for _, s := range patched["subscriptions"].([]any) {
		subs[str(s.(map[string]any), "topic")] = s.(map[string]any)
	}
	if subs["marketing"]["subscribed"] != true || subs["marketing"]["since"] == nil || subs["product_updates"]["subscribed"] != true || patched["marketingEmails"] != true {
		t.Fatalf("after subscribing: %v", patched)
	}
	store := w.deps.Unsubscribe.Store
	signer, err := marketing.NewSigner(testUnsubscribeKey)
	if err != nil {
		t.Fatal(err)
	}
	out := &fake.Outbox{}
	gate := marketing.Gate{Store: store, Suppressions: noSuppressions{}, Signer: signer, UnsubscribeURL: "https://api.medspa.example/v1/unsubscribe"}
	send := marketing.Sender{Gate: gate, Next: out, Kinds: map[string]profile.Topic{"newsletter": profile.Marketing}}
	mctx := marketing.For(ctx, ana.id(), profile.Marketing)
	if _, err := send.Send(mctx, email.Message{Subject: "Spring", Text: "News", Kind: "newsletter"}); err != nil {
		t.Fatal(err)
	}
	link := strings.Trim(out.Sent()[0].Headers["List-Unsubscribe"], "<>")
	u, _ := url.Parse(link)
	target := "/v1/unsubscribe?" + u.RawQuery
	// No token; a forged one; one for another person under this signature.
	fieldNamed(t, w.do(t, nil, "GET", "/v1/unsubscribe", nil, nil), 400, "bad-request", "token")
	tok := u.Query().Get("token")
	payload, sig, _ := strings.Cut(tok, ".")
	other := strings.SplitN(signer.Token(marketing.Claim{UserID: f.owner.id(), Topic: profile.Marketing}), ".", 2)[0]
	for _, bad := range []string{tok[:len(tok)-2], payload + "." + strings.Repeat("A", len(sig)), other + "." + sig} {
		fieldNamed(t, w.do(t, nil, "POST", "/v1/unsubscribe?token="+url.QueryEscape(bad), nil, nil), 400, "bad-request", "token")
	}
	// GET (a scanner, a preview) shows and changes nothing, twice.
	for range 2 {
		if got := must(t, w.do(t, nil, "GET", target, nil, nil), 200); str(got, "status") != "subscribed" || str(got, "topic") != "marketing" {
			t.Fatalf("GET: %v", got)
		}
	}
	page := w.do(t, nil, "GET", target, nil, map[string]string{"Accept": "text/html"})
	if page.status != 200 || !strings.Contains(string(page.body), `name="List-Unsubscribe" value="One-Click"`) || page.header("Referrer-Policy") != "no-referrer" {
		t.Fatalf("page: %s", page)
	}
	if d, _ := gate.Check(ctx, ana.id(), profile.Marketing); !d.Allowed {
		t.Fatalf("the GET unsubscribed: %+v", d)
	}
	// A form that is not one-click is refused; the mail client's POST works.
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	fieldNamed(t, w.do(t, nil, "POST", target, []byte("List-Unsubscribe=Maybe"), form), 400, "bad-request", "List-Unsubscribe")
	if r := w.do(t, nil, "POST", target, []byte("{}"), nil); r.status != 415 {
		t.Fatalf("a JSON body: %s", r)
	}
	if got := must(t, w.do(t, nil, "POST", target, []byte("List-Unsubscribe=One-Click"), form), 200); str(got, "status") != "unsubscribed" {
		t.Fatalf("POST: %v", got)
	}
	if got := must(t, w.do(t, nil, "POST", target, []byte("List-Unsubscribe=One-Click"), form), 200); str(got, "status") != "not_subscribed" {
		t.Fatalf("POST again: %v", got)
	}
	// The next marketing send skips Ana; product updates still go.
	if _, err := send.Send(mctx, email.Message{Subject: "Summer", Text: "News", Kind: "newsletter"}); !errors.Is(err, marketing.ErrSkipped) || len(out.Sent()) != 1 {
		t.Fatalf("send after unsubscribing: %v (%d sent)", err, len(out.Sent()))
	}
	if d, _ := gate.Check(ctx, ana.id(), profile.ProductUpdates); !d.Allowed {
		t.Fatalf("product updates: %+v", d)
	}
	me = must(t, w.do(t, ana, "GET", "/v1/me", nil, nil), 200)
	if me["marketingEmails"] != false {
		t.Fatalf("/v1/me after the link: %v", me)
	}
	// Subscribing again is a new consent; the old link does not end it.
	must(t, w.do(t, ana, "PATCH", "/v1/me", map[string]any{"marketingEmails": true}, map[string]string{"If-Match": fmt.Sprintf("\"%v\"", me["version"])}), 200)
	if got := must(t, w.do(t, nil, "POST", target, nil, nil), 200); str(got, "status") != "not_subscribed" {
		t.Fatalf("the old link replayed: %v", got)
	}
	if d, _ := gate.Check(ctx, ana.id(), profile.Marketing); !d.Allowed {
		t.Fatalf("after subscribing again: %+v", d)
	}
	fieldNamed(t, w.do(t, ana, "PATCH", "/v1/me", map[string]any{"subscriptions": map[string]any{"newsletter": true}}, map[string]string{"If-Match": `"9"`}), 422, "validation", "subscriptions.newsletter")
}

type noSuppressions struct{}

func (noSuppressions) Suppressed(context.Context, string) (bool, error) { return false, nil }
