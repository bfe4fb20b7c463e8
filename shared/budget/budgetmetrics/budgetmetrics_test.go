package budgetmetrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/metrics"
)

func row(org, acct, camp, day string, spend, leadsMilli int64) metrics.Row {
	return metrics.Row{OrgID: org, ConnectionID: "c1", Platform: connector.Google, AccountID: acct, Level: metrics.Campaign,
		EntityID: camp, CampaignID: camp, CampaignName: "Botox " + camp, Date: day,
		Counts: metrics.Counts{SpendMicros: spend, Impressions: 100, Clicks: 10, LeadsMilli: leadsMilli}}
}

func TestCampaignDaysConvertsExactly(t *testing.T) {
	ctx := context.Background()
	m := fake.NewMetrics()
	err := m.PutRows(ctx, []metrics.Row{
		row("o1", "a1", "k1", "2026-11-01", 12_345_678, 400),
		row("o1", "a1", "k1", "2026-11-02", 1_000_000, 400),
		row("o1", "a1", "k1", "2026-11-03", 1_000_000, 400),
		row("o1", "a2", "k1", "2026-11-03", 500_000, 1000), // another account, same campaign and day
		row("o1", "a1", "k1", "2026-11-04", 9, 0),          // the window's end: excluded
		row("o1", "a1", "k1", "2026-10-31", 9, 0),          // before the window
		row("o2", "a1", "k1", "2026-11-02", 7_000_000, 5000),
	})
	if err != nil {
		t.Fatal(err)
	}
	s := Source{Metrics: m}
	from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)
	days, err := s.CampaignDays(ctx, "o1", from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := []budget.CampaignDay{
		{Platform: budget.Google, CampaignID: "k1", Date: "2026-11-01", Spend: 12_345_678, Impressions: 100, Clicks: 10, Leads: 0},
		{Platform: budget.Google, CampaignID: "k1", Date: "2026-11-02", Spend: 1_000_000, Impressions: 100, Clicks: 10, Leads: 1},
		{Platform: budget.Google, CampaignID: "k1", Date: "2026-11-03", Spend: 1_500_000, Impressions: 200, Clicks: 20, Leads: 1},
	}
	if len(days) != len(want) {
		t.Fatalf("days = %+v, want %+v", days, want)
	}
	var leads int64
	for i := range want {
		if days[i] != want[i] {
			t.Errorf("day %d = %+v, want %+v", i, days[i], want[i])
		}
		leads += days[i].Leads
	}
	// 2.2 leads in milli-units round to 2 in total, whatever the split.
	if leads != 2 {
		t.Errorf("leads = %d, want 2", leads)
	}
	if d, err := s.CampaignDays(ctx, "o1", to, to); err != nil || len(d) != 0 {
		t.Errorf("empty window = %v, %v", d, err)
	}
}

func TestCampaignsFromRecentSpend(t *testing.T) {
	ctx := context.Background()
	m := fake.NewMetrics()
	var rows []metrics.Row
	for d := 1; d <= 7; d++ {
		day := time.Date(2026, 11, 23+d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) // Nov 24..30
		rows = append(rows, row("o1", "a1", "k1", day, 10_004_999, 0), row("o2", "a1", "k9", day, 1, 0))
	}
	rows = append(rows, row("o1", "a1", "k2", "2026-11-10", 5_000_000, 0)) // spent, but not this week
	if err := m.PutRows(ctx, rows); err != nil {
		t.Fatal(err)
	}
	s := Source{Metrics: m, Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }}
	cs, err := s.Campaigns(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	want := budget.Campaign{Platform: budget.Google, CampaignID: "k1", Name: "Botox k1", DailyBudget: 10_000_000, Active: true}
	if len(cs) != 1 || cs[0] != want {
		t.Fatalf("campaigns = %+v, want [%+v]", cs, want)
	}
}

type budgets map[string]budget.Micros

func (b budgets) DailyBudget(_ context.Context, orgID string, _ budget.Platform, id string) (budget.Micros, error) {
	if v, ok := b[orgID+"/"+id]; ok {
		return v, nil
	}
	return 0, errors.New("meta answered 500: try later")
}

func TestCampaignsReadTheirBudgetAtThePlatformAndSayWhenTheyCannot(t *testing.T) {
	ctx := context.Background()
	m := fake.NewMetrics()
	var rows []metrics.Row
	for d := 1; d <= 7; d++ {
		day := time.Date(2026, 11, 23+d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		rows = append(rows, row("o1", "a1", "k1", day, 10_004_999, 0), row("o1", "a1", "k2", day, 3_000_000, 0))
	}
	if err := m.PutRows(ctx, rows); err != nil {
		t.Fatal(err)
	}
	s := Source{Metrics: m, Budgets: budgets{"o1/k1": 25_000_000}, Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }}
	cs, err := s.Campaigns(ctx, "o1")
	if err != nil || len(cs) != 2 {
		t.Fatalf("campaigns = %+v, %v", cs, err)
	}
	if cs[0].DailyBudget != 25_000_000 || cs[0].BudgetEstimate != "" {
		t.Errorf("k1 = %+v, want the platform's $25.00", cs[0])
	}
	if cs[1].DailyBudget != 3_000_000 || !strings.Contains(cs[1].BudgetEstimate, "could not be read (meta answered 500: try later)") {
		t.Errorf("k2 = %+v, want the spend average with the reason", cs[1])
	}
	plan, err := budget.Optimize(budget.Input{OrgID: "o1", WeekStart: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Campaigns: cs}, budget.DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range plan.Changes {
		if est := strings.Contains(ch.Reason, "The current budget is an estimate"); est != (ch.CampaignID == "k2") {
			t.Errorf("%s reason %q", ch.CampaignID, ch.Reason)
		}
	}
}
