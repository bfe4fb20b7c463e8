// Package budget recommends how an organization's ad budget is split over
// its campaigns for the coming week, from the campaigns' daily metrics and
// the organization's campaign settings.
//
// Med spa campaigns convert in small numbers (three leads a week is
// common), so cost per lead is never taken at face value: each campaign's
// lead rate has a Gamma posterior shrunk toward the account's average, and
// the allocation spends where the posterior expects the most leads for the
// next dollar, within the guardrails (caps, a weekly change limit, an
// exploration floor, no money above the floor for a campaign that has not
// converted in a long window). The package is pure: no AWS, no clock; the
// caller passes the metrics and the day the week starts.
package budget

import (
	"context"
	"time"
)

// Platform is an ad platform a campaign runs on.
type Platform string

// The platforms campaigns run on.
const (
	Meta   Platform = "meta"
	Google Platform = "google"
)

// Goal is what an organization's campaigns are optimised for.
type Goal string

// Goals. Leads (booked consultations, form fills, calls) is the default and
// the only one the allocation maximises today; the others are accepted so
// an organization's setting survives, and are treated as leads.
const (
	GoalLeads Goal = "leads"
)

// Micros is money in millionths of the account's currency unit, the unit
// both Meta (minor units aside) and Google Ads report spend in.
type Micros int64

// Dollars is the amount in currency units, for arithmetic and wording.
func (m Micros) Dollars() float64 { return float64(m) / 1e6 }

// FromDollars rounds a currency amount down to whole cents in micros.
func FromDollars(d float64) Micros { return Micros(int64(d*100)) * 10000 }

// CampaignDay is one campaign's metrics for one day in the account's time
// zone, the unit metric sync stores.
type CampaignDay struct {
	Platform    Platform
	CampaignID  string
	Date        string // YYYY-MM-DD
	Spend       Micros
	Impressions int64
	Clicks      int64
	Leads       int64
}

// Campaign is a campaign's current state: what the optimiser may change.
type Campaign struct {
	Platform    Platform
	CampaignID  string
	Name        string
	DailyBudget Micros
	// Active is false for paused or ended campaigns; they keep their budget
	// and are not allocated to.
	Active bool
	// BudgetEstimate, when set, says why DailyBudget is not the platform's
	// own budget (the read failed, so it is the recent average daily
	// spend); the recommendation's reason repeats it.
	BudgetEstimate string
}

// Settings are an organization's campaign settings.
type Settings struct {
	Goal Goal
	// TargetCostPerLead, when set, is the cost per lead the organization
	// aims for; campaigns whose expected cost per lead is far above it are
	// named in the reasons.
	TargetCostPerLead Micros
	// MonthlyCap is the most the organization spends per calendar month on
	// a platform; a platform without a cap is limited by its current
	// budgets' total only.
	MonthlyCap map[Platform]Micros
	// Rules overrides the default guardrails; zero fields keep defaults.
	Rules Rules
}

// Rules are the guardrails of an allocation.
type Rules struct {
	// MaxWeeklyChange is the most a campaign's daily budget moves in one
	// week, as a fraction of its current budget (0.2: learning phases on
	// Meta and Google restart on larger edits).
	MaxWeeklyChange float64
	// ExplorationShare is the share of the total daily budget kept spread
	// evenly over the active campaigns, so every campaign keeps producing
	// the data its estimate needs: each campaign's floor.
	ExplorationShare float64
	// ZeroLeadWindowDays is the window over which a campaign with spend and
	// no lead at all is held at its floor.
	ZeroLeadWindowDays int
	// MinDailyBudget is the smallest daily budget a platform accepts.
	MinDailyBudget Micros
}

// DefaultRules are the guardrails used where Settings.Rules leaves a zero.
var DefaultRules = Rules{
	MaxWeeklyChange:    0.20,
	ExplorationShare:   0.20,
	ZeroLeadWindowDays: 28,
	MinDailyBudget:     1_000_000,
}

func (r Rules) withDefaults() Rules {
	if r.MaxWeeklyChange <= 0 {
		r.MaxWeeklyChange = DefaultRules.MaxWeeklyChange
	}
	if r.ExplorationShare <= 0 {
		r.ExplorationShare = DefaultRules.ExplorationShare
	}
	if r.ZeroLeadWindowDays <= 0 {
		r.ZeroLeadWindowDays = DefaultRules.ZeroLeadWindowDays
	}
	if r.MinDailyBudget <= 0 {
		r.MinDailyBudget = DefaultRules.MinDailyBudget
	}
	return r
}

// Metrics reads an organization's daily campaign metrics. Metric sync's
// store implements it; only the organization's own rows are returned.
type Metrics interface {
	CampaignDays(ctx context.Context, orgID string, from, to time.Time) ([]CampaignDay, error)
}

// Key names a campaign across platforms.
type Key struct {
	Platform   Platform
	CampaignID string
}

func (c Campaign) Key() Key    { return Key{c.Platform, c.CampaignID} }
func (d CampaignDay) Key() Key { return Key{d.Platform, d.CampaignID} }

const dateLayout = "2006-01-02"

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
