package weekly_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/weekly"
	"github.com/medspa-ai/backend/shared/fake"
)

type orgs map[string]weekly.Org

func (o orgs) Org(_ context.Context, id string) (weekly.Org, bool, error) {
	v, ok := o[id]
	return v, ok, nil
}

// autoApply lets id's budget changes within l apply without approval.
func (o orgs) autoApply(id string, l weekly.Limits) {
	org := o[id]
	org.AutoApply = map[budget.Rule]weekly.Limits{budget.RuleBudget: l}
	o[id] = org
}

type campaigns map[string][]budget.Campaign

func (c campaigns) Campaigns(_ context.Context, id string) ([]budget.Campaign, error) {
	return append([]budget.Campaign(nil), c[id]...), nil
}

// wednesday is in the week of Monday 2026-03-09.
var wednesday = time.Date(2026, 3, 11, 6, 0, 0, 0, time.UTC)

func world(t *testing.T) (weekly.Runner, orgs, *fake.CampaignDays, *fake.AdBudgets, *fake.Recommendations) {
	t.Helper()
	o := orgs{"org_a": {Active: true}, "org_b": {Active: true}}
	m := &fake.CampaignDays{}
	ad := fake.NewAdBudgets()
	cs := campaigns{}
	for _, org := range []string{"org_a", "org_b"} {
		for i, id := range []string{"good", "poor"} {
			cs[org] = append(cs[org], budget.Campaign{Platform: budget.Meta, CampaignID: id, Name: id, DailyBudget: budget.FromDollars(40), Active: true})
			ad.Set(org, budget.Meta, id, budget.FromDollars(40))
			for d := 1; d <= 56; d++ {
				leads := int64(0)
				if i == 0 || d%8 == 0 {
					leads = 1
				}
				m.Add(org, budget.CampaignDay{Platform: budget.Meta, CampaignID: id, Date: weekly.WeekStart(wednesday).AddDate(0, 0, -d).Format(time.DateOnly),
					Spend: budget.FromDollars(40), Leads: leads})
			}
		}
	}
	recs := fake.NewRecommendations()
	return weekly.Runner{Orgs: o, Campaigns: cs, Metrics: m, Recommendations: recs, Applier: ad}, o, m, ad, recs
}

func TestOptedOutOrRestrictedComputesNothing(t *testing.T) {
	ctx := context.Background()
	for name, org := range map[string]weekly.Org{
		"opted out":  {Active: true, AIOptOut: true},
		"restricted": {Active: true, Restricted: true},
		"cancelled":  {Active: false},
	} {
		r, o, m, _, recs := world(t)
		o["org_a"] = org
		res, err := r.Run(ctx, "org_a", wednesday)
		if err != nil || res.Skipped == "" || m.Reads != 0 {
			t.Fatalf("%s: %+v %v, %d metric reads", name, res, err, m.Reads)
		}
		if all, _, _ := recs.List(ctx, "org_a", "", 0); len(all) != 0 {
			t.Fatalf("%s: %d recommendations", name, len(all))
		}
	}
}

func TestRunIsIdempotentPerOrgAndWeek(t *testing.T) {
	ctx := context.Background()
	r, _, _, ad, recs := world(t)
	r.Applier = nil
	first, err := r.Run(ctx, "org_a", wednesday)
	if err != nil || first.Created == 0 || first.Skipped != "" {
		t.Fatalf("%+v %v", first, err)
	}
	again, err := r.Run(ctx, "org_a", wednesday.Add(5*time.Hour))
	if err != nil || again.Created != 0 || again.Existing != first.Created {
		t.Fatalf("rerun %+v %v", again, err)
	}
	a, _, _ := recs.List(ctx, "org_a", "", 0)
	if b, _, _ := recs.List(ctx, "org_b", "", 0); len(b) != 0 {
		t.Fatal("a run wrote another organization's recommendations")
	}
	var good budget.Recommendation
	for _, x := range a {
		if x.CampaignID == "good" && x.Rule == budget.RuleBudget {
			good = x
		}
	}
	if good.After != budget.FromDollars(48) || good.Status != budget.Proposed || good.WeekStart != "2026-03-09" {
		t.Fatalf("good campaign %+v", good)
	}
	if b, _ := ad.DailyBudget(ctx, "org_a", budget.Meta, "good"); b != budget.FromDollars(40) {
		t.Fatal("applied without auto-apply or approval")
	}
	// A week later the proposals expire and a new week's are made.
	next, err := r.Run(ctx, "org_a", wednesday.AddDate(0, 0, 7))
	if err != nil || next.Expired != first.Created || next.Created == 0 {
		t.Fatalf("next week %+v %v", next, err)
	}
}

func TestAutoApplyWithinTheGuardrailsAndRetry(t *testing.T) {
	ctx := context.Background()
	r, o, _, ad, recs := world(t)
	o.autoApply("org_a", weekly.Limits{MaxChange: 0.2})
	ad.Fail = 1
	res, err := r.Run(ctx, "org_a", wednesday)
	if err != nil || res.Applied != 1 || res.Failed != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	res, err = r.Run(ctx, "org_a", wednesday.Add(time.Hour))
	if err != nil || res.Applied != 1 || res.Failed != 0 || res.Created != 0 {
		t.Fatalf("retry %+v %v", res, err)
	}
	for id, want := range map[string]float64{"good": 48, "poor": 32} {
		if b, _ := ad.DailyBudget(ctx, "org_a", budget.Meta, id); b != budget.FromDollars(want) {
			t.Errorf("%s at %v, want %v (20%% at most)", id, b.Dollars(), want)
		}
	}
	all, _, _ := recs.List(ctx, "org_a", "", 0)
	for _, x := range all {
		if x.Rule == budget.RuleBudget && (x.Status != budget.Applied || x.History[0].By != budget.Auto) {
			t.Errorf("%+v", x)
		}
	}
	// Nothing applies twice.
	sets := ad.Sets
	if res, _ := r.Run(ctx, "org_a", wednesday.Add(2*time.Hour)); res.Applied != 0 || ad.Sets != sets {
		t.Fatalf("third run %+v", res)
	}
}

func TestAutoApplyHoldsWhatIsOutsideTheOwnersLimits(t *testing.T) {
	ctx := context.Background()
	r, o, _, ad, recs := world(t)
	// good would go from $40 to $48 (+20%): over a 10% limit; poor to $32
	// (-20%) too. With a 20% limit but a $45 cap, only poor applies.
	o.autoApply("org_a", weekly.Limits{MaxChange: 0.1})
	res, err := r.Run(ctx, "org_a", wednesday)
	if err != nil || res.Applied != 0 || res.Held != 2 || ad.Sets != 0 {
		t.Fatalf("10%% limit: %+v %v, %d sets", res, err, ad.Sets)
	}
	o.autoApply("org_a", weekly.Limits{MaxChange: 0.2, MaxDailyBudget: budget.FromDollars(45)})
	res, err = r.Run(ctx, "org_a", wednesday.Add(time.Hour))
	if err != nil || res.Applied != 1 || res.Held != 1 {
		t.Fatalf("$45 cap: %+v %v", res, err)
	}
	if b, _ := ad.DailyBudget(ctx, "org_a", budget.Meta, "good"); b != budget.FromDollars(40) {
		t.Errorf("good at %v: applied above the cap", b.Dollars())
	}
	all, _, _ := recs.List(ctx, "org_a", "", 0)
	for _, x := range all {
		if x.Rule == budget.RuleBudget && x.CampaignID == "good" && x.Status != budget.Proposed {
			t.Errorf("good %s, want it left proposed for a person", x.Status)
		}
	}
}

func TestAFailingApplyIsRetriedABoundedNumberOfTimesAndStaysVisible(t *testing.T) {
	ctx := context.Background()
	r, o, _, ad, recs := world(t)
	o.autoApply("org_a", weekly.Limits{MaxChange: 0.2})
	ad.Fail = 1000
	for i := range budget.MaxApplyAttempts + 2 {
		if _, err := r.Run(ctx, "org_a", wednesday.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	all, _, _ := recs.List(ctx, "org_a", "", 0)
	for _, x := range all {
		if x.Rule != budget.RuleBudget {
			continue
		}
		if x.Status != budget.Approved || x.ApplyAttempts != budget.MaxApplyAttempts || x.ApplyError == "" {
			t.Errorf("%s: %s after %d attempts, error %q", x.CampaignID, x.Status, x.ApplyAttempts, x.ApplyError)
		}
	}
}

// A campaign without a lead in 28 days drops to its floor ($8) while the
// other may grow only 20% ($40 to $48): the week spends $56 of the $80
// budgeted. Once those changes are applied, the next week's run carries the
// $80 on and places more of it ($57.60, another 20%); had a person changed
// a budget instead, the current total would stand.
func TestTheNextWeekPlacesWhatTheGuardrailsHeldBack(t *testing.T) {
	ctx := context.Background()
	m := &fake.CampaignDays{}
	ad := fake.NewAdBudgets()
	cs := campaigns{}
	start := weekly.WeekStart(wednesday)
	for _, id := range []string{"good", "dud"} {
		cs["org_a"] = append(cs["org_a"], budget.Campaign{Platform: budget.Meta, CampaignID: id, Name: id, DailyBudget: budget.FromDollars(40), Active: true})
		ad.Set("org_a", budget.Meta, id, budget.FromDollars(40))
		for d := 1; d <= 70; d++ {
			leads := int64(0)
			if id == "good" && d%2 == 0 {
				leads = 1
			}
			m.Add("org_a", budget.CampaignDay{Platform: budget.Meta, CampaignID: id, Date: start.AddDate(0, 0, -d).Format(time.DateOnly), Spend: budget.FromDollars(40), Leads: leads})
		}
	}
	o := orgs{"org_a": {Active: true, AutoApply: map[budget.Rule]weekly.Limits{budget.RuleBudget: {MaxChange: 0.8}}}}
	recs := fake.NewRecommendations()
	r := weekly.Runner{Orgs: o, Campaigns: cs, Metrics: m, Recommendations: recs, Applier: ad}
	if res, err := r.Run(ctx, "org_a", wednesday); err != nil || res.Applied != 2 {
		t.Fatalf("first week %+v %v", res, err)
	}
	want := map[string]float64{"good": 48, "dud": 8}
	for i, c := range cs["org_a"] {
		b, _ := ad.DailyBudget(ctx, "org_a", budget.Meta, c.CampaignID)
		if b != budget.FromDollars(want[c.CampaignID]) {
			t.Fatalf("%s at %v after the first week, want %v", c.CampaignID, b.Dollars(), want[c.CampaignID])
		}
		cs["org_a"][i].DailyBudget = b
	}
	// The second week's days: good keeps converting, dud does not.
	for d := 0; d < 7; d++ {
		for _, c := range cs["org_a"] {
			m.Add("org_a", budget.CampaignDay{Platform: budget.Meta, CampaignID: c.CampaignID, Date: start.AddDate(0, 0, d).Format(time.DateOnly), Spend: c.DailyBudget, Leads: map[string]int64{"good": 1}[c.CampaignID]})
		}
	}
	next := wednesday.AddDate(0, 0, 7)
	if _, err := r.Run(ctx, "org_a", next); err != nil {
		t.Fatal(err)
	}
	all, _, _ := recs.List(ctx, "org_a", "", 0)
	var good budget.Recommendation
	for _, x := range all {
		if x.Rule == budget.RuleBudget && x.CampaignID == "good" && x.WeekStart == start.AddDate(0, 0, 7).Format(time.DateOnly) {
			good = x
		}
	}
	if good.After != budget.FromDollars(57.6) || good.Budgeted != budget.FromDollars(80) {
		t.Fatalf("second week good %v (budgeted %v), want 57.60 toward the 80 budgeted", good.After.Dollars(), good.Budgeted.Dollars())
	}
}
