package content_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/gif"
	"image/png"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/fake"
)

func newRequest(kind content.Kind, p rules.Placement, n int) content.Request {
	return content.Request{
		OrgID: "org_test", ID: fmt.Sprintf("cr_%s_%s", kind, p), Kind: kind, Placement: p,
		Service: "Botox", Offer: "20% off your first visit", Tone: "warm", CTA: "Book a consultation", Variants: n,
		Brand:  content.Brand{CompanyName: "Glow Studio", BrandVoice: "warm, expert, never pushy", Services: []string{"Botox", "HydraFacial"}, Locations: []string{"Austin, TX"}},
		Status: content.Queued, Version: 1, CreatedAt: time.Now(),
	}
}

// generate stores r, runs the generator on it and returns what it stored.
func generate(t *testing.T, g *content.Generator, store *fake.Content, r content.Request) content.Request {
	t.Helper()
	ctx := context.Background()
	_ = store.Create(ctx, r)
	if err := g.Run(ctx, r.OrgID, r.ID); err != nil {
		t.Fatal(err)
	}
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	return got
}

func setup(t *testing.T, p content.Provider) (*content.Generator, *fake.Content, *fake.Assets) {
	store, assets := fake.NewContent(), &fake.Assets{}
	g := &content.Generator{Store: store, Provider: p, Assets: assets, Sleep: func(context.Context, time.Duration) error { return nil }}
	return g, store, assets
}

// TestLocalGeneratorEveryKindAndPlacement: each kind and placement gives
// ready results within limits; images decode at the exact size; video is
// a GIF with the expected frames and duration.
func TestLocalGeneratorEveryKindAndPlacement(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		kind content.Kind
		p    rules.Placement
	}{
		{content.Copy, rules.MetaFeed}, {content.Copy, rules.MetaStory}, {content.Copy, rules.GoogleSearch},
		{content.Image, rules.MetaFeed}, {content.Image, rules.MetaStory},
		{content.Video, rules.MetaFeed}, {content.Video, rules.MetaStory},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+"/"+string(c.p), func(t *testing.T) {
			g, store, assets := setup(t, localgen.Generator{})
			r := newRequest(c.kind, c.p, 2)
			if err := store.Create(ctx, r); err != nil {
				t.Fatal(err)
			}
			if err := g.Run(ctx, r.OrgID, r.ID); err != nil {
				t.Fatal(err)
			}
			got, _, _ := store.Get(ctx, r.OrgID, r.ID)
			if got.Status != content.Ready || len(got.Results) != 2 || got.Provider != "local" {
				t.Fatalf("status %s (%s) results %d provider %q: %+v", got.Status, got.Reason, len(got.Results), got.Provider, got.Violations)
			}
			for _, res := range got.Results {
				if c.kind == content.Copy {
					if vs := rules.CheckComplete(c.p, res.Fields); len(vs) > 0 {
						t.Fatalf("result breaks rules: %+v", vs)
					}
				}
				for f, v := range res.Fields {
					if c.p.Platform() == rules.Meta && f == "primaryText" && utf8.RuneCountInString(v) > 125 {
						t.Fatalf("%s too long: %q", f, v)
					}
				}
				if c.p == rules.MetaFeed && c.kind == content.Copy {
					t.Logf("%s: %v", c.p, res.Fields)
				}
				if c.kind == content.Copy {
					if res.Asset != nil {
						t.Fatal("copy has an asset")
					}
					continue
				}
				f, ok := assets.Get(res.Asset.Key)
				if !ok {
					t.Fatalf("asset %s not stored", res.Asset.Key)
				}
				w, h := content.Size(c.kind, c.p)
				switch c.kind {
				case content.Image:
					im, err := png.Decode(bytes.NewReader(f.Data))
					if err != nil || f.ContentType != "image/png" {
						t.Fatalf("png: %v %s", err, f.ContentType)
					}
					if b := im.Bounds(); b.Dx() != w || b.Dy() != h {
						t.Fatalf("image is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
					}
					t.Logf("image %s %dx%d, %d bytes", c.p, w, h, len(f.Data))
				case content.Video:
					an, err := gif.DecodeAll(bytes.NewReader(f.Data))
					if err != nil || f.ContentType != "image/gif" {
						t.Fatalf("gif: %v %s", err, f.ContentType)
					}
					total := 0
					for _, d := range an.Delay {
						total += d * 10
					}
					if len(an.Image) != 30 || total != content.VideoSeconds*1000 || an.Config.Width != w || an.Config.Height != h {
						t.Fatalf("gif: %d frames, %d ms, %dx%d", len(an.Image), total, an.Config.Width, an.Config.Height)
					}
					t.Logf("video %s %dx%d, %d frames, %d ms, %d bytes", c.p, w, h, len(an.Image), total, len(f.Data))
				}
			}
			// A redelivery generates and bills nothing more.
			puts := assets.Puts
			if err := g.Run(ctx, r.OrgID, r.ID); err != nil {
				t.Fatal(err)
			}
			again, _, _ := store.Get(ctx, r.OrgID, r.ID)
			if again.Version != got.Version || assets.Puts != puts {
				t.Fatal("redelivery generated again")
			}
		})
	}
}

// scripted is a provider that answers from a script.
type scripted struct {
	calls atomic.Int32
	fn    func(n int, b content.Brief) (content.Output, error)
}

func (s *scripted) Name() string { return "scripted" }
func (s *scripted) Generate(_ context.Context, b content.Brief) (content.Output, error) {
	return s.fn(int(s.calls.Add(1)), b)
}

func metaCopy(primary string) content.Output {
	return content.Output{Variants: []content.Variant{{Fields: map[string]string{"primaryText": primary, "headline": "Refresh your look", "description": "New client offer"}}},
		Usage: content.Usage{InputTokens: 100, OutputTokens: 40, CostMicros: 500}}
}

// TestViolatingCopyNeverBecomesReady: a provider that keeps returning
// copy that breaks a rule ends rejected, with the violations, after the
// bounded attempts, each fed the previous violations.
func TestViolatingCopyNeverBecomesReady(t *testing.T) {
	var feedback [][]rules.Violation
	p := &scripted{fn: func(n int, b content.Brief) (content.Output, error) {
		feedback = append(feedback, b.Feedback)
		return metaCopy("Guaranteed, pain-free results with every visit."), nil
	}}
	g, store, _ := setup(t, p)
	r := newRequest(content.Copy, rules.MetaFeed, 1)
	got := generate(t, g, store, r)
	if got.Status != content.Rejected || len(got.Results) != 0 || got.Attempts != 3 || p.calls.Load() != 3 {
		t.Fatalf("status %s results %d attempts %d calls %d", got.Status, len(got.Results), got.Attempts, p.calls.Load())
	}
	if len(feedback[0]) != 0 || len(feedback[1]) == 0 || len(feedback[2]) == 0 {
		t.Fatalf("violations not fed back: %v", feedback)
	}
	rulesSeen := map[string]bool{}
	for _, v := range got.Violations {
		rulesSeen[v.Rule] = true
	}
	if !rulesSeen[rules.RuleGuarantee] || !rulesSeen[rules.RulePainFree] {
		t.Fatalf("violations: %+v", got.Violations)
	}
	if got.Usage.InputTokens != 300 || got.Usage.CostMicros != 1500 {
		t.Fatalf("usage %+v", got.Usage)
	}
}

// TestRegenerationRepairs: the second attempt passes and becomes ready.
func TestRegenerationRepairs(t *testing.T) {
	p := &scripted{fn: func(n int, b content.Brief) (content.Output, error) {
		if n == 1 {
			return metaCopy("Risk-free injections."), nil
		}
		return metaCopy("Wrinkle-relaxing injections by licensed nurses. Book a consultation."), nil
	}}
	g, store, _ := setup(t, p)
	r := newRequest(content.Copy, rules.MetaFeed, 1)
	got := generate(t, g, store, r)
	if got.Status != content.Ready || got.Attempts != 2 || len(got.Results[0].Checks) == 0 {
		t.Fatalf("%+v", got)
	}
}

// TestThrottlingIsRetriedWithBackoff: transient errors are retried with
// doubling waits; a permanent error ends the request failed, and a
// redelivery reports the reason again (so the message reaches the DLQ).
func TestThrottlingIsRetriedWithBackoff(t *testing.T) {
	ctx := context.Background()
	p := &scripted{fn: func(n int, b content.Brief) (content.Output, error) {
		if n <= 2 {
			return content.Output{}, fmt.Errorf("throttled: %w", content.ErrTransient)
		}
		return metaCopy("Wrinkle-relaxing injections by licensed nurses."), nil
	}}
	g, store, _ := setup(t, p)
	var waits []time.Duration
	g.Sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	r := newRequest(content.Copy, rules.MetaFeed, 1)
	if got := generate(t, g, store, r); got.Status != content.Ready || len(waits) != 2 || waits[1] != 2*waits[0] {
		t.Fatalf("status %s waits %v", got.Status, waits)
	}

	// Still throttled after every retry: the error is returned (SQS
	// redelivers) and the request stays generating.
	p2 := &scripted{fn: func(int, content.Brief) (content.Output, error) { return content.Output{}, content.ErrTransient }}
	g2, store2, _ := setup(t, p2)
	_ = store2.Create(ctx, r)
	if err := g2.Run(ctx, r.OrgID, r.ID); !errors.Is(err, content.ErrTransient) {
		t.Fatalf("want transient, got %v", err)
	}
	if got, _, _ := store2.Get(ctx, r.OrgID, r.ID); got.Status != content.Generating {
		t.Fatalf("status %s", got.Status)
	}

	p3 := &scripted{fn: func(int, content.Brief) (content.Output, error) {
		return content.Output{}, errors.New("ValidationException: bad model")
	}}
	g3, store3, _ := setup(t, p3)
	_ = store3.Create(ctx, r)
	var pe *content.PermanentError
	if err := g3.Run(ctx, r.OrgID, r.ID); !errors.As(err, &pe) {
		t.Fatalf("want permanent, got %v", err)
	}
	got, _, _ := store3.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Failed || got.Reason == "" {
		t.Fatalf("%s %q", got.Status, got.Reason)
	}
	if err := g3.Run(ctx, r.OrgID, r.ID); !errors.As(err, &pe) || p3.calls.Load() != 1 {
		t.Fatalf("redelivery of a failed request: %v, calls %d", err, p3.calls.Load())
	}
	if err := g3.Run(ctx, r.OrgID, "cr_missing"); !errors.As(err, &pe) {
		t.Fatalf("missing request: %v", err)
	}
}

// TestWrongSizeImageIsNotReady: a provider's image at the wrong size is
// regenerated, then rejected.
func TestWrongSizeImageIsNotReady(t *testing.T) {
	ctx := context.Background()
	p := &scripted{fn: func(int, content.Brief) (content.Output, error) {
		return content.Output{Variants: []content.Variant{{Fields: map[string]string{"headline": "Glow season"},
			Media: &content.Media{Data: []byte("x"), ContentType: "image/png", Width: 1024, Height: 1024}}}}, nil
	}}
	g, store, assets := setup(t, p)
	r := newRequest(content.Image, rules.MetaFeed, 1)
	_ = store.Create(ctx, r)
	_ = g.Run(ctx, r.OrgID, r.ID)
	if got, _, _ := store.Get(ctx, r.OrgID, r.ID); got.Status != content.Rejected || assets.Puts != 0 {
		t.Fatalf("%s puts %d", got.Status, assets.Puts)
	}
}
