package api_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/jobs"
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

// TestRecommendationApprovalQueuesItsApply: a deployment whose API has no
// write access to the platforms queues an approved budget change's apply
// for the optimizer at once, in the organization's and the approver's
// name; a refused, repeated or foreign approval queues nothing; a queue
// failure leaves the approval standing.
func TestRecommendationApprovalQueuesItsApply(t *testing.T) {
	q := &optimizeQueue{}
	w, err := buildWorld(func(d *api.Deps) { d.BudgetApplier, d.OptimizeJobs = nil, q.send })
	if err != nil {
		t.Fatal(err)
	}
	f := w.newOrg(t)
	ctx := context.Background()
	got := must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 200)
	if got["status"] != "approved" || got["applyAttempts"] != float64(0) {
		t.Fatalf("approved: %v", got)
	}
	rec, _, err := w.deps.Recommendations.Get(ctx, f.id, f.rec)
	if err != nil {
		t.Fatal(err)
	}
	want := jobs.Optimize{OrgID: f.id, Day: rec.UpdatedAt.UTC().Format("2006-01-02"), RecommendationID: f.rec, Actor: f.market.id()}
	if sent := q.all(); len(sent) != 1 || sent[0] != want {
		t.Fatalf("queued %+v, want %+v", sent, want)
	}
	if err := want.Validate(); err != nil {
		t.Fatalf("the queued job is invalid: %v", err)
	}
	// Approving it again is refused and queues nothing.
	must(t, w.do(t, f.market, "POST", f.path("/recommendations/"+f.rec+"/approve"), nil, nil), 409)
	// Another organization's member cannot queue this organization's change.
	g := w.newOrg(t)
	must(t, w.do(t, g.owner, "POST", g.path("/recommendations/"+f.rec+"/approve"), nil, nil), 404)
	if n := len(q.all()); n != 1 {
		t.Fatalf("%d jobs after a refused and a foreign approval", n)
	}
	// The queue down: the approval stands, for the next run to apply.
	q.fail = true
	h := w.newOrg(t)
	got = must(t, w.do(t, h.market, "POST", h.path("/recommendations/"+h.rec+"/approve"), nil, nil), 200)
	if got["status"] != "approved" {
		t.Fatalf("approval with the queue down: %v", got)
	}
}

type optimizeQueue struct {
	mu   sync.Mutex
	jobs []jobs.Optimize
	fail bool
}

func (q *optimizeQueue) send(_ context.Context, job any) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail {
		return errors.New("queue unavailable")
	}
	q.jobs = append(q.jobs, job.(jobs.Optimize))
	return nil
}

func (q *optimizeQueue) all() []jobs.Optimize {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]jobs.Optimize(nil), q.jobs...)
}
