package budget

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRecommendationLife(t *testing.T) {
	at := monday.Add(9 * time.Hour)
	recs := FromPlan(Plan{OrgID: "org_a", WeekStart: "2026-03-09", Changes: []BudgetChange{{Platform: Meta, CampaignID: "1 2", Current: FromDollars(40), Recommended: FromDollars(48)}}}, at)
	r := recs[0]
	if r.ID != "rec_20260309_budget_meta_1-2" || r.Status != Proposed || !r.ValidUntil.Equal(monday.AddDate(0, 0, 7)) {
		t.Fatalf("%+v", r)
	}
	if _, err := r.Move(Applied, "usr", at, ""); !errors.Is(err, ErrCannotNow) {
		t.Fatalf("proposed applied without approval: %v", err)
	}
	a, err := r.Move(Approved, "usr", at, "")
	if err != nil {
		t.Fatal(err)
	}
	ap, err := a.Move(Applied, "usr", at, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ap.Move(Rejected, "usr", at, ""); !errors.Is(err, ErrCannotNow) {
		t.Fatalf("applied rejected: %v", err)
	}
	rv, err := ap.Move(Reverted, "usr", at.AddDate(0, 0, 10), "")
	if err != nil {
		t.Fatal(err)
	}
	last := rv.History[len(rv.History)-1]
	if last.Before != FromDollars(48) || last.After != FromDollars(40) || rv.Version != 4 || len(ap.History) != 2 {
		t.Fatalf("revert event %+v version %d (applied's history %d)", last, rv.Version, len(ap.History))
	}
	if _, err := r.Move(Approved, "usr", monday.AddDate(0, 0, 7), ""); err == nil || !strings.Contains(err.Error(), "week is over") {
		t.Fatalf("approved after its week: %v", err)
	}
	if e, err := r.Move(Expired, "optimizer", monday.AddDate(0, 0, 8), ""); err != nil || e.Status != Expired {
		t.Fatalf("expire: %v", err)
	}
	f := a.ApplyFailed("auto", at, errors.New("meta: 500"))
	if f.Status != Approved || f.ApplyAttempts != 1 || f.ApplyError != "meta: 500" || f.Version != a.Version+1 {
		t.Fatalf("failed apply %+v", f)
	}
}

// Last week's budgeted total carries on only while its plan stands as
// applied; anything a person did instead resets it.
func TestCarriedBudget(t *testing.T) {
	at := monday.Add(9 * time.Hour)
	last := monday.AddDate(0, 0, -7)
	plan := Plan{OrgID: "org_a", WeekStart: last.Format(dateLayout), Budgeted: FromDollars(80), Changes: []BudgetChange{
		{Platform: Meta, CampaignID: "a", Current: FromDollars(40), Recommended: FromDollars(48)},
		{Platform: Meta, CampaignID: "dud", Current: FromDollars(40), Recommended: FromDollars(8)},
	}}
	applied := func() []Recommendation {
		var out []Recommendation
		for _, r := range FromPlan(plan, at.AddDate(0, 0, -7)) {
			r.Status = Applied
			out = append(out, r)
		}
		return out
	}
	camps := func() []Campaign {
		return []Campaign{{Platform: Meta, CampaignID: "a", DailyBudget: FromDollars(48), Active: true}, {Platform: Meta, CampaignID: "dud", DailyBudget: FromDollars(8), Active: true}}
	}
	if got := CarriedBudget(applied(), camps(), monday); got != FromDollars(80) {
		t.Fatalf("applied as planned: %v, want 80", got.Dollars())
	}
	if got := CarriedBudget(applied(), camps(), monday.AddDate(0, 0, 7)); got != 0 {
		t.Errorf("a plan two weeks old carried %v", got.Dollars())
	}
	rejected := applied()
	rejected[1].Status = Rejected
	edited, paused := camps(), camps()
	edited[0].DailyBudget = FromDollars(45)
	paused[1].Active = false
	for name, tc := range map[string]struct {
		recs  []Recommendation
		camps []Campaign
	}{
		"a change rejected":           {rejected, camps()},
		"a budget edited by a person": {applied(), edited},
		"a campaign paused":           {applied(), paused},
		"no plan last week":           {nil, camps()},
	} {
		if got := CarriedBudget(tc.recs, tc.camps, monday); got != 0 {
			t.Errorf("%s: carried %v", name, got.Dollars())
		}
	}
}
