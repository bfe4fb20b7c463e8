package budget_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/fake"
)

// platform is an ad platform's budgets in memory, failing on demand.
type platform struct {
	budgets map[string]budget.Micros
	fail    int // the next fail SetDailyBudget calls fail
	sets    int
}

func (p *platform) DailyBudget(_ context.Context, _ string, _ budget.Platform, id string) (budget.Micros, error) {
	return p.budgets[id], nil
}

func (p *platform) SetDailyBudget(_ context.Context, _ string, _ budget.Platform, id string, b budget.Micros) error {
	p.sets++
	if p.fail > 0 {
		p.fail--
		return errors.New("meta: (#2) Service temporarily unavailable")
	}
	p.budgets[id] = b
	return nil
}

func approved(t *testing.T, s budget.Store, at time.Time) budget.Recommendation {
	t.Helper()
	r := budget.FromPlan(budget.Plan{OrgID: "org_a", WeekStart: at.Format("2006-01-02"), Changes: []budget.BudgetChange{
		{Platform: budget.Meta, CampaignID: "c1", Current: budget.FromDollars(40), Recommended: budget.FromDollars(48)}}}, at)[0]
	if err := s.Create(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	r, err := r.Move(budget.Approved, "usr_m", at, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestApplyFailureIsRecordedThenRetried(t *testing.T) {
	ctx, at := context.Background(), time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	s := fake.NewRecommendations()
	p := &platform{budgets: map[string]budget.Micros{"c1": budget.FromDollars(40)}, fail: 1}
	r := approved(t, s, at)
	got, err := budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at)
	if err == nil || got.Status != budget.Approved || got.ApplyAttempts != 1 || got.ApplyError == "" {
		t.Fatalf("failed apply: %+v, %v", got, err)
	}
	stored, _, _ := s.Get(ctx, "org_a", r.ID)
	if stored.ApplyError == "" || p.budgets["c1"] != budget.FromDollars(40) {
		t.Fatalf("the failure was not recorded: %+v", stored)
	}
	got, err = budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at.Add(time.Hour))
	if err != nil || got.Status != budget.Applied || got.ApplyError != "" || p.budgets["c1"] != budget.FromDollars(48) {
		t.Fatalf("retry: %+v, %v, platform %v", got, err, p.budgets)
	}
	// A redelivered apply changes nothing.
	sets := p.sets
	if again, err := budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at.Add(2*time.Hour)); err != nil || again.Version != got.Version || p.sets != sets {
		t.Fatalf("second apply: %+v %v (%d sets)", again, err, p.sets-sets)
	}
	last := got.History[len(got.History)-1]
	if last.Before != budget.FromDollars(40) || last.After != budget.FromDollars(48) {
		t.Errorf("history %+v", got.History)
	}
}

func TestApplyRefusesABudgetChangedAtThePlatform(t *testing.T) {
	ctx, at := context.Background(), time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	s := fake.NewRecommendations()
	p := &platform{budgets: map[string]budget.Micros{"c1": budget.FromDollars(75)}}
	r := approved(t, s, at)
	got, err := budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at)
	if !errors.Is(err, budget.ErrChangedAtPlatform) || p.sets != 0 || got.ApplyAttempts != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	// An earlier attempt that set the budget but lost its record: applied
	// without setting it again.
	p.budgets["c1"] = budget.FromDollars(48)
	if got, err := budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at); err != nil || got.Status != budget.Applied || p.sets != 0 {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestRevertPutsTheBudgetBack(t *testing.T) {
	ctx, at := context.Background(), time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	s := fake.NewRecommendations()
	p := &platform{budgets: map[string]budget.Micros{"c1": budget.FromDollars(40)}}
	r := approved(t, s, at)
	if _, err := budget.Revert(ctx, s, p, "org_a", r.ID, "usr_o", at); !errors.Is(err, budget.ErrCannotNow) {
		t.Fatalf("reverted before applied: %v", err)
	}
	if _, err := budget.Apply(ctx, s, p, "org_a", r.ID, "auto", at); err != nil {
		t.Fatal(err)
	}
	p.fail = 1
	if got, err := budget.Revert(ctx, s, p, "org_a", r.ID, "usr_o", at); err == nil || got.Status != budget.Applied {
		t.Fatalf("failed revert: %+v %v", got, err)
	}
	got, err := budget.Revert(ctx, s, p, "org_a", r.ID, "usr_o", at.Add(time.Hour))
	if err != nil || got.Status != budget.Reverted || p.budgets["c1"] != budget.FromDollars(40) {
		t.Fatalf("%+v %v %v", got, err, p.budgets)
	}
	last := got.History[len(got.History)-1]
	if last.Before != budget.FromDollars(48) || last.After != budget.FromDollars(40) || last.By != "usr_o" {
		t.Errorf("revert event %+v", last)
	}
	if _, err := budget.Apply(ctx, s, p, "org_b", r.ID, "auto", at); !errors.Is(err, budget.ErrNotFound) {
		t.Errorf("another organization's recommendation: %v", err)
	}
}
