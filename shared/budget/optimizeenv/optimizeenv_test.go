package optimizeenv_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/budget/budgetmetrics"
	"github.com/medspa-ai/backend/shared/budget/optimizeenv"
	"github.com/medspa-ai/backend/shared/budget/weekly"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestRunOnTheTables seeds metric rows through metricsdb, runs the job
// handler, and reads the recommendations back through budgetdb; the same
// week's second run adds nothing, and an opted-out organization gets none.
func TestRunOnTheTables(t *testing.T) {
	ctx := context.Background()
	account, analytics := testenv.Table(t, retention.Account), testenv.Table(t, retention.Analytics)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(account))
	rows := testenv.Must[*metricsdb.Store](t)(metricsdb.New(analytics))
	recs := testenv.Must[*budgetdb.Store](t)(budgetdb.New(analytics))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // a Tuesday: the week of Monday 30 November

	mk := func(optOut bool) string {
		id, owner := ids.New("org"), ids.New("usr")
		o, m, st := org.NewOrg(id, org.CompanyProfile{CompanyName: "Glow"}, owner, owner+"@example.com", now.AddDate(0, -6, 0))
		st.AIOptOut = optOut
		if err := orgs.Create(ctx, o, m, st); err != nil {
			t.Fatal(err)
		}
		// Eight weeks of two campaigns: one converting, one not.
		var batch []metrics.Row
		for d := 1; d <= 56; d++ {
			day := now.AddDate(0, 0, -d).Format(time.DateOnly)
			for i, c := range []string{"120001", "120002"} {
				leads := int64(0)
				if i == 0 && d%2 == 0 {
					leads = 1000
				}
				batch = append(batch, metrics.Row{OrgID: id, ConnectionID: "meta_act_1", Platform: connector.Meta, AccountID: "act_1", Level: metrics.Campaign,
					EntityID: c, CampaignID: c, CampaignName: "Campaign " + c, Date: day,
					Counts: metrics.Counts{SpendMicros: 20_000_000, Impressions: 2000, Clicks: 40, LeadsMilli: leads}})
			}
		}
		if err := rows.PutRows(ctx, batch); err != nil {
			t.Fatal(err)
		}
		return id
	}
	in, out := mk(false), mk(true)

	src := budgetmetrics.Source{Metrics: rows, Now: func() time.Time { return now }}
	w := optimizeenv.Worker{Runner: weekly.Runner{Orgs: optimizeenv.Orgs{Store: orgs}, Campaigns: src, Metrics: src, Recommendations: recs},
		Log: quiet, Now: func() time.Time { return now }}
	list := func(orgID string) []budget.Recommendation {
		t.Helper()
		got, _, err := recs.List(ctx, orgID, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	job := jobs.Optimize{OrgID: in, Day: "2026-12-01"}
	if err := w.Handle(ctx, job); err != nil {
		t.Fatal(err)
	}
	first := list(in)
	var budgets int
	for _, r := range first {
		if r.OrgID != in || r.WeekStart != "2026-11-30" || r.Status != budget.Proposed {
			t.Errorf("recommendation %+v: want a proposal of the organization for the week of 2026-11-30", r)
		}
		if r.Rule == budget.RuleBudget {
			budgets++
		}
	}
	t.Logf("first run: %d recommendations, %d of budgets", len(first), budgets)
	if budgets == 0 {
		t.Fatalf("no budget recommendation among %d", len(first))
	}

	res, err := w.Runner.Run(ctx, in, now.Add(26*time.Hour)) // the next day, same week
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Existing != len(first) {
		t.Errorf("second run of the week: %+v, want nothing created and %d existing", res, len(first))
	}
	if again := list(in); len(again) != len(first) {
		t.Errorf("after the second run: %d recommendations, want %d", len(again), len(first))
	}

	if err := w.Handle(ctx, jobs.Optimize{OrgID: out, Day: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	if got := list(out); len(got) != 0 {
		t.Errorf("an opted-out organization got %d recommendations", len(got))
	}
	if err := w.Handle(ctx, jobs.Optimize{OrgID: "org_missing", Day: "2026-12-01"}); err != nil {
		t.Errorf("an unknown organization: %v, want it skipped", err)
	}
}

type lister []connector.Connection

func (l lister) ListActive(_ context.Context, fn func([]connector.Connection) error) error {
	return fn(l)
}

type sender struct{ sent []any }

func (s *sender) Send(_ context.Context, jobs []any) (int, error) {
	s.sent = append(s.sent, jobs...)
	return len(jobs), nil
}

func TestDispatchOneJobPerOrganization(t *testing.T) {
	conns := lister{{OrgID: "org_a", ID: "c1"}, {OrgID: "org_a", ID: "c2"}, {OrgID: "org_b", ID: "c3"}, {OrgID: "bad#org", ID: "c4"}}
	q := &sender{}
	d := optimizeenv.Dispatcher{Connections: conns, Queue: q, Log: quiet, Now: time.Now}
	res, err := d.Handle(context.Background(), schedule.Event{Schedule: optimizeenv.Name, ScheduledTime: "2026-12-01T06:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	want := []any{jobs.Optimize{OrgID: "org_a", Day: "2026-12-01"}, jobs.Optimize{OrgID: "org_b", Day: "2026-12-01"}}
	if res.Queued != 2 || len(q.sent) != 2 || q.sent[0] != want[0] || q.sent[1] != want[1] {
		t.Fatalf("queued %+v (%+v), want %+v", q.sent, res, want)
	}
	if _, err := d.Handle(context.Background(), schedule.Event{Schedule: "sync-dispatch"}); err == nil {
		t.Error("another schedule's event was accepted")
	}
}
