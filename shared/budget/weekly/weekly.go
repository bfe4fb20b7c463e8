// Package weekly is the optimiser's run for one organization: the week's
// budget plan and advice stored as recommendations, last week's left
// proposals expired, failed applies retried, and, where the owner let a
// rule apply itself, its recommendations applied. It runs after each sync
// of the organization and daily; every run in the same week writes the
// same recommendations (their IDs are the week's), so reruns and
// redelivered messages add nothing.
package weekly

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// Org is what the run needs to know of an organization.
type Org struct {
	Name   string
	Active bool
	// AIOptOut and Restricted (an AI-processing opt-out, a privacy
	// restriction): nothing is read or computed for the organization.
	AIOptOut   bool
	Restricted bool
	Settings   budget.Settings
	// AutoApply holds, per rule an owner let apply itself, its limits;
	// a rule not in it waits for a person's approval.
	AutoApply map[budget.Rule]Limits
}

// Limits bound what applies itself: a budget change larger than
// MaxChange (a fraction of the current budget) or setting more than
// MaxDailyBudget (0: no cap) stays proposed for a person.
type Limits struct {
	MaxChange      float64
	MaxDailyBudget budget.Micros
}

// Allows reports whether the change from before to after is within l.
func (l Limits) Allows(before, after budget.Micros) bool {
	if before <= 0 || after <= 0 {
		return false
	}
	d := after - before
	if d < 0 {
		d = -d
	}
	if float64(d) > l.MaxChange*float64(before)+0.5 {
		return false
	}
	return l.MaxDailyBudget <= 0 || after <= l.MaxDailyBudget
}

// Orgs reads an organization for the run.
type Orgs interface {
	Org(ctx context.Context, orgID string) (Org, bool, error)
}

// Campaigns reads an organization's campaigns with their current daily
// budgets.
type Campaigns interface {
	Campaigns(ctx context.Context, orgID string) ([]budget.Campaign, error)
}

// Breakdowns reads ad-level days and segment totals for advice; optional.
type Breakdowns interface {
	Ads(ctx context.Context, orgID string, from, to time.Time) ([]budget.AdDay, error)
	Segments(ctx context.Context, orgID string, from, to time.Time) ([]budget.SegmentTotal, error)
}

// Runner runs the optimiser for one organization.
type Runner struct {
	Orgs            Orgs
	Campaigns       Campaigns
	Metrics         budget.Metrics
	Breakdowns      Breakdowns // nil: budget recommendations and weekday advice only
	Recommendations budget.Store
	Applier         budget.Applier // nil: nothing is applied
	Model           budget.Model
}

// Result is what a run did.
type Result struct {
	Skipped  string // why nothing was computed ("" when it ran)
	Created  int
	Existing int
	Expired  int
	Applied  int
	Failed   int
	// Held counts proposals outside the owner's auto-apply limits, left
	// for a person.
	Held int
}

// WeekStart is the Monday of at's week: the plan's week.
func WeekStart(at time.Time) time.Time {
	d := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Run runs the optimiser for orgID at now.
func (r Runner) Run(ctx context.Context, orgID string, now time.Time) (Result, error) {
	var res Result
	o, found, err := r.Orgs.Org(ctx, orgID)
	if err != nil {
		return res, err
	}
	switch {
	case !found || !o.Active:
		res.Skipped = "the organization is not active"
		return res, nil
	case o.AIOptOut:
		res.Skipped = "the organization opted out of AI processing"
		return res, nil
	case o.Restricted:
		res.Skipped = "a privacy restriction limits the processing of the organization's data"
		return res, nil
	}
	existing, err := r.all(ctx, orgID)
	if err != nil {
		return res, err
	}
	for _, rec := range existing {
		if (rec.Status == budget.Proposed || rec.Status == budget.Approved) && !now.Before(rec.ValidUntil) {
			_, err := budget.MoveStored(ctx, r.Recommendations, rec, budget.Expired, budget.Auto, now, "its week is over")
			if err != nil && !errors.Is(err, budget.ErrStale) {
				return res, err
			}
			res.Expired++
		}
	}

	start := WeekStart(now)
	m := r.Model
	if m.HistoryDays == 0 {
		m = budget.DefaultModel
	}
	from := start.AddDate(0, 0, -m.HistoryDays)
	days, err := r.Metrics.CampaignDays(ctx, orgID, from, start)
	if err != nil {
		return res, fmt.Errorf("metrics: %w", err)
	}
	camps, err := r.Campaigns.Campaigns(ctx, orgID)
	if err != nil {
		return res, fmt.Errorf("campaigns: %w", err)
	}
	var recs []budget.Recommendation
	in := budget.Input{OrgID: orgID, WeekStart: start, Settings: o.Settings, Campaigns: camps, Days: days, Budgeted: budget.CarriedBudget(existing, camps, start)}
	plan, err := budget.Optimize(in, m)
	switch {
	case errors.Is(err, budget.ErrNoCampaigns):
	case err != nil:
		return res, err
	default:
		recs = budget.FromPlan(plan, now)
	}
	adv := budget.AdviceInput{WeekStart: start, Campaigns: days}
	if r.Breakdowns != nil {
		if adv.Ads, err = r.Breakdowns.Ads(ctx, orgID, from, start); err != nil {
			return res, fmt.Errorf("ads: %w", err)
		}
		if adv.Segments, err = r.Breakdowns.Segments(ctx, orgID, start.AddDate(0, 0, -28), start); err != nil {
			return res, fmt.Errorf("segments: %w", err)
		}
	}
	recs = append(recs, budget.FromAdvice(orgID, start, budget.Advise(adv), now)...)
	for _, rec := range recs {
		switch err := r.Recommendations.Create(ctx, rec); {
		case errors.Is(err, budget.ErrExists):
			res.Existing++
		case err != nil:
			return res, err
		default:
			res.Created++
		}
	}
	if r.Applier == nil {
		return res, nil
	}
	// Apply what an owner let apply itself, and retry failed applies.
	current, err := r.all(ctx, orgID)
	if err != nil {
		return res, err
	}
	for _, rec := range current {
		if rec.Rule != budget.RuleBudget || rec.WeekStart != start.Format(time.DateOnly) {
			continue
		}
		lim, auto := o.AutoApply[budget.RuleBudget]
		if rec.Status == budget.Proposed && auto && !lim.Allows(rec.Before, rec.After) {
			res.Held++
			continue
		}
		if rec.Status == budget.Proposed && auto {
			next, err := budget.MoveStored(ctx, r.Recommendations, rec, budget.Approved, budget.Auto, now, "auto-apply")
			if err != nil {
				return res, err
			}
			rec = next
		}
		if rec.Status != budget.Approved || rec.ApplyAttempts >= budget.MaxApplyAttempts {
			continue
		}
		if _, err := budget.Apply(ctx, r.Recommendations, r.Applier, orgID, rec.ID, budget.Auto, now); err != nil {
			res.Failed++
			continue
		}
		res.Applied++
	}
	return res, nil
}

func (r Runner) all(ctx context.Context, orgID string) ([]budget.Recommendation, error) {
	var out []budget.Recommendation
	after := ""
	for {
		page, next, err := r.Recommendations.List(ctx, orgID, after, 100)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		after = next
	}
}
