package api

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// Recommendations are the optimiser's budget, bid, creative and targeting
// recommendations: listed, approved or rejected by marketers, reverted by
// admins. Approving a budget change applies it at once: here when the
// deployment gives the API write access (Deps.BudgetApplier), else by
// queueing its apply for the optimizer (Deps.OptimizeJobs), which holds
// the platform tokens. An apply that fails stays approved with its error,
// retried by the queue and the optimiser's next runs.

// OptimizeJobs queues a job (a jobs.Optimize) for the optimizer.
type OptimizeJobs func(ctx context.Context, job any) error

var recommendationIDPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^rec_[0-9]{8}_[a-z]+(_[A-Za-z0-9-]+){0,10}$`)
})

const exampleRecommendationID = "rec_20260309_budget_meta_120210000000001"

func errRecommendationNotFound() *problem.Problem {
	return problem.NotFound("No such recommendation in this organization.")
}

type effectView struct {
	Mean float64 `json:"mean"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

type recEventView struct {
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	BeforeCents *int64    `json:"beforeCents"`
	AfterCents  *int64    `json:"afterCents"`
	Note        string    `json:"note,omitempty"`
}

type recommendationView struct {
	ID            string         `json:"id"`
	Rule          string         `json:"rule"`
	Action        string         `json:"action,omitempty"`
	WeekStart     string         `json:"weekStart"`
	Platform      string         `json:"platform,omitempty"`
	CampaignID    string         `json:"campaignId,omitempty"`
	AdSetID       string         `json:"adSetId,omitempty"`
	CreativeID    string         `json:"creativeId,omitempty"`
	Dimension     string         `json:"dimension,omitempty"`
	Value         string         `json:"value,omitempty"`
	BeforeCents   *int64         `json:"dailyBudgetBeforeCents"`
	AfterCents    *int64         `json:"dailyBudgetAfterCents"`
	Reason        string         `json:"reason"`
	Effect        effectView     `json:"expectedEffect"`
	Status        string         `json:"status"`
	ApplyAttempts int            `json:"applyAttempts"`
	ApplyError    *string        `json:"applyError"`
	History       []recEventView `json:"history"`
	CreatedAt     time.Time      `json:"createdAt"`
	UpdatedAt     time.Time      `json:"updatedAt"`
	ValidUntil    time.Time      `json:"validUntil"`
}

func cents(m budget.Micros, budgetRule bool) *int64 {
	if !budgetRule {
		return nil
	}
	c := int64(m) / 10000
	return &c
}

// viewRecommendation shows r; a proposed or approved one past its week is
// shown expired (the optimiser's next run records it so).
func viewRecommendation(r budget.Recommendation, now time.Time) recommendationView {
	isBudget := r.Rule == budget.RuleBudget
	v := recommendationView{ID: r.ID, Rule: string(r.Rule), Action: string(r.Action), WeekStart: r.WeekStart, Platform: string(r.Platform),
		CampaignID: r.CampaignID, AdSetID: r.AdSetID, CreativeID: r.CreativeID, Dimension: r.Dimension, Value: r.Value,
		BeforeCents: cents(r.Before, isBudget), AfterCents: cents(r.After, isBudget), Reason: r.Reason,
		Effect: effectView{r.Effect.Mean, r.Effect.Low, r.Effect.High}, Status: string(r.Status), ApplyAttempts: r.ApplyAttempts,
		History: []recEventView{}, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, ValidUntil: r.ValidUntil}
	if (r.Status == budget.Proposed || r.Status == budget.Approved) && !now.Before(r.ValidUntil) {
		v.Status = string(budget.Expired)
	}
	if r.ApplyError != "" {
		e := r.ApplyError
		v.ApplyError = &e
	}
	for _, e := range r.History {
		v.History = append(v.History, recEventView{At: e.At, By: e.By, From: string(e.From), To: string(e.To),
			BeforeCents: cents(e.Before, isBudget), AfterCents: cents(e.After, isBudget), Note: e.Note})
	}
	return v
}

// recommendationProblem maps the domain's errors.
func recommendationProblem(err error) error {
	switch {
	case errors.Is(err, budget.ErrNotFound):
		return errRecommendationNotFound()
	case errors.Is(err, budget.ErrStale):
		return errOf(typeConflict, "The recommendation changed while the request ran; read it again.")
	case errors.Is(err, budget.ErrCannotNow), errors.Is(err, budget.ErrChangedAtPlatform):
		return errOf(typeConflict, "Not possible now: "+err.Error()+".")
	}
	return err
}

func (s *Server) loadRecommendation(c *call) (budget.Recommendation, error) {
	return s.loadRecommendationAt(c, "recommendationId")
}

func (s *Server) loadRecommendationAt(c *call, param string) (budget.Recommendation, error) {
	return loadOwned(c, param, recommendationIDPattern().MatchString, errRecommendationNotFound, s.d.Recommendations.Get)
}

func (s *Server) listRecommendations(c *call) (reply, error) {
	return listOwned(c, recommendationIDPattern().MatchString, s.d.Recommendations.List, func(r budget.Recommendation) (recommendationView, error) {
		return viewRecommendation(r, c.now), nil
	})
}

func (s *Server) getRecommendation(c *call) (reply, error) {
	r, err := s.loadRecommendation(c)
	if err != nil {
		return reply{}, err
	}
	return ok(viewRecommendation(r, c.now))
}

// approveRecommendation approves, and applies a budget change when the
// deployment can write to the platform. Applying is AI processing of the
// organization's data: refused when it or the caller opted out.
func (s *Server) approveRecommendation(c *call) (reply, error) {
	why, err := s.aiRefusal(c)
	if err != nil {
		return reply{}, err
	}
	if why != "" {
		return reply{}, errOf(typeAIOptOut, why)
	}
	next, err := s.moveRecommendation(c, budget.Approved)
	if err != nil {
		return reply{}, err
	}
	switch {
	case next.Rule != budget.RuleBudget:
	case s.d.BudgetApplier != nil:
		// A failed apply is recorded on the recommendation (its
		// applyError), which is the answer: the approval stands.
		applied, aerr := budget.Apply(c.ctx, s.d.Recommendations, s.d.BudgetApplier, c.orgID, next.ID, c.who.UserID, c.now)
		if aerr == nil || applied.ApplyError != "" {
			next = applied
		}
	case s.d.OptimizeJobs != nil:
		// The approval is stored first, so a job lost here is not a change
		// lost: the optimiser's next run applies every approved one.
		job := jobs.Optimize{OrgID: c.orgID, Day: c.now.UTC().Format(time.DateOnly), RecommendationID: next.ID, Actor: c.who.UserID}
		if err := s.d.OptimizeJobs(c.ctx, job); err != nil {
			s.d.Log.ErrorContext(c.ctx, "approved budget change not queued; the next optimiser run applies it", "orgId", c.orgID, "recommendationId", next.ID, "error", err.Error())
		}
	}
	return ok(viewRecommendation(next, c.now))
}

func (s *Server) rejectRecommendation(c *call) (reply, error) {
	next, err := s.moveRecommendation(c, budget.Rejected)
	if err != nil {
		return reply{}, err
	}
	return ok(viewRecommendation(next, c.now))
}

// moveRecommendation moves the path's recommendation to status on the
// caller's decision and stores it.
func (s *Server) moveRecommendation(c *call, status budget.Status) (budget.Recommendation, error) {
	r, err := s.loadRecommendation(c)
	if err != nil {
		return r, err
	}
	next, err := budget.MoveStored(c.ctx, s.d.Recommendations, r, status, c.who.UserID, c.now, "")
	if err != nil {
		return next, recommendationProblem(err)
	}
	return next, nil
}

func (s *Server) revertRecommendation(c *call) (reply, error) {
	r, err := s.loadRecommendationAt(c, "changeId")
	if err != nil {
		return reply{}, err
	}
	if r.Status != budget.Applied || r.Rule != budget.RuleBudget {
		return reply{}, errOf(typeConflict, "Only an applied budget change can be reverted; this one is "+string(r.Status)+".")
	}
	if s.d.BudgetApplier == nil {
		return reply{}, errOf(typeConflict, "This deployment has no write access to the ad platforms, so the change cannot be reverted from here.")
	}
	next, err := budget.Revert(c.ctx, s.d.Recommendations, s.d.BudgetApplier, c.orgID, r.ID, c.who.UserID, c.now)
	if err != nil {
		if p := recommendationProblem(err); p != err {
			return reply{}, p
		}
		return reply{}, errOf(typeConflict, "The ad platform refused or failed the revert; nothing changed. Try again later.")
	}
	return ok(viewRecommendation(next, c.now))
}

// recommendationSchemas are the OpenAPI schemas of the recommendation
// routes.
func recommendationSchemas(into schema) schema {
	cents := schema{"type": []string{"integer", "null"}, "minimum": 0, "description": "a daily budget in US cents (budget changes only)"}
	status := strEnum(string(budget.Proposed), string(budget.Approved), string(budget.Applied), string(budget.Rejected), string(budget.Expired), string(budget.Reverted))
	event := object(schema{"at": dateTime(), "by": schema{"type": "string", "description": "a user ID, or auto"}, "from": status, "to": status,
		"beforeCents": cents, "afterCents": cents, "note": schema{"type": "string"}}, "at", "by", "from", "to", "beforeCents", "afterCents")
	into["RecommendationId"] = schema{"type": "string", "pattern": recommendationIDPattern().String(), "description": "rec_<week>_<rule>_..."}
	into["ChangeId"] = schema{"type": "string", "pattern": recommendationIDPattern().String(), "description": "the ID of the applied recommendation that made the change"}
	into["Recommendation"] = object(schema{
		"id": schema{"type": "string", "pattern": recommendationIDPattern().String()}, "rule": strEnum(string(budget.RuleBudget), string(budget.RuleBid), string(budget.RuleCreative), string(budget.RuleTargets)),
		"action":    strEnum(string(budget.ActionPause), string(budget.ActionLowerBid), string(budget.ActionRefreshCreative), string(budget.ActionExclude), string(budget.ActionFocus)),
		"weekStart": schema{"type": "string", "format": "date"}, "platform": strEnum(string(budget.Meta), string(budget.Google)),
		"campaignId": schema{"type": "string"}, "adSetId": schema{"type": "string"}, "creativeId": schema{"type": "string"},
		"dimension": strEnum(string(budget.DimPlacement), string(budget.DimAge), string(budget.DimWeekday)), "value": schema{"type": "string"},
		"dailyBudgetBeforeCents": cents, "dailyBudgetAfterCents": cents, "reason": schema{"type": "string", "description": "why, in plain words"},
		"expectedEffect": object(schema{"mean": schema{"type": "number"}, "low": schema{"type": "number"}, "high": schema{"type": "number"}}, "mean", "low", "high"),
		"status":         status, "applyAttempts": integer(0, 1000), "applyError": schema{"type": []string{"string", "null"}, "description": "the last failed apply at the platform"},
		"history": arrayOf(event, 0), "createdAt": dateTime(), "updatedAt": dateTime(), "validUntil": dateTime(),
	}, "id", "rule", "weekStart", "dailyBudgetBeforeCents", "dailyBudgetAfterCents", "reason", "expectedEffect", "status", "applyAttempts", "applyError", "history", "createdAt", "updatedAt", "validUntil")
	into["RecommendationList"] = listOfSchema("Recommendation")
	return into
}

func recommendationExample() map[string]any {
	return map[string]any{"id": exampleRecommendationID, "rule": "budget", "weekStart": "2026-03-09", "platform": "meta", "campaignId": "120210000000001",
		"dailyBudgetBeforeCents": 4000, "dailyBudgetAfterCents": 4800,
		"reason":         "Raise the daily budget from $40.00 to $48.00 (+20%): $1120.00 spent for 14 leads over the last 28 days, $80.00 a lead, cheaper than the account's $120.00. Expected effect: +1.1 leads a week (90% credible interval +0.5 to +1.8).",
		"expectedEffect": map[string]any{"mean": 1.1, "low": 0.5, "high": 1.8}, "status": "proposed", "applyAttempts": 0, "applyError": nil,
		"history": []any{}, "createdAt": "2026-03-09T06:00:00Z", "updatedAt": "2026-03-09T06:00:00Z", "validUntil": "2026-03-16T00:00:00Z"}
}

// recommendationExamples are the examples of the recommendation schemas.
func recommendationExamples(into map[string]any) {
	into["Recommendation"] = recommendationExample()
	into["RecommendationList"] = map[string]any{"items": []any{recommendationExample()}, "next": nil}
}
