package budget

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Applier changes a campaign's daily budget at its ad platform (Meta: the
// campaign's or ad set's daily_budget; Google: campaignBudgets:mutate) and
// reads it back.
type Applier interface {
	DailyBudget(ctx context.Context, orgID string, p Platform, campaignID string) (Micros, error)
	SetDailyBudget(ctx context.Context, orgID string, p Platform, campaignID string, budget Micros) error
}

// Auto is who applies a recommendation an owner let apply itself.
const Auto = "auto"

// MaxApplyAttempts is how many failed applies a recommendation takes
// before it is left for a person (it stays approved, its error shown).
const MaxApplyAttempts = 3

// ErrChangedAtPlatform: the campaign's budget at the platform is no longer
// the recommendation's before value (someone changed it there), so the
// recommendation is not applied over it.
var ErrChangedAtPlatform = errors.New("budget: the budget was changed at the platform since the recommendation")

// load reads a recommendation that must exist: one that does not is
// ErrNotFound.
func load(ctx context.Context, s Store, orgID, id string) (Recommendation, error) {
	r, found, err := s.Get(ctx, orgID, id)
	if err == nil && !found {
		err = ErrNotFound
	}
	return r, err
}

// Apply carries out an approved budget recommendation at the platform and
// records it: applied with before and after, or still approved with the
// error and the attempt counted. Every outcome is written back, so a
// failed apply is retried (by the next run) or reported, never lost. A
// recommendation already applied is left as it is (a retried message).
func Apply(ctx context.Context, s Store, a Applier, orgID, id, who string, at time.Time) (Recommendation, error) {
	r, err := load(ctx, s, orgID, id)
	if err != nil {
		return r, err
	}
	if r.Status == Applied {
		return r, nil
	}
	if r.Status != Approved || r.Rule != RuleBudget {
		return r, fmt.Errorf("%w: %s %s", ErrCannotNow, r.Rule, r.Status)
	}
	if who == Auto && r.ApplyAttempts >= MaxApplyAttempts {
		return r, fmt.Errorf("%w: %d applies failed, last %q; left for a person", ErrCannotNow, r.ApplyAttempts, r.ApplyError)
	}
	cur, err := a.DailyBudget(ctx, orgID, r.Platform, r.CampaignID)
	if err == nil && cur != r.Before && cur != r.After {
		err = fmt.Errorf("%w: %s now, %s recommended from %s", ErrChangedAtPlatform, money(cur), money(r.After), money(r.Before))
	}
	// The budget may already be the new one: an earlier attempt set it but
	// its record was lost.
	if err == nil && cur != r.After {
		err = a.SetDailyBudget(ctx, orgID, r.Platform, r.CampaignID, r.After)
	}
	if err != nil {
		failed := r.ApplyFailed(who, at, err)
		if uerr := s.Update(ctx, failed); uerr != nil {
			return r, errors.Join(err, uerr)
		}
		return failed, err
	}
	return MoveStored(ctx, s, r, Applied, who, at, "")
}

// Revert puts an applied budget change's before value back at the
// platform and records it reverted. A failed revert changes nothing and
// says why.
func Revert(ctx context.Context, s Store, a Applier, orgID, id, who string, at time.Time) (Recommendation, error) {
	r, err := load(ctx, s, orgID, id)
	if err != nil {
		return r, err
	}
	if r.Status != Applied || r.Rule != RuleBudget {
		return r, fmt.Errorf("%w: only an applied budget change is reverted, this is %s", ErrCannotNow, r.Status)
	}
	if err := a.SetDailyBudget(ctx, orgID, r.Platform, r.CampaignID, r.Before); err != nil {
		return r, err
	}
	return MoveStored(ctx, s, r, Reverted, who, at, "")
}
