package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget/report"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/metrics"
)

// TestWeeklyReportRoute: every member reads the week's figures as JSON or
// as the email's HTML; only the organization's own rows count; a bad or
// future week is 400 naming week.
func TestWeeklyReportRoute(t *testing.T) {
	w := newWorld(t)
	f, other := w.newOrg(t), w.newOrg(t)
	store := w.deps.Metrics.(*fake.Metrics)
	monday := report.Monday(time.Now().UTC()).AddDate(0, 0, -7)
	row := func(org, camp, day string, spend, leadsMilli int64) metrics.Row {
		return metrics.Row{OrgID: org, ConnectionID: "con_1", Platform: connector.Meta, AccountID: "1", Currency: "USD", Level: metrics.Campaign,
			EntityID: camp, CampaignID: camp, CampaignName: "Camp " + camp, Date: day, Counts: metrics.Counts{SpendMicros: spend, LeadsMilli: leadsMilli}}
	}
	var rows []metrics.Row
	for d := -7; d < 7; d++ {
		day := monday.AddDate(0, 0, d).Format(time.DateOnly)
		leads := int64(1000)
		if d < 0 {
			leads = 0
			if d%2 == 0 {
				leads = 1000
			}
		}
		rows = append(rows, row(f.id, "c1", day, 40_000_000, leads), row(f.id, "c2", day, 10_000_000, 0), row(other.id, "c9", day, 9_000_000_000, 9000))
	}
	if err := store.PutRows(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
	v := must(t, w.do(t, f.viewer, "GET", f.path("/reports/weekly"), nil, nil), 200)
	tot := v["totals"].(map[string]any)
	if v["week"] != report.WeekName(monday) || v["from"] != monday.Format(time.DateOnly) || tot["spendMicros"] != float64(350_000_000) || tot["leads"] != float64(7) ||
		tot["costPerLeadMicros"] != float64(50_000_000) {
		t.Fatalf("report %v", v)
	}
	if p, ch := v["previous"].(map[string]any), v["change"].(map[string]any)["leads"].(float64); p["leads"] != float64(3) || ch < 1.333 || ch > 1.334 {
		t.Fatalf("previous %v change %v", p, v["change"])
	}
	if ds := v["days"].([]any); len(ds) != 7 {
		t.Fatalf("days %v", ds)
	}
	if b := v["best"].(map[string]any); b["campaignId"] != "c1" || b["name"] != "Camp c1" || v["worst"].(map[string]any)["campaignId"] != "c2" {
		t.Fatalf("best %v worst %v", v["best"], v["worst"])
	}
	r := w.do(t, f.viewer, "GET", f.path("/reports/weekly?week="+report.WeekName(monday)), nil, map[string]string{"Accept": "text/html"})
	if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "text/html") || !strings.Contains(string(r.body), "$350.00") || !strings.Contains(string(r.body), "data:image/png;base64,") {
		t.Fatalf("html: %d %s %.300s", r.status, r.header("Content-Type"), r.body)
	}
	if strings.Contains(string(r.body), "9,000") {
		t.Fatal("another organization's spend is in the report")
	}
	for q, want := range map[string]string{"?week=2026-48": "week", "?week=2026-W54": "week", "?week=2999-W01": "week"} {
		r := w.do(t, f.viewer, "GET", f.path("/reports/weekly"+q), nil, nil)
		if r.status != 400 || !strings.Contains(string(r.body), `"field":"`+want+`"`) {
			t.Errorf("%s: %s", q, r)
		}
	}
}
