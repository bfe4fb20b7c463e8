// Package budgetmetrics reads the optimiser's input from the synced metric
// rows: campaign days (budget.Metrics) and the campaigns themselves
// (weekly.Campaigns), converted exactly from metric sync's units.
package budgetmetrics

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/metrics"
)

// Budgets reads a campaign's daily budget at its platform
// (platformbudget.Client).
type Budgets interface {
	DailyBudget(ctx context.Context, orgID string, p budget.Platform, campaignID string) (budget.Micros, error)
}

// Source is budget.Metrics and weekly.Campaigns over a metrics.Reader.
type Source struct {
	Metrics metrics.Reader
	// Budgets, when set, gives each campaign's current daily budget from
	// its platform; without it, or when a read fails, the budget is the
	// campaign's average daily spend over the last RecentDays days.
	Budgets Budgets
	// Now is the clock Campaigns reads its recent week against.
	Now func() time.Time
}

var _ budget.Metrics = Source{}

// CampaignDays returns the organization's campaign days over [from, to):
// the optimiser's window ends the day before its week starts, while
// metrics reads inclusive days. Rows of one campaign and day from several
// ad accounts are summed. Leads are whole: Google's fractional
// conversions (milli-units) are rounded on their running total per
// campaign, so the leads of any run of days from the first add up to the
// rounded total and none is lost or invented by per-day rounding.
func (s Source) CampaignDays(ctx context.Context, orgID string, from, to time.Time) ([]budget.CampaignDay, error) {
	days, _, err := s.Week(ctx, orgID, from, to)
	return days, err
}

// Week is CampaignDays with the campaigns' names (the latest a row of the
// window carries), for the weekly report: one read.
func (s Source) Week(ctx context.Context, orgID string, from, to time.Time) ([]budget.CampaignDay, map[budget.Key]string, error) {
	if !to.After(from) {
		return nil, nil, nil
	}
	rows, err := s.Metrics.CampaignDays(ctx, orgID, from.UTC().Format(time.DateOnly), to.UTC().AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		return nil, nil, err
	}
	names := map[budget.Key]string{}
	latest := map[budget.Key]string{}
	for _, r := range rows {
		k := budget.Key{Platform: budget.Platform(r.Platform), CampaignID: r.CampaignID}
		if (r.OrgID == "" || r.OrgID == orgID) && r.CampaignName != "" && r.Date >= latest[k] {
			names[k], latest[k] = r.CampaignName, r.Date
		}
	}
	type key struct{ p, c, d string }
	sums := map[key]*metrics.Counts{}
	var keys []key
	for _, r := range rows {
		if r.OrgID != "" && r.OrgID != orgID {
			continue // never another organization's row
		}
		k := key{string(r.Platform), r.CampaignID, r.Date}
		if sums[k] == nil {
			sums[k] = &metrics.Counts{}
			keys = append(keys, k)
		}
		sums[k].Add(r.Counts)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.p != b.p {
			return a.p < b.p
		}
		if a.c != b.c {
			return a.c < b.c
		}
		return a.d < b.d
	})
	out := make([]budget.CampaignDay, 0, len(keys))
	var run int64 // running milli-leads of the current campaign
	for i, k := range keys {
		if i == 0 || keys[i-1].p != k.p || keys[i-1].c != k.c {
			run = 0
		}
		c := sums[k]
		before := roundMilli(run)
		run += c.LeadsMilli
		out = append(out, budget.CampaignDay{
			Platform: budget.Platform(k.p), CampaignID: k.c, Date: k.d,
			Spend: budget.Micros(c.SpendMicros), Impressions: c.Impressions, Clicks: c.Clicks,
			Leads: roundMilli(run) - before,
		})
	}
	return out, names, nil
}

// roundMilli rounds milli-units to whole units, halves up.
func roundMilli(m int64) int64 {
	if m < 0 {
		return -roundMilli(-m)
	}
	return (m + 500) / 1000
}

// RecentDays is the window Campaigns looks at.
const RecentDays = 7

// Campaigns lists the campaigns that spent over the last RecentDays days
// (before today), each with its daily budget read from its platform, or,
// where that read fails (or there is no reader), its average daily spend
// there, which the campaign's BudgetEstimate then says. A campaign paused
// at the platform stops spending and drops out within a week.
func (s Source) Campaigns(ctx context.Context, orgID string) ([]budget.Campaign, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	t := now().UTC()
	to := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	rows, err := s.Metrics.CampaignDays(ctx, orgID, to.AddDate(0, 0, -RecentDays).Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	type key struct{ p, c string }
	spend := map[key]int64{}
	names := map[key]string{}
	for _, r := range rows {
		if r.OrgID != "" && r.OrgID != orgID {
			continue
		}
		k := key{string(r.Platform), r.CampaignID}
		spend[k] += r.SpendMicros
		if r.CampaignName != "" {
			names[k] = r.CampaignName
		}
	}
	var out []budget.Campaign
	for k, sp := range spend {
		if sp <= 0 {
			continue
		}
		// Whole cents, as the platforms take budgets.
		daily := sp / RecentDays / 10_000 * 10_000
		out = append(out, budget.Campaign{Platform: budget.Platform(k.p), CampaignID: k.c, Name: names[k], DailyBudget: budget.Micros(daily), Active: daily > 0})
	}
	for i := range out {
		c := &out[i]
		if s.Budgets == nil {
			break
		}
		b, err := s.Budgets.DailyBudget(ctx, orgID, c.Platform, c.CampaignID)
		if err == nil && b > 0 {
			c.DailyBudget, c.Active = b, true
			continue
		}
		why := "the platform answered no budget"
		if err != nil {
			why = err.Error()
		}
		c.BudgetEstimate = fmt.Sprintf("the platform's daily budget could not be read (%s), so the average daily spend of the last %d days stands in for it", why, RecentDays)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Platform != out[j].Platform {
			return out[i].Platform < out[j].Platform
		}
		return out[i].CampaignID < out[j].CampaignID
	})
	return out, nil
}
