package syncer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
)

// TestVanishedRowsAreDeleted: after a backfill, a Meta ad is deleted (the
// platform reports it on no day) and a Google account's day is revised
// to no delivery. The next run's re-pulled window then stores exactly the
// platform's rows: the ad's rows and the day's rows and audience cells in
// the window are gone, every row outside the window is untouched (the
// deleted ad's older rows included: nothing re-pulled them), and a run
// after that changes nothing.
func TestVanishedRowsAreDeleted(t *testing.T) {
	w := newWorld(t, adplatform.Options{Seed: 11}, syncer.Config{BackfillDays: 40})
	w.accounts = []connector.Connection{w.accounts[0], w.accounts[len(w.accounts)-1]}
	meta, google := w.accounts[0], w.accounts[1]
	if meta.Platform != connector.Meta || google.Platform != connector.Google {
		t.Fatalf("accounts %s, %s", meta.Platform, google.Platform)
	}
	w.enqueue("2026120140")
	w.pump(invocation, nil)
	w.matchTruth(40)
	before := w.snapshot()

	camp := w.sim.Campaigns(meta.AccountID)[0]
	ad := w.sim.Ads(w.sim.AdSets(camp.ID)[0].ID)[0].ID
	w.sim.Vanish(ad)
	gDay := metrics.AddDays(w.sim.Today(google.AccountID), -3)
	w.sim.Vanish(google.AccountID, gDay)
	w.enqueue("2026120141")
	w.pump(invocation, nil)
	w.matchTruth(28) // the window: Meta's 28-day lookback, Google's 30
	after := w.snapshot()

	windowStart := map[string]string{
		meta.AccountID:   metrics.AddDays(w.sim.Today(meta.AccountID), -27),
		google.AccountID: metrics.AddDays(w.sim.Today(google.AccountID), -29),
	}
	gone, untouched, oldAd := 0, 0, 0
	for _, k := range keys(before) {
		_, sk, _ := strings.Cut(k, " ")
		parts := strings.Split(sk, "#") // date, platform, account, entity
		day, acct, entity := parts[0], parts[2], parts[3]
		inWindow := day >= windowStart[acct]
		switch {
		case !inWindow:
			if after[k] != before[k] {
				t.Errorf("row %s outside the re-pulled window changed:\n%s\n%s", k, before[k], after[k])
			}
			untouched++
			if entity == ad {
				oldAd++
			}
		case entity == ad || (acct == google.AccountID && day == gDay):
			if _, ok := after[k]; ok {
				t.Errorf("vanished row %s is still stored", k)
			}
			gone++
		}
	}
	if gone < 28+3 || untouched == 0 || oldAd == 0 {
		t.Fatalf("%d vanished rows, %d rows outside the window (%d of the deleted ad): the test proves nothing", gone, untouched, oldAd)
	}
	cells := 0
	err := w.store.Insights(context.Background(), w.org, gDay, gDay, func(cs []metrics.Insight) error {
		for _, c := range cs {
			if c.AccountID == google.AccountID {
				cells++
			}
		}
		return nil
	})
	if err != nil || cells != 0 {
		t.Fatalf("%d audience cells left on the Google day revised to no delivery (%v)", cells, err)
	}
	if !strings.Contains(w.logs.String(), `"deleted":`) {
		t.Error("the sync does not say how many rows it deleted")
	}

	w.enqueue("2026120142")
	w.pump(invocation, nil)
	again := w.snapshot()
	if len(again) != len(after) {
		t.Fatalf("a re-run: %d items, before it %d", len(again), len(after))
	}
	for k, v := range after {
		if again[k] != v {
			t.Fatalf("a re-run changed %s", k)
		}
	}
}
