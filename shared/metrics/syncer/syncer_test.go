package syncer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

const invocation = 2 * time.Minute

// TestBackfillRerunRevise: a new organization's backfill stores exactly
// the platforms' numbers for every account, level and day (accounts in
// UTC-8, UTC+10/11, UTC+12/13 and UTC+0/1, each on its own days); running
// again changes no item; after the platforms revise the last 10 days, a
// run changes exactly those days.
func TestBackfillRerunRevise(t *testing.T) {
	w := newWorld(t, adplatform.Options{Seed: 7}, syncer.Config{NoInsights: true})
	w.enqueue("2026120100")
	start := time.Now()
	w.pump(invocation, nil)
	t.Logf("backfill %s", time.Since(start))
	w.matchTruth(90)
	t.Logf("truth %s", time.Since(start))
	if t.Failed() {
		t.Fatalf("logs:\n%s", tail(w.logs.String()))
	}
	for _, c := range w.accounts {
		rows := w.stored(c, metrics.Campaign, "2000-01-01", "2100-01-01")
		first, last := "9999", ""
		for k := range rows {
			d := k[strings.Index(k, "@")+1:]
			first, last = metrics.MinDay(first, d), metrics.MaxDay(last, d)
		}
		today := w.sim.Today(c.AccountID)
		if last != today || first != metrics.AddDays(today, -89) {
			t.Errorf("%s (%s): stored days %s..%s, want the account's own %s..%s", c.AccountID, c.TimeZone, first, last, metrics.AddDays(today, -89), today)
		}
		conn, err := w.conns.Get(context.Background(), c.OrgID, c.ID)
		if err != nil || conn.LastSyncAt.IsZero() || conn.LastError != "" || conn.Status != connector.Active {
			t.Errorf("connection after sync: %+v %v", conn, err)
		}
	}
	before := w.snapshot()
	t.Logf("snapshot %s", time.Since(start))
	for _, it := range before {
		if !strings.Contains(it, `analytics`) || !strings.Contains(it, dynamo.ExpiresAt) {
			t.Fatalf("a metric row without its category or expiry: %s", it)
		}
		break
	}

	w.enqueue("2026120101")
	w.pump(invocation, nil)
	after := w.snapshot()
	t.Logf("rerun %s", time.Since(start))
	if len(after) != len(before) {
		t.Fatalf("re-run: %d items, before %d", len(after), len(before))
	}
	for k, v := range before {
		if after[k] != v {
			t.Fatalf("re-run changed %s:\n%s\n%s", k, v, after[k])
		}
	}

	for _, c := range w.accounts {
		w.sim.Revise(c.AccountID, 10)
	}
	w.enqueue("2026120102")
	w.pump(invocation, nil)
	revised := w.snapshot()
	w.matchTruth(90)
	changedDays := map[string]bool{}
	for _, k := range keys(before) {
		if revised[k] != before[k] {
			changedDays[dayOfKey(k)] = true
		}
	}
	// Each account's last 10 days (its own days: they span 11 calendar
	// dates across the time zones).
	allowed := map[string]bool{}
	for _, c := range w.accounts {
		for i := range 10 {
			allowed[metrics.AddDays(w.sim.Today(c.AccountID), -i)] = true
		}
	}
	for d := range changedDays {
		if !allowed[d] {
			t.Errorf("day %s changed, not one of the revised days", d)
		}
	}
	if len(changedDays) < 10 {
		t.Errorf("only %d days changed after revising 10", len(changedDays))
	}
}

// TestToday: the same instant is a different day in Sydney and Los Angeles.
func TestToday(t *testing.T) {
	at := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	if got := metrics.Today(at, "Australia/Sydney"); got != "2026-03-02" {
		t.Errorf("Sydney %s", got)
	}
	if got := metrics.Today(at.Add(-16*time.Hour), "America/Los_Angeles"); got != "2026-02-28" {
		t.Errorf("Los Angeles %s", got)
	}
}

// TestAudienceInsights: campaign-level cells (Meta age and gender,
// placement; Google device, network) sum, per campaign, day and
// dimension, to the campaign's own row.
func TestAudienceInsights(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, syncer.Config{BackfillDays: 7, ChunkDays: 7})
	w.accounts = []connector.Connection{w.accounts[0], w.accounts[len(w.accounts)-1]}
	w.enqueue("2026120120")
	w.pump(invocation, nil)
	ctx := context.Background()
	sums := map[string]metrics.Counts{}
	dims := map[string]bool{}
	for _, c := range w.accounts {
		today := w.sim.Today(c.AccountID)
		err := w.store.Insights(ctx, w.org, metrics.AddDays(today, -6), today, func(cells []metrics.Insight) error {
			for _, x := range cells {
				if x.AccountID != c.AccountID {
					continue
				}
				k := x.CampaignID + "@" + x.Date + "@" + x.Dimension
				s := sums[k]
				s.Add(x.Counts)
				sums[k] = s
				dims[string(x.Platform)+"/"+x.Dimension] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for k, row := range w.stored(c, metrics.Campaign, metrics.AddDays(today, -6), today) {
			want := row
			want.Reach = 0
			for _, d := range map[connector.Platform][]string{connector.Meta: {"age_gender", "placement"}, connector.Google: {"device", "network"}}[c.Platform] {
				if got := sums[k+"@"+d]; got != want {
					t.Fatalf("%s %s: cells sum to %+v, the campaign row is %+v", k, d, got, want)
				}
			}
		}
	}
	if len(dims) != 4 {
		t.Fatalf("dimensions stored: %v", dims)
	}
}
