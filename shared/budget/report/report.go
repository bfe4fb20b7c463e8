// Package report is an organization's weekly performance report: spend,
// leads and cost per lead against the previous week, the best and worst
// campaigns, the week's recommendations, and PNG
// bar charts (see charts.go), as a self-contained HTML page and email.
package report

import (
	"sort"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// Totals are spend and leads over a period.
type Totals struct {
	Spend budget.Micros
	Leads int64
}

// CostPerLead is spend over leads (0 without leads).
func (t Totals) CostPerLead() budget.Micros {
	if t.Leads == 0 {
		return 0
	}
	return t.Spend / budget.Micros(t.Leads)
}

// Day is one day's totals.
type Day struct {
	Date string
	Totals
}

// Campaign is one campaign's totals this week.
type Campaign struct {
	Platform budget.Platform
	ID, Name string
	Totals
}

// Report is one organization's week.
type Report struct {
	OrgName   string
	From, To  string // the week, To inclusive
	Week      Totals
	Previous  Totals
	Days      []Day
	Campaigns []Campaign // by cost per lead, cheapest first; without leads last
	Best      *Campaign
	Worst     *Campaign
	// Recommendations are the week's, proposed or applied.
	Recommendations []budget.Recommendation
	// UnsubscribeURL is the one-click unsubscribe link of the email.
	UnsubscribeURL string
}

// Change is the relative change from prev to cur (0 when prev is 0).
func Change(cur, prev float64) float64 {
	if prev == 0 {
		return 0
	}
	return (cur - prev) / prev
}

// Build makes the report of the 7 days starting at from, from the
// organization's campaign days (this week's and the previous week's) and
// campaign names.
func Build(orgName string, from time.Time, days []budget.CampaignDay, names map[budget.Key]string, recs []budget.Recommendation) Report {
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 7)
	prev := from.AddDate(0, 0, -7)
	r := Report{OrgName: orgName, From: from.Format(time.DateOnly), To: to.AddDate(0, 0, -1).Format(time.DateOnly)}
	byDay := map[string]*Day{}
	for d := 0; d < 7; d++ {
		date := from.AddDate(0, 0, d).Format(time.DateOnly)
		r.Days = append(r.Days, Day{Date: date})
	}
	for i := range r.Days {
		byDay[r.Days[i].Date] = &r.Days[i]
	}
	byCampaign := map[budget.Key]*Campaign{}
	for _, d := range days {
		t, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			continue
		}
		switch {
		case !t.Before(from) && t.Before(to):
			r.Week.Spend += d.Spend
			r.Week.Leads += d.Leads
			day := byDay[d.Date]
			day.Spend += d.Spend
			day.Leads += d.Leads
			c := byCampaign[d.Key()]
			if c == nil {
				name := names[d.Key()]
				if name == "" {
					name = d.CampaignID
				}
				c = &Campaign{Platform: d.Platform, ID: d.CampaignID, Name: name}
				byCampaign[d.Key()] = c
			}
			c.Spend += d.Spend
			c.Leads += d.Leads
		case !t.Before(prev) && t.Before(from):
			r.Previous.Spend += d.Spend
			r.Previous.Leads += d.Leads
		}
	}
	for _, c := range byCampaign {
		r.Campaigns = append(r.Campaigns, *c)
	}
	sort.Slice(r.Campaigns, func(i, j int) bool {
		a, b := r.Campaigns[i], r.Campaigns[j]
		if (a.Leads == 0) != (b.Leads == 0) {
			return b.Leads == 0
		}
		if a.Leads == 0 {
			return a.Spend < b.Spend
		}
		if a.CostPerLead() != b.CostPerLead() {
			return a.CostPerLead() < b.CostPerLead()
		}
		return a.ID < b.ID
	})
	if len(r.Campaigns) > 1 {
		r.Best, r.Worst = &r.Campaigns[0], &r.Campaigns[len(r.Campaigns)-1]
		if r.Best.Leads == 0 {
			r.Best = nil
		}
	}
	for _, rec := range recs {
		if rec.WeekStart >= r.From && (rec.Status == budget.Proposed || rec.Status == budget.Approved || rec.Status == budget.Applied) {
			r.Recommendations = append(r.Recommendations, rec)
		}
	}
	return r
}
