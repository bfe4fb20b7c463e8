package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// Recommendations is budget.Store's contract: a day's rerun cannot write a
// recommendation twice, updates are versioned, pages are in ID order, and
// one organization never sees another's.
func Recommendations(t *testing.T, newStore func(*testing.T) budget.Store) {
	s := newStore(t)
	orgID, other := ids.New("org"), ids.New("org")
	at := now()
	plan := budget.Plan{OrgID: orgID, WeekStart: at.Format("2006-01-02"), Changes: []budget.BudgetChange{
		{Platform: budget.Meta, CampaignID: "120210001", Current: 40_000_000, Recommended: 48_000_000, Reason: "Raise.", Effect: budget.Interval{Mean: 1.2, Low: 0.3, High: 2.1}},
		{Platform: budget.Google, CampaignID: "2002", Current: 30_000_000, Recommended: 24_000_000, Reason: "Lower."},
		{Platform: budget.Google, CampaignID: "2003", Current: 30_000_000, Recommended: 30_000_000, Reason: "Keep."},
	}}
	recs := budget.FromPlan(plan, at)
	if len(recs) != 2 {
		t.Fatalf("FromPlan made %d recommendations, want 2 (a kept budget needs none)", len(recs))
	}
	for _, r := range recs {
		ok(t, "create", s.Create(ctx, r))
	}
	is(t, "create again", s.Create(ctx, recs[0]), budget.ErrExists)
	foreign := recs[0]
	foreign.OrgID = other
	ok(t, "other org's", s.Create(ctx, foreign))

	got, found, err := s.Get(ctx, orgID, recs[0].ID)
	ok(t, "get", err)
	if !found || got.Version != 1 || got.After != 48_000_000 || got.Effect != recs[0].Effect || got.Status != budget.Proposed || !got.CreatedAt.Equal(at) {
		t.Fatalf("get = %+v, %v", got, found)
	}
	if _, found, err := s.Get(ctx, orgID, "rec_none"); err != nil || found {
		t.Fatalf("missing = %v, %v", found, err)
	}

	// A stale writer loses; the history grows with each move.
	approved, err := got.Move(budget.Approved, "usr_a", at.Add(time.Minute), "")
	ok(t, "move", err)
	ok(t, "update", s.Update(ctx, approved))
	is(t, "stale update", s.Update(ctx, approved), budget.ErrStale)
	failed := approved.ApplyFailed("auto", at.Add(2*time.Minute), errors.New("platform answered 500"))
	ok(t, "update failed", s.Update(ctx, failed))
	applied, err := failed.Move(budget.Applied, "auto", at.Add(3*time.Minute), "")
	ok(t, "apply", err)
	ok(t, "update applied", s.Update(ctx, applied))
	got, _, err = s.Get(ctx, orgID, recs[0].ID)
	ok(t, "get applied", err)
	if got.Status != budget.Applied || got.Version != 4 || got.ApplyAttempts != 1 || got.ApplyError != "" || len(got.History) != 3 ||
		got.History[2].Before != 40_000_000 || got.History[2].After != 48_000_000 || !got.History[0].At.Equal(at.Add(time.Minute)) {
		t.Fatalf("applied = %+v", got)
	}
	missing := got
	missing.ID, missing.Version = "rec_missing", 2
	is(t, "update missing", s.Update(ctx, missing), budget.ErrNotFound)

	page, next, err := s.List(ctx, orgID, "", 1)
	ok(t, "list", err)
	if len(page) != 1 || next == "" {
		t.Fatalf("first page %d, next %q", len(page), next)
	}
	rest, next2, err := s.List(ctx, orgID, next, 10)
	ok(t, "list rest", err)
	if len(rest) != 1 || next2 != "" || rest[0].ID <= page[0].ID {
		t.Fatalf("rest %+v, next %q", rest, next2)
	}
	all, _, err := s.List(ctx, other, "", 0)
	ok(t, "list other", err)
	if len(all) != 1 || all[0].OrgID != other || all[0].Status != budget.Proposed {
		t.Fatalf("other org's = %+v", all)
	}
}
