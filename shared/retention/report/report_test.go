package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/report"
)

type source struct {
	ex      map[retention.Category]report.Expiries
	swept   map[retention.Category]bool
	tallies map[string]map[string]map[string]int
	held    map[retention.Category]int
}

func (s source) Categories() []retention.Category {
	return []retention.Category{retention.Account, retention.Analytics, retention.Logs, retention.Marketing}
}
func (s source) ItemCount(_ context.Context, c retention.Category) (int64, error) {
	return int64(len(c)), nil
}
func (s source) Expiries(_ context.Context, c retention.Category, _ time.Time) (report.Expiries, bool, error) {
	return s.ex[c], s.swept[c], nil
}
func (s source) Holds(context.Context) (map[retention.Category]int, error) { return s.held, nil }
func (s source) Deletions(context.Context, time.Time) (map[string]map[string]map[string]int, error) {
	return s.tallies, nil
}

func TestReportFlags(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	src := source{
		ex: map[retention.Category]report.Expiries{
			// Logs: an item 5 days past its year is still there.
			retention.Logs: {Due: 3, EarliestDue: now.AddDate(0, 0, -5), Earliest: now.AddDate(0, 0, -5)},
			// Analytics: due an hour ago (TTL and the sweep have time yet).
			retention.Analytics: {Due: 1, EarliestDue: now.Add(-time.Hour), Earliest: now.Add(-time.Hour)},
			retention.Account:   {Earliest: now.AddDate(0, 0, 10)},
		},
		swept: map[retention.Category]bool{retention.Logs: true, retention.Analytics: true, retention.Account: true},
		tallies: map[string]map[string]map[string]int{
			"2026-11-30": {"analytics": {"ttl": 5, "sweep": 2, "ttl_judged": 5, "early": 1}, "logs": {"sweep": 7}},
			"2026-11-29": {"analytics": {"ttl": 1}},
			"2026-10-01": {"logs": {"sweep": 100}}, // outside the 30 days
		},
		held: map[retention.Category]int{retention.Account: 2},
	}
	rep, err := report.Build(context.Background(), src, retention.Default, now)
	if err != nil {
		t.Fatal(err)
	}
	by := map[retention.Category]report.Category{}
	for _, c := range rep.Categories {
		by[c.Category] = c
	}
	logs, an, acct, mkt := by[retention.Logs], by[retention.Analytics], by[retention.Account], by[retention.Marketing]
	if logs.LimitDays != 365 || logs.DueNow != 3 || logs.Deleted.BySweep != 7 || *logs.Oldest.AgeDays != 370 || logs.Oldest.DaysLeft != -5 {
		t.Fatalf("logs: %+v %+v", logs, logs.Oldest)
	}
	if an.Deleted.ByTTL != 6 || an.Deleted.Early != 1 || an.Deleted.Judged != 5 || an.Deleted.BySweep != 2 || an.LimitDays != 730 {
		t.Fatalf("analytics: %+v", an)
	}
	if acct.HoldsInForce != 2 || acct.Oldest.AgeDays != nil || acct.Oldest.DaysLeft != 10 || !acct.FromEnd || acct.LimitDays != 1095 {
		t.Fatalf("account: %+v %+v", acct, acct.Oldest)
	}
	if mkt.Oldest != nil || len(mkt.Flags) != 1 || mkt.Flags[0] != report.FlagSweepIncomplete || mkt.LimitDays != 0 {
		t.Fatalf("marketing: %+v", mkt)
	}
	want := []string{"analytics:deleted_early", "logs:late_sweep", "marketing:never_swept"}
	if len(rep.Flags) != len(want) {
		t.Fatalf("flags %v, want %v", rep.Flags, want)
	}
	for i := range want {
		if rep.Flags[i] != want[i] {
			t.Fatalf("flags %v, want %v", rep.Flags, want)
		}
	}
}
