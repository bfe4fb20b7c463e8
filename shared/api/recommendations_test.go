package api_test

import (
	"context"
	"testing"

	"github.com/medspa-ai/backend/shared/budget"
)

// TestRecommendationApproveApplyRevert: a marketer approves a budget
// change and it reaches the platform; a failed apply stays approved with
// its error; an admin reverts an applied change; another organization's
// members see none of it.
func TestRecommendationApproveApplyRevert(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	ctx := context.Background()
	rec, _, err := w.deps.Recommendations.Get(ctx, f.id, f.rec)
	if err != nil {
		t.Fatal(err)
	}
	list := must(t, w.do(t, f.viewer, "GET", f.path("/recommendations"), nil, nil), 200)
	if items := list["items"].([]any); len(items) != 2 {
		t.Fatalf("list %v", list)
	}
	// The platform fails once: the approval stands, the error shows.
	w.budgets.Set(f.id, rec.Platform, rec.CampaignID, rec.Before)
	w.budgets.Fail = 1
	got := must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 200)
	if got["status"] != "approved" || str(got, "applyError") == "" || got["applyAttempts"] != float64(1) {
		t.Fatalf("failed apply: %v", got)
	}
	// The optimiser's next run retries it.
	if r, err := budget.Apply(ctx, w.deps.Recommendations, w.budgets, f.id, f.rec, budget.Auto, rec.CreatedAt); err != nil || r.Status != budget.Applied {
		t.Fatalf("retry: %+v %v", r, err)
	}
	if b, _ := w.budgets.DailyBudget(ctx, f.id, rec.Platform, rec.CampaignID); b != rec.After {
		t.Fatalf("platform budget %v, want %v", b, rec.After)
	}
	// Rejecting an applied change is refused; a marketer cannot revert.
	must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/reject"), nil, nil), 409)
	must(t, w.do(t, f.market, "POST", f.path("/budget-changes/"+f.rec+"/revert"), nil, nil), 403)
	got = must(t, w.do(t, f.admin, "POST", f.path("/budget-changes/"+f.rec+"/revert"), nil, nil), 200)
	hist := got["history"].([]any)
	last := hist[len(hist)-1].(map[string]any)
	if got["status"] != "reverted" || last["beforeCents"] != float64(4800) || last["afterCents"] != float64(4000) || last["by"] != f.admin.id() {
		t.Fatalf("revert: %v", got)
	}
	if b, _ := w.budgets.DailyBudget(ctx, f.id, rec.Platform, rec.CampaignID); b != rec.Before {
		t.Fatalf("platform budget after revert %v", b)
	}
	must(t, w.do(t, f.admin, "POST", f.path("/budget-changes/"+f.rec+"/revert"), nil, nil), 409)

	// Another organization: its owner gets 404 on this one's ID in its own
	// path, and this organization's path is 404 to a non-member.
	g := w.newOrg(t)
	must(t, w.do(t, g.owner, "GET", g.path("/recommendations/"+f.rec), nil, nil), 404)
	must(t, w.do(t, g.owner, "GET", f.path("/recommendations"), nil, nil), 404)
	must(t, w.do(t, g.owner, "POST", g.path("/recommendations/"+f.rec+"/approve"), nil, nil), 404)
	must(t, w.do(t, f.owner, "GET", f.path("/recommendations/rec_bad id"), nil, nil), 404)
}

// TestRecommendationApprovalHonoursOptOut: an organization's or a user's
// AI opt-out, or a restriction, refuses an approval and changes nothing.
func TestRecommendationApprovalHonoursOptOut(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	set := validSettings()
	set["aiOptOut"] = true
	must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")), 200)
	p := must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 403)
	if str(p, "type") != "https://api.medspa.ai/problems/ai-opt-out" {
		t.Fatalf("%v", p)
	}
	set["aiOptOut"] = false
	must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")), 200)
	must(t, w.do(t, f.market, "PATCH", "/v1/me", map[string]any{"aiProcessingOptOut": true}, map[string]string{"If-Match": `"0"`}), 200)
	must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 403)
	got := must(t, w.do(t, f.viewer, "GET", f.path("/recommendations/"+f.rec), nil, nil), 200)
	if got["status"] != "proposed" || len(got["history"].([]any)) != 0 {
		t.Fatalf("a refused approval changed it: %v", got)
	}
	must(t, w.do(t, f.admin, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 200)
}
