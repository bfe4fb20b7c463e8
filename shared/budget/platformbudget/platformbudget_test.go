package platformbudget_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/platformbudget"
	"github.com/medspa-ai/backend/shared/fake"
)

// world is the simulator, its first Meta ad account and first Google
// client with a campaign each, and a client whose resolver knows them.
func world(t *testing.T, metaScopes ...string) (*adplatform.Server, *platformbudget.Client, string, string, string) {
	t.Helper()
	srv := adplatform.StartTest(t, adplatform.Options{Seed: 1})
	meta := srv.Accounts(adplatform.Meta)[0]
	var google adplatform.Account
	for _, a := range srv.Accounts(adplatform.Google) {
		if a.Direct && !a.Manager {
			google = a
		}
	}
	mc, gc := srv.Campaigns(meta.ID)[0].ID, srv.Campaigns(google.ID)[0].ID
	mt := srv.IssueToken(adplatform.Meta, metaScopes...).AccessToken
	gt := srv.IssueToken(adplatform.Google, adplatform.AdWordsScope).AccessToken
	c := platformbudget.New(platformbudget.Config{MetaGraphURL: srv.MetaGraphURL() + "/" + adplatform.MetaVersion, GoogleAdsURL: srv.GoogleAdsURL() + "/" + adplatform.GoogleAdsVersion,
		DeveloperToken: srv.Options().GoogleDeveloperToken},
		func(_ context.Context, orgID string, p budget.Platform, id string) (platformbudget.Access, error) {
			if orgID != "org_a" {
				return platformbudget.Access{}, errors.New("no connection of this organization holds the campaign")
			}
			if p == budget.Meta {
				return platformbudget.Access{Token: mt, AccountID: meta.ID}, nil
			}
			return platformbudget.Access{Token: gt, AccountID: google.ID}, nil
		})
	return srv, c, mc, gc, mt
}

func TestReadAndWriteBudgetsAtBothPlatforms(t *testing.T) {
	ctx := context.Background()
	srv, c, mc, gc, _ := world(t, "ads_read", "ads_management")
	for _, tc := range []struct {
		p  budget.Platform
		id string
	}{{budget.Meta, mc}, {budget.Google, gc}} {
		truth, _ := srv.DailyBudget(tc.id)
		got, err := c.DailyBudget(ctx, "org_a", tc.p, tc.id)
		if err != nil || int64(got) != truth {
			t.Fatalf("%s read %v, %v; truth %d", tc.p, got, err, truth)
		}
		if err := c.SetDailyBudget(ctx, "org_a", tc.p, tc.id, budget.FromDollars(48.5)); err != nil {
			t.Fatalf("%s write: %v", tc.p, err)
		}
		if truth, _ := srv.DailyBudget(tc.id); truth != 48_500_000 {
			t.Fatalf("%s budget at the platform %d", tc.p, truth)
		}
		if got, _ := c.DailyBudget(ctx, "org_a", tc.p, tc.id); got != budget.FromDollars(48.5) {
			t.Fatalf("%s read back %v", tc.p, got)
		}
		if _, err := c.DailyBudget(ctx, "org_b", tc.p, tc.id); err == nil {
			t.Fatalf("%s: another organization read the campaign", tc.p)
		}
	}
}

func TestFailuresAreReportedAndRetried(t *testing.T) {
	ctx := context.Background()
	srv, c, mc, gc, tok := world(t, "ads_read")
	// Without ads_management Meta refuses the write, and says why.
	err := c.SetDailyBudget(ctx, "org_a", budget.Meta, mc, budget.FromDollars(30))
	if !errors.Is(err, platformbudget.ErrPlatform) || !strings.Contains(err.Error(), "ads_management") || strings.Contains(err.Error(), tok) {
		t.Fatalf("meta without the write scope: %v", err)
	}
	// A 5xx burst fails the apply, which stays approved with its error;
	// the next attempt succeeds.
	store := fake.NewRecommendations()
	before, err := c.DailyBudget(ctx, "org_a", budget.Google, gc)
	if err != nil {
		t.Fatal(err)
	}
	recs := budget.FromPlan(budget.Plan{OrgID: "org_a", WeekStart: "2026-12-07", Changes: []budget.BudgetChange{{Platform: budget.Google, CampaignID: gc,
		Current: before, Recommended: before + budget.FromDollars(5)}}}, srv.Now())
	r := recs[0]
	r.ValidUntil = srv.Now().AddDate(0, 0, 7)
	if err := store.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	r, _ = r.Move(budget.Approved, "usr_m", srv.Now(), "")
	if err := store.Update(ctx, r); err != nil {
		t.Fatal(err)
	}
	srv.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Google, Times: 1})
	got, err := budget.Apply(ctx, store, c, "org_a", r.ID, budget.Auto, srv.Now())
	if err == nil || got.Status != budget.Approved || got.ApplyAttempts != 1 || !strings.Contains(got.ApplyError, "500") {
		t.Fatalf("apply under a 5xx: %+v %v", got, err)
	}
	if got, err = budget.Apply(ctx, store, c, "org_a", r.ID, budget.Auto, srv.Now()); err != nil || got.Status != budget.Applied {
		t.Fatalf("retry: %+v %v", got, err)
	}
	if truth, _ := srv.DailyBudget(gc); truth != int64(before+budget.FromDollars(5)) {
		t.Fatalf("google budget %d", truth)
	}
	// Revert puts the budget back at the platform.
	if got, err = budget.Revert(ctx, store, c, "org_a", r.ID, "usr_a", srv.Now()); err != nil || got.Status != budget.Reverted {
		t.Fatalf("revert: %+v %v", got, err)
	}
	if truth, _ := srv.DailyBudget(gc); truth != int64(before) {
		t.Fatalf("google budget after revert %d, want %d", truth, before)
	}
}
