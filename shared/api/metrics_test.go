package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/metrics"
)

// TestMetricsRoutes: every member reads the totals; ratios come from the
// sums, not from averaging per-row ratios; currencies are never summed
// together; another organization's rows are not seen; bad query values
// are 400 naming the parameter.
func TestMetricsRoutes(t *testing.T) {
	w := newWorld(t)
	f, other := w.newOrg(t), w.newOrg(t)
	store := w.deps.Metrics.(*fake.Metrics)
	today := time.Now().UTC().Format(time.DateOnly)
	yesterday := metrics.AddDays(today, -1)
	row := func(org string, p connector.Platform, cur, camp, day string, c metrics.Counts) metrics.Row {
		return metrics.Row{OrgID: org, ConnectionID: "con_1", Platform: p, AccountID: "1" + cur, Currency: cur, Level: metrics.Campaign,
			EntityID: camp, EntityName: "Camp " + camp, CampaignID: camp, CampaignName: "Camp " + camp, Date: day, Counts: c}
	}
	if err := store.PutRows(context.Background(), []metrics.Row{
		row(f.id, connector.Meta, "USD", "c1", today, metrics.Counts{SpendMicros: 100_000_000, Impressions: 10000, Clicks: 100, LeadsMilli: 4000, ConversionValueMicros: 300_000_000}),
		row(f.id, connector.Meta, "USD", "c1", yesterday, metrics.Counts{SpendMicros: 1_000_000, Impressions: 100, Clicks: 50, LeadsMilli: 1000}),
		row(f.id, connector.Google, "GBP", "c2", today, metrics.Counts{SpendMicros: 5_000_000, Impressions: 500, Clicks: 5, LeadsMilli: 2500}),
		row(other.id, connector.Meta, "USD", "c9", today, metrics.Counts{SpendMicros: 9_000_000_000, Impressions: 9}),
	}); err != nil {
		t.Fatal(err)
	}
	v := must(t, w.do(t, f.viewer, "GET", f.path("/metrics?groupBy=campaign"), nil, nil), 200)
	totals, _ := v["totals"].([]any)
	if len(totals) != 2 {
		t.Fatalf("totals per currency = %v", v["totals"])
	}
	for _, x := range totals {
		m := x.(map[string]any)
		if m["currency"] == "USD" {
			// CTR 150/10100, not the mean of 1% and 50%.
			if m["spendMicros"] != float64(101_000_000) || m["clicks"] != float64(150) || m["ctr"] != 150.0/10100 || m["costPerLead"] != 101.0/5 {
				t.Fatalf("USD totals = %v", m)
			}
		}
		if m["spendMicros"] == float64(9_000_000_000) {
			t.Fatal("another organization's rows were summed")
		}
	}
	if groups, _ := v["groups"].([]any); len(groups) != 2 {
		t.Fatalf("groups = %v", v["groups"])
	}
	d := must(t, w.do(t, f.viewer, "GET", f.path("/metrics?platform=google&groupBy=day"), nil, nil), 200)
	if gs, _ := d["groups"].([]any); len(gs) != 1 || gs[0].(map[string]any)["key"] != today {
		t.Fatalf("google by day = %v", d["groups"])
	}
	o := must(t, w.do(t, f.viewer, "GET", f.path("/metrics/overview?period=7d"), nil, nil), 200)
	if ps, _ := o["platforms"].([]any); len(ps) != 2 {
		t.Fatalf("overview = %v", o)
	}
	must(t, w.do(t, f.viewer, "GET", f.path("/insights?dimension=device"), nil, nil), 200)
	for q, field := range map[string]string{"/metrics?from=2026-13-01": "from", "/metrics?groupBy=week": "groupBy", "/metrics?level=ad&groupBy=nope": "groupBy",
		"/metrics?level=campaign&groupBy=ad": "groupBy", "/metrics?from=2020-01-01&to=2026-01-01": "to", "/metrics?platform=tiktok": "platform",
		"/metrics/overview?period=1y": "period", "/insights?dimension=zip": "dimension", "/metrics?colour=red": "colour"} {
		r := w.do(t, f.viewer, "GET", f.path(q), nil, nil)
		if r.status != 400 || !strings.Contains(string(r.body), `"field":"`+field+`"`) {
			t.Errorf("%s: %s", q, r)
		}
	}
}
