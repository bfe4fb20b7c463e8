package budget

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is where a recommendation is in its life.
type Status string

// Statuses. proposed -> approved -> applied -> reverted; proposed or
// approved -> rejected; proposed or approved -> expired when its week has
// passed. An apply that fails leaves it approved with the error and the
// attempts counted, so it is retried or reported, never lost.
const (
	Proposed Status = "proposed"
	Approved Status = "approved"
	Applied  Status = "applied"
	Rejected Status = "rejected"
	Expired  Status = "expired"
	Reverted Status = "reverted"
)

// Rule is the kind of recommendation an owner may let apply itself.
type Rule string

// Rules.
const (
	RuleBudget   Rule = "budget"   // daily budget changes within the guardrails
	RuleBid      Rule = "bid"      // pause or bid down an ad set
	RuleCreative Rule = "creative" // refresh a creative
	RuleTargets  Rule = "targeting"
)

// Rules lists every rule.
var AllRules = []Rule{RuleBudget, RuleBid, RuleCreative, RuleTargets}

// Recommendation is a stored recommendation with its history.
type Recommendation struct {
	OrgID string `json:"orgId"`
	// ID is derived from the week and what it is about, so a rerun of the
	// same organization and day writes the same recommendations.
	ID         string   `json:"id"`
	Rule       Rule     `json:"rule"`
	Action     Action   `json:"action,omitempty"`
	WeekStart  string   `json:"weekStart"`
	Platform   Platform `json:"platform,omitempty"`
	CampaignID string   `json:"campaignId,omitempty"`
	AdSetID    string   `json:"adSetId,omitempty"`
	CreativeID string   `json:"creativeId,omitempty"`
	Dimension  string   `json:"dimension,omitempty"`
	Value      string   `json:"value,omitempty"`
	// Before and After are the daily budgets of a budget change.
	Before Micros `json:"before,omitempty"`
	After  Micros `json:"after,omitempty"`
	// Budgeted, on a budget change, is the organization's daily total the
	// week's plan worked toward (Plan.Budgeted), which the next week's
	// plan carries on while the budgets stand as recommended.
	Budgeted Micros   `json:"budgeted,omitempty"`
	Reason   string   `json:"reason"`
	Effect   Interval `json:"effect"`
	Status   Status   `json:"status"`
	// ApplyAttempts and ApplyError: the last failed apply, cleared by a
	// successful one.
	ApplyAttempts int       `json:"applyAttempts,omitempty"`
	ApplyError    string    `json:"applyError,omitempty"`
	History       []Event   `json:"history"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
	// ValidUntil is when a proposed or approved recommendation expires.
	ValidUntil time.Time `json:"validUntil"`
	Version    int64     `json:"-"`
}

// Event is one change of a recommendation, with the values at the
// platform before and after it.
type Event struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"` // a user ID, or "auto" for auto-apply
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Before Micros    `json:"before,omitempty"`
	After  Micros    `json:"after,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Errors of recommendations and their store.
var (
	ErrNotFound  = errors.New("budget: recommendation not found")
	ErrExists    = errors.New("budget: recommendation already exists")
	ErrStale     = errors.New("budget: recommendation changed since it was read")
	ErrCannotNow = errors.New("budget: not possible in the recommendation's status")
)

// Store keeps recommendations per organization.
type Store interface {
	// Create writes a new recommendation at version 1; an existing ID is
	// ErrExists (a rerun of the same day).
	Create(ctx context.Context, r Recommendation) error
	// Get reads one; found is false when it does not exist.
	Get(ctx context.Context, orgID, id string) (r Recommendation, found bool, err error)
	// List reads an organization's recommendations in ID order after
	// after ("" for the first page); next is "" on the last page.
	List(ctx context.Context, orgID, after string, limit int) (rs []Recommendation, next string, err error)
	// Update writes r if the stored version is r.Version-1, else ErrStale.
	Update(ctx context.Context, r Recommendation) error
}

// RecommendationID names a week's recommendation about a thing.
func RecommendationID(weekStart string, rule Rule, parts ...string) string {
	id := "rec_" + strings.ReplaceAll(weekStart, "-", "") + "_" + string(rule)
	for _, p := range parts {
		if p != "" {
			id += "_" + sanitize(p)
		}
	}
	return id
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// FromPlan turns a plan's changes into proposed recommendations (a
// campaign whose budget stays needs none), valid for the plan's week.
func FromPlan(p Plan, at time.Time) []Recommendation {
	start, _ := time.Parse(dateLayout, p.WeekStart)
	var out []Recommendation
	for _, c := range p.Changes {
		if c.Recommended == c.Current {
			continue
		}
		out = append(out, Recommendation{
			OrgID: p.OrgID, ID: RecommendationID(p.WeekStart, RuleBudget, string(c.Platform), c.CampaignID), Rule: RuleBudget,
			WeekStart: p.WeekStart, Platform: c.Platform, CampaignID: c.CampaignID, Before: c.Current, After: c.Recommended, Budgeted: p.Budgeted,
			Reason: c.Reason, Effect: c.Effect, Status: Proposed, CreatedAt: at, UpdatedAt: at, ValidUntil: start.AddDate(0, 0, 7), Version: 1,
		})
	}
	return out
}

// CarriedBudget is the Input.Budgeted of the week from weekStart: the
// total last week's plan worked toward, when every one of its budget
// changes was applied and every campaign it changed still runs at the
// recommended budget (so nothing but the guardrails kept the budgets below
// it). Any other state, a change a person rejected or let expire, a budget
// edited at the platform or a paused campaign, means the current budgets
// are what the organization wants: zero.
func CarriedBudget(recs []Recommendation, camps []Campaign, weekStart time.Time) Micros {
	last := day(weekStart).AddDate(0, 0, -7).Format(dateLayout)
	now := map[Key]Campaign{}
	for _, c := range camps {
		now[c.Key()] = c
	}
	var carried Micros
	for _, r := range recs {
		if r.Rule != RuleBudget || r.WeekStart != last {
			continue
		}
		c, ok := now[Key{r.Platform, r.CampaignID}]
		if r.Status != Applied || !ok || !c.Active || c.DailyBudget != r.After || r.Budgeted <= 0 {
			return 0
		}
		carried = max(carried, r.Budgeted)
	}
	return carried
}

// FromAdvice turns advice into proposed recommendations for the week.
func FromAdvice(orgID string, weekStart time.Time, as []Advice, at time.Time) []Recommendation {
	ws := day(weekStart).Format(dateLayout)
	var out []Recommendation
	for _, a := range as {
		rule := map[Action]Rule{ActionPause: RuleBid, ActionLowerBid: RuleBid, ActionRefreshCreative: RuleCreative, ActionExclude: RuleTargets, ActionFocus: RuleTargets}[a.Action]
		out = append(out, Recommendation{
			OrgID: orgID, ID: RecommendationID(ws, rule, string(a.Action), string(a.Platform), a.CampaignID, a.AdSetID, a.CreativeID, string(a.Dimension), a.Value),
			Rule: rule, Action: a.Action, WeekStart: ws, Platform: a.Platform, CampaignID: a.CampaignID, AdSetID: a.AdSetID, CreativeID: a.CreativeID,
			Dimension: string(a.Dimension), Value: a.Value, Reason: a.Reason, Effect: a.Estimate, Status: Proposed,
			CreatedAt: at, UpdatedAt: at, ValidUntil: day(weekStart).AddDate(0, 0, 7), Version: 1,
		})
	}
	return out
}

// transitions are the moves a person or the optimiser may make.
var transitions = map[Status][]Status{
	Proposed: {Approved, Rejected, Expired},
	Approved: {Applied, Rejected, Expired},
	Applied:  {Reverted},
}

// Move returns r moved to status to by who at at, recording before and
// after; it refuses a move its status does not allow, and a proposed or
// approved recommendation past its week (which can only expire).
func (r Recommendation) Move(to Status, who string, at time.Time, note string) (Recommendation, error) {
	okMove := false
	for _, s := range transitions[r.Status] {
		okMove = okMove || s == to
	}
	if !okMove {
		return r, fmt.Errorf("%w: %s to %s", ErrCannotNow, r.Status, to)
	}
	if (r.Status == Proposed || r.Status == Approved) && to != Expired && !at.Before(r.ValidUntil) {
		return r, fmt.Errorf("%w: its week is over", ErrCannotNow)
	}
	next := r
	next.History = append(append([]Event(nil), r.History...), Event{At: at, By: who, From: r.Status, To: to, Before: r.Before, After: r.After, Note: note})
	if to == Reverted {
		ev := &next.History[len(next.History)-1]
		ev.Before, ev.After = r.After, r.Before
	}
	if to == Applied {
		next.ApplyError = ""
	}
	next.Status, next.UpdatedAt, next.Version = to, at, r.Version+1
	return next, nil
}

// MoveStored moves r as Move does and stores the result: the moved
// recommendation and the store's answer, or r and why the move is refused.
func MoveStored(ctx context.Context, s Store, r Recommendation, to Status, who string, at time.Time, note string) (Recommendation, error) {
	next, err := r.Move(to, who, at, note)
	if err != nil {
		return r, err
	}
	return next, s.Update(ctx, next)
}

// ApplyFailed records a failed apply of an approved recommendation: it
// stays approved, with the error and the attempts, for the next run to
// retry and the API to report.
func (r Recommendation) ApplyFailed(who string, at time.Time, cause error) Recommendation {
	next := r
	next.ApplyAttempts++
	next.ApplyError = cause.Error()
	next.History = append(append([]Event(nil), r.History...), Event{At: at, By: who, From: r.Status, To: r.Status, Before: r.Before, After: r.After, Note: "apply failed: " + cause.Error()})
	next.UpdatedAt, next.Version = at, r.Version+1
	return next
}
