package report

import (
	"encoding/base64"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// templatePage is the html/template the page was written with; render must
// write exactly what it wrote.
var templatePage = template.Must(template.New("report").Funcs(template.FuncMap{
	"dollars": Dollars,
	"trend":   Trend,
	"f":       func(m budget.Micros) float64 { return m.Dollars() },
	"n":       func(n int64) float64 { return float64(n) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.R.OrgName}}: your week {{.R.From}} to {{.R.To}}</title></head>
<body style="margin:0;padding:24px;background:#f6f5f2;font-family:Helvetica,Arial,sans-serif;color:#1f2a3a">
<table role="presentation" width="680" align="center" style="background:#fff;border-radius:8px;padding:24px">
<tr><td>
<h1 style="font-size:22px;margin:0 0 4px">{{.R.OrgName}}: your week</h1>
<p style="margin:0 0 20px;color:#5a6577">{{.R.From}} to {{.R.To}}</p>
<table role="presentation" width="100%" style="text-align:left"><tr>
<td><div style="font-size:13px;color:#5a6577">Spend</div><div id="spend" style="font-size:22px">{{dollars .R.Week.Spend}}</div><div style="font-size:12px">{{trend (f .R.Week.Spend) (f .R.Previous.Spend)}}</div></td>
<td><div style="font-size:13px;color:#5a6577">Leads</div><div id="leads" style="font-size:22px">{{.R.Week.Leads}}</div><div style="font-size:12px">{{trend (n .R.Week.Leads) (n .R.Previous.Leads)}}</div></td>
<td><div style="font-size:13px;color:#5a6577">Cost per lead</div><div id="cpl" style="font-size:22px">{{if .R.Week.Leads}}{{dollars .R.Week.CostPerLead}}{{else}}no leads{{end}}</div><div style="font-size:12px">{{if and .R.Week.Leads .R.Previous.Leads}}{{trend (f .R.Week.CostPerLead) (f .R.Previous.CostPerLead)}}{{end}}</div></td>
</tr></table>
{{range .Charts}}<h2 style="font-size:16px;margin:24px 0 8px">{{.Title}}</h2>
<img src="{{index $.Src .Name}}" width="{{.Width}}" height="{{.Height}}" alt="{{.Title}}" style="display:block;max-width:100%;height:auto">
{{end}}
{{if .R.Best}}<p><strong>Best campaign:</strong> {{.R.Best.Name}}, {{.R.Best.Leads}} leads at {{dollars .R.Best.CostPerLead}} a lead.</p>{{end}}
{{if .R.Worst}}<p><strong>Weakest campaign:</strong> {{.R.Worst.Name}}, {{if .R.Worst.Leads}}{{.R.Worst.Leads}} leads at {{dollars .R.Worst.CostPerLead}} a lead{{else}}no lead for {{dollars .R.Worst.Spend}}{{end}}.</p>{{end}}
<h2 style="font-size:16px;margin:24px 0 8px">Campaigns</h2>
<table role="presentation" width="100%" cellpadding="4" style="border-collapse:collapse;font-size:14px">
<tr style="text-align:left;border-bottom:1px solid #ddd"><th>Campaign</th><th>Platform</th><th style="text-align:right">Spend</th><th style="text-align:right">Leads</th><th style="text-align:right">Cost per lead</th></tr>
{{range .R.Campaigns}}<tr style="border-bottom:1px solid #eee"><td>{{.Name}}</td><td>{{.Platform}}</td><td style="text-align:right">{{dollars .Spend}}</td><td style="text-align:right">{{.Leads}}</td><td style="text-align:right">{{if .Leads}}{{dollars .CostPerLead}}{{else}}–{{end}}</td></tr>
{{end}}</table>
<h2 style="font-size:16px;margin:24px 0 8px">Recommendations</h2>
{{if .R.Recommendations}}<ul style="padding-left:18px;font-size:14px;line-height:1.45">{{range .R.Recommendations}}<li><strong>{{.Status}}</strong>: {{.Reason}}</li>{{end}}</ul>
{{else}}<p style="font-size:14px">Nothing to change this week.</p>{{end}}
<p style="font-size:12px;color:#5a6577;margin-top:28px">Figures are as the ad platforms reported them; recent days may still be revised.
{{if .R.UnsubscribeURL}}<a href="{{.R.UnsubscribeURL}}">Unsubscribe from weekly reports</a>.{{end}}</p>
</td></tr></table></body></html>
`))

func templateRender(t *testing.T, r Report, charts []Chart, src map[string]string) string {
	t.Helper()
	urls := map[string]template.URL{}
	for k, v := range src {
		urls[k] = template.URL(v)
	}
	var b strings.Builder
	if err := templatePage.Execute(&b, struct {
		R      Report
		Charts []Chart
		Src    map[string]template.URL
	}{r, charts, urls}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRenderWritesWhatTheTemplateWrote(t *testing.T) {
	now := time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)
	full := Report{
		OrgName: `Glow "Med" Spa & <Co> +1 O'Neil \x00`, From: "2026-03-09", To: "2026-03-15",
		Week: Totals{Spend: budget.FromDollars(542.5), Leads: 9}, Previous: Totals{Spend: budget.FromDollars(440), Leads: 7},
		Campaigns: []Campaign{
			{Platform: budget.Meta, ID: "m1", Name: "HydraFacial <spring>", Totals: Totals{Spend: budget.FromDollars(280), Leads: 7}},
			{Platform: budget.Google, ID: "g1", Name: "Search: Botox 'Austin'", Totals: Totals{Spend: budget.FromDollars(84)}},
		},
		Recommendations: budget.FromPlan(budget.Plan{OrgID: "org_a", WeekStart: "2026-03-16", Changes: []budget.BudgetChange{
			{Platform: budget.Meta, CampaignID: "m1", Current: budget.FromDollars(40), Recommended: budget.FromDollars(48), Reason: "Raise the daily budget from $40.00 to $48.00 (+20%) <now> & then"}}}, now),
		UnsubscribeURL: "https://app.medspa.ai/unsubscribe?t=a+b/c=&x=ü",
	}
	full.Best, full.Worst = &full.Campaigns[0], &full.Campaigns[1]
	withLeads := full
	w := full.Campaigns[1]
	w.Leads = 2
	withLeads.Worst = &w
	noLeads := Report{OrgName: "Empty", From: "2026-03-09", To: "2026-03-15", Previous: Totals{Leads: 3}}
	badLink := Report{OrgName: "x", UnsubscribeURL: "javascript:alert(1)", Week: Totals{Leads: 1}}
	charts := []Chart{{Name: "spend", Title: "Spend per day", PNG: []byte("\x89PNG+/\xfb\xff"), Width: ChartWidth, Height: ChartHeight},
		{Name: "cpl", Title: "Cost per lead <per> campaign", PNG: []byte{0xfb, 0xef}, Width: 10, Height: 20}}
	for name, r := range map[string]Report{"full": full, "worst with leads": withLeads, "no leads": noLeads, "bad link": badLink, "zero": {}} {
		for _, cs := range [][]Chart{nil, charts} {
			data, cid := map[string]string{}, map[string]string{}
			for _, c := range cs {
				data[c.Name] = "data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG)
				cid[c.Name] = "cid:" + c.Name + "@report"
			}
			for _, src := range []map[string]string{data, cid} {
				if got, want := render(r, cs, src), templateRender(t, r, cs, src); got != want {
					t.Errorf("%s, %d charts: render differs from the template\n got %s\nwant %s", name, len(cs), got, want)
				}
			}
		}
	}
}
