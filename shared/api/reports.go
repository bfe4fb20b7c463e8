package api

import (
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/budgetmetrics"
	"github.com/medspa-ai/backend/shared/budget/report"
)

// The weekly performance report, as the email shows it: spend, leads and
// cost per lead against the week before, per day and per campaign, the
// best and weakest campaigns and the week's recommendations. JSON, or with
// Accept: text/html the self-contained page (charts as data: URIs).

var qWeek = qparam{"week", "The ISO week (YYYY-Www); default the last full week (UTC)", schema{"type": "string", "pattern": `^[0-9]{4}-W[0-9]{2}$`}, "2026-W48"}

var weekPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{4}-W[0-9]{2}$`) })

type totalsView struct {
	SpendMicros       int64  `json:"spendMicros"`
	Leads             int64  `json:"leads"`
	CostPerLeadMicros *int64 `json:"costPerLeadMicros"`
}

func viewTotals(t report.Totals) totalsView {
	v := totalsView{SpendMicros: int64(t.Spend), Leads: t.Leads}
	if t.Leads > 0 {
		c := int64(t.CostPerLead())
		v.CostPerLeadMicros = &c
	}
	return v
}

type reportDayView struct {
	Date string `json:"date"`
	totalsView
}

type reportCampaignView struct {
	Platform   string `json:"platform"`
	CampaignID string `json:"campaignId"`
	Name       string `json:"name"`
	totalsView
}

// changeView: relative changes against the previous week (0.12 is 12%
// more), null without a previous figure to compare.
type changeView struct {
	Spend       *float64 `json:"spend"`
	Leads       *float64 `json:"leads"`
	CostPerLead *float64 `json:"costPerLead"`
}

type weeklyReportView struct {
	Week            string               `json:"week"`
	From            string               `json:"from"`
	To              string               `json:"to"`
	OrgName         string               `json:"orgName"`
	Totals          totalsView           `json:"totals"`
	Previous        totalsView           `json:"previous"`
	Change          changeView           `json:"change"`
	Days            []reportDayView      `json:"days"`
	Campaigns       []reportCampaignView `json:"campaigns"`
	Best            *reportCampaignView  `json:"best"`
	Worst           *reportCampaignView  `json:"worst"`
	Recommendations []recommendationView `json:"recommendations"`
}

func rel(cur, prev float64) *float64 {
	if prev == 0 {
		return nil
	}
	c := report.Change(cur, prev)
	return &c
}

func viewCampaign(c report.Campaign) reportCampaignView {
	return reportCampaignView{Platform: string(c.Platform), CampaignID: c.ID, Name: c.Name, totalsView: viewTotals(c.Totals)}
}

func (s *Server) weeklyReport(c *call) (reply, error) {
	monday := report.Monday(c.now).AddDate(0, 0, -7)
	if w := c.query.Get("week"); w != "" {
		if !weekPattern().MatchString(w) {
			return reply{}, field("week", "must be an ISO week YYYY-Www, e.g. 2026-W48")
		}
		m, err := report.ParseWeek(w)
		if err != nil {
			return reply{}, field("week", "no such week")
		}
		if m.After(c.now) {
			return reply{}, field("week", "is in the future")
		}
		monday = m
	}
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	r, err := report.Load(c.ctx, budgetmetrics.Source{Metrics: s.d.Metrics}, s.d.Recommendations, c.orgID, c.snap.Org.CompanyName, monday)
	if err != nil {
		return reply{}, err
	}
	if strings.Contains(c.r.Header.Get("Accept"), "text/html") {
		charts, err := report.Charts(r)
		if err != nil {
			return reply{}, err
		}
		page, err := report.HTML(r, charts)
		if err != nil {
			return reply{}, err
		}
		h := c.w.Header()
		h.Set("Content-Type", "text/html") // the page declares its UTF-8
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'")
		c.w.WriteHeader(http.StatusOK)
		_, _ = c.w.Write([]byte(page))
		return reply{status: alreadyWritten}, nil
	}
	v := weeklyReportView{Week: report.WeekName(monday), From: r.From, To: r.To, OrgName: r.OrgName, Totals: viewTotals(r.Week), Previous: viewTotals(r.Previous),
		Change: changeView{Spend: rel(r.Week.Spend.Dollars(), r.Previous.Spend.Dollars()), Leads: rel(float64(r.Week.Leads), float64(r.Previous.Leads))},
		Days:   []reportDayView{}, Campaigns: []reportCampaignView{}, Recommendations: []recommendationView{}}
	if r.Week.Leads > 0 && r.Previous.Leads > 0 {
		v.Change.CostPerLead = rel(r.Week.CostPerLead().Dollars(), r.Previous.CostPerLead().Dollars())
	}
	for _, d := range r.Days {
		v.Days = append(v.Days, reportDayView{Date: d.Date, totalsView: viewTotals(d.Totals)})
	}
	for _, cp := range r.Campaigns {
		v.Campaigns = append(v.Campaigns, viewCampaign(cp))
	}
	if r.Best != nil {
		b := viewCampaign(*r.Best)
		v.Best = &b
	}
	if r.Worst != nil {
		w := viewCampaign(*r.Worst)
		v.Worst = &w
	}
	for _, rec := range r.Recommendations {
		v.Recommendations = append(v.Recommendations, viewRecommendation(rec, c.now))
	}
	return ok(v)
}

// reportSchemas are the OpenAPI schemas of the weekly report.
func reportSchemas(into schema) schema {
	money := schema{"type": "integer", "description": "micros of the account's currency"}
	cpl := schema{"type": []string{"integer", "null"}, "description": "micros a lead; null without leads"}
	totals := func(extra schema, req ...string) schema {
		p := schema{"spendMicros": money, "leads": schema{"type": "integer", "minimum": 0}, "costPerLeadMicros": cpl}
		for k, v := range extra {
			p[k] = v
		}
		return object(p, append([]string{"spendMicros", "leads", "costPerLeadMicros"}, req...)...)
	}
	campaign := totals(schema{"platform": strEnum(string(budget.Meta), string(budget.Google)), "campaignId": schema{"type": "string"}, "name": schema{"type": "string"}}, "platform", "campaignId", "name")
	ratio := schema{"type": []string{"number", "null"}, "description": "relative change against the previous week (0.12: 12% more); null without a previous figure"}
	nullableCampaign := schema{"oneOf": []any{campaign, schema{"type": "null"}}}
	into["WeeklyReport"] = object(schema{
		"week": schema{"type": "string", "pattern": weekPattern().String()}, "from": schema{"type": "string", "format": "date"}, "to": schema{"type": "string", "format": "date"},
		"orgName": schema{"type": "string"}, "totals": totals(nil), "previous": totals(nil),
		"change": object(schema{"spend": ratio, "leads": ratio, "costPerLead": ratio}, "spend", "leads", "costPerLead"),
		"days":   arrayOf(totals(schema{"date": schema{"type": "string", "format": "date"}}, "date"), 7), "campaigns": arrayOf(campaign, 0),
		"best": nullableCampaign, "worst": nullableCampaign, "recommendations": arrayOf(ref("Recommendation"), 0),
	}, "week", "from", "to", "orgName", "totals", "previous", "change", "days", "campaigns", "best", "worst", "recommendations")
	return into
}

func weeklyReportExample() map[string]any {
	day := func(d string, spend int64, leads int64) map[string]any {
		return map[string]any{"date": d, "spendMicros": spend, "leads": leads, "costPerLeadMicros": spend / max(leads, 1)}
	}
	best := map[string]any{"platform": "meta", "campaignId": "120210000000001", "name": "HydraFacial spring", "spendMicros": 280000000, "leads": 7, "costPerLeadMicros": 40000000}
	worst := map[string]any{"platform": "google", "campaignId": "20000000001", "name": "Search: Botox Austin", "spendMicros": 178500000, "leads": 2, "costPerLeadMicros": 89250000}
	return map[string]any{"week": "2026-W11", "from": "2026-03-09", "to": "2026-03-15", "orgName": "Glow Med Spa",
		"totals":   map[string]any{"spendMicros": 458500000, "leads": 9, "costPerLeadMicros": 50944444},
		"previous": map[string]any{"spendMicros": 440000000, "leads": 7, "costPerLeadMicros": 62857142},
		"change":   map[string]any{"spend": 0.042, "leads": 0.286, "costPerLead": -0.19},
		"days": []any{day("2026-03-09", 65500000, 1), day("2026-03-10", 65500000, 2), day("2026-03-11", 65500000, 1), day("2026-03-12", 65500000, 1),
			day("2026-03-13", 65500000, 2), day("2026-03-14", 65500000, 1), day("2026-03-15", 65500000, 1)},
		"campaigns": []any{best, worst}, "best": best, "worst": worst, "recommendations": []any{recommendationExample()}}
}
