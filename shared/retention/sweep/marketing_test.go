package sweep_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestMarketingConsentGoesAtUnsubscribe: a consent record has no expiry
// while it lasts (still there, and readable, 40 days on); the one-click
// unsubscribe ends it, reads stop seeing it at once, and the next sweep
// deletes it, leaving the person's other subscriptions.
func TestMarketingConsentGoesAtUnsubscribe(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	f := newFixture(t, t0)
	mkt := f.tables[retention.Marketing]
	s, err := profiledb.New(f.tables[retention.Account], mkt)
	if err != nil {
		t.Fatal(err)
	}
	uid := ids.UserID(ids.New("sub"))
	p := profile.Default(uid, "ana@spa.example")
	p.MarketingEmails, p.MarketingConsentAt, p.Version, p.CreatedAt, p.UpdatedAt = true, t0, 1, t0, t0
	if err := s.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	consent := p.Settled().Consents[profile.Marketing]
	sk := profiledb.ConsentSK(profile.Marketing)
	f.clk.Set(t0.AddDate(0, 0, 40))
	if got, _, _ := s.Get(ctx, uid); !got.MarketingEmails || got.Consents[profile.Marketing].ID != consent.ID {
		t.Fatalf("40 days on: %+v", got)
	}
	if r := f.sweep(t)[retention.Marketing]; r.Deleted != 0 || !present(t, mkt, "USER#"+uid, sk) {
		t.Fatalf("a live consent swept: %+v", r)
	}
	at := t0.AddDate(0, 0, 41)
	f.clk.Set(at)
	if ended, err := s.Unsubscribe(ctx, uid, profile.Marketing, consent.ID, at); err != nil || !ended {
		t.Fatalf("unsubscribe: %v %v", ended, err)
	}
	f.clk.Set(at.Add(time.Second))
	if got, _, _ := s.Get(ctx, uid); got.MarketingEmails || !got.Communication.PerformanceReports {
		t.Fatalf("right after unsubscribing: %+v", got)
	}
	if !present(t, mkt, "USER#"+uid, sk) {
		t.Fatal("gone before the sweep")
	}
	r := f.sweep(t)[retention.Marketing]
	if r.Deleted != 1 || present(t, mkt, "USER#"+uid, sk) || !present(t, mkt, "USER#"+uid, profiledb.ConsentSK(profile.Reports)) {
		t.Fatalf("the sweep after unsubscribing: %+v", r)
	}
}
