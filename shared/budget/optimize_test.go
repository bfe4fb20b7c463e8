package budget

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var monday = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)

// account builds an input of campaigns at daily budgets, each with days of
// history at that budget and leads spread evenly over them.
type camp struct {
	id     string
	pl     Platform
	budget float64
	leads  int // over the history
	days   int
}

func account(cs ...camp) Input {
	in := Input{OrgID: "org_a", WeekStart: monday, Settings: Settings{Goal: GoalLeads}}
	for _, c := range cs {
		pl := c.pl
		if pl == "" {
			pl = Meta
		}
		in.Campaigns = append(in.Campaigns, Campaign{Platform: pl, CampaignID: c.id, Name: "Campaign " + c.id, DailyBudget: FromDollars(c.budget), Active: true})
		days := c.days
		if days == 0 {
			days = 56
		}
		for d := 1; d <= days; d++ {
			leads := int64(0)
			// Spread the leads over the days, the most recent first.
			if c.leads > 0 && (d-1)*c.leads/days != d*c.leads/days {
				leads = 1
			}
			if c.leads > days {
				leads = int64(c.leads / days)
			}
			in.Days = append(in.Days, CampaignDay{Platform: pl, CampaignID: c.id, Date: monday.AddDate(0, 0, -d).Format(dateLayout), Spend: FromDollars(c.budget), Clicks: 20, Impressions: 1000, Leads: leads})
		}
	}
	return in
}

func change(t *testing.T, p Plan, id string) BudgetChange {
	t.Helper()
	for _, c := range p.Changes {
		if c.CampaignID == id {
			return c
		}
	}
	t.Fatalf("no recommendation for %s in %+v", id, p.Changes)
	return BudgetChange{}
}

func mustOptimize(t *testing.T, in Input) Plan {
	t.Helper()
	p, err := Optimize(in, DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	if v := Check(in, p); len(v) > 0 {
		t.Fatalf("the optimiser broke its own guardrails: %v", v)
	}
	return p
}

func TestMoneyMovesToTheCheaperCampaignAtMostTwentyPercent(t *testing.T) {
	in := account(camp{id: "good", budget: 40, leads: 40}, camp{id: "poor", budget: 40, leads: 6})
	p := mustOptimize(t, in)
	good, poor := change(t, p, "good"), change(t, p, "poor")
	if good.Recommended != FromDollars(48) || poor.Recommended != FromDollars(32) {
		t.Fatalf("good %v poor %v, want 48 and 32 (the 20%% limit)", good.Recommended.Dollars(), poor.Recommended.Dollars())
	}
	if !slices.Contains(good.Limits, LimitWeeklyChange) || !slices.Contains(poor.Limits, LimitWeeklyChange) {
		t.Errorf("limits not named: %v %v", good.Limits, poor.Limits)
	}
	if p.Total != FromDollars(80) {
		t.Errorf("total %v, want the current 80", p.Total.Dollars())
	}
	if !strings.Contains(good.Reason, "Raise the daily budget from $40.00 to $48.00") || !strings.Contains(good.Reason, "20% a week") {
		t.Errorf("reason: %s", good.Reason)
	}
	if !strings.Contains(poor.Reason, "Lower") || !strings.Contains(poor.Reason, "dearer than the account's") {
		t.Errorf("reason: %s", poor.Reason)
	}
	if !(good.Effect.Low <= good.Effect.Mean && good.Effect.Mean <= good.Effect.High && good.Effect.Mean > 0) {
		t.Errorf("effect interval %+v", good.Effect)
	}
	if !(p.Effect.Low <= p.Effect.Mean && p.Effect.Mean <= p.Effect.High) {
		t.Errorf("plan effect %+v", p.Effect)
	}
}

func TestWeeklyChangeLimitOverManyWeeks(t *testing.T) {
	in := account(camp{id: "a", budget: 30, leads: 60}, camp{id: "b", budget: 30, leads: 2}, camp{id: "c", budget: 30, leads: 10})
	for week := 0; week < 8; week++ {
		p := mustOptimize(t, in)
		for i, c := range in.Campaigns {
			ch := change(t, p, c.CampaignID)
			r := ch.Recommended.Dollars() / c.DailyBudget.Dollars()
			if r > 1.2+1e-3 || (r < 0.8-1e-3 && ch.Recommended.Dollars() > 0.2*90/3+0.01) {
				t.Fatalf("week %d: %s moved by %.3f", week, c.CampaignID, r)
			}
			in.Campaigns[i].DailyBudget = ch.Recommended
		}
		in.WeekStart = in.WeekStart.AddDate(0, 0, 7)
	}
}

func TestExplorationFloorKeepsEveryCampaignFunded(t *testing.T) {
	// b is four times dearer; week after week it is cut, never below its
	// floor: 20% of the total spread over three campaigns.
	in := account(camp{id: "a", budget: 30, leads: 40}, camp{id: "b", budget: 30, leads: 3}, camp{id: "c", budget: 30, leads: 40})
	floor := FromDollars(0.2 * 90 / 3)
	var b BudgetChange
	for week := 0; week < 12; week++ {
		p := mustOptimize(t, in)
		b = change(t, p, "b")
		for i := range in.Campaigns {
			in.Campaigns[i].DailyBudget = change(t, p, in.Campaigns[i].CampaignID).Recommended
		}
	}
	if b.Recommended != floor || !slices.Contains(b.Limits, LimitFloor) {
		t.Fatalf("b at %v with %v, want its floor %v", b.Recommended.Dollars(), b.Limits, floor.Dollars())
	}
	if !strings.Contains(b.Reason, "exploration floor") {
		t.Errorf("reason: %s", b.Reason)
	}
}

func TestZeroLeadsOverTheWindowGetsOnlyTheFloor(t *testing.T) {
	in := account(camp{id: "a", budget: 40, leads: 20}, camp{id: "dud", budget: 40, leads: 0}, camp{id: "new", budget: 40, leads: 0, days: 10})
	p := mustOptimize(t, in)
	floor := FromDollars(0.2 * 120 / 3)
	dud := change(t, p, "dud")
	if dud.Recommended != floor || !slices.Equal(dud.Limits, []Limit{LimitZeroLeads}) {
		t.Fatalf("dud at %v %v, want the floor %v (zero leads in 28 days)", dud.Recommended.Dollars(), dud.Limits, floor.Dollars())
	}
	if !strings.Contains(dud.Reason, "without a single lead") {
		t.Errorf("reason: %s", dud.Reason)
	}
	// Ten days without a lead is too short a window to judge.
	nw := change(t, p, "new")
	if nw.Recommended < FromDollars(32) || slices.Contains(nw.Limits, LimitZeroLeads) {
		t.Errorf("new campaign at %v %v: held as if it had run the whole window", nw.Recommended.Dollars(), nw.Limits)
	}
	// A lead a month ago, inside the window, lifts the rule.
	for i := range in.Days {
		if in.Days[i].CampaignID == "dud" && in.Days[i].Date == monday.AddDate(0, 0, -20).Format(dateLayout) {
			in.Days[i].Leads = 1
		}
	}
	if d := change(t, mustOptimize(t, in), "dud"); slices.Contains(d.Limits, LimitZeroLeads) {
		t.Errorf("a campaign with a lead in the window is held at its floor: %+v", d)
	}
}

func TestMonthlyCapsHold(t *testing.T) {
	in := account(camp{id: "m1", budget: 40, leads: 40}, camp{id: "m2", budget: 40, leads: 30}, camp{id: "g1", pl: Google, budget: 40, leads: 5})
	// Meta may spend $2,480 in March; March 1-8 spent $640: $1,840 over
	// the 23 days left is $80 a day, exactly today's Meta total.
	in.Settings.MonthlyCap = map[Platform]Micros{Meta: FromDollars(2480)}
	caps := DailyCaps(in.Settings.MonthlyCap, in.Days, monday)
	if caps[Meta] != FromDollars(80) {
		t.Fatalf("daily cap %v, want 80", caps[Meta].Dollars())
	}
	p := mustOptimize(t, in)
	meta := change(t, p, "m1").Recommended + change(t, p, "m2").Recommended
	if meta > FromDollars(80) {
		t.Fatalf("meta at %v a day over its cap 80", meta.Dollars())
	}
	if !slices.Contains(change(t, p, "m1").Limits, LimitCap) || !strings.Contains(change(t, p, "m1").Reason, "monthly cap") {
		t.Errorf("the cap is not named: %+v", change(t, p, "m1"))
	}
	// A cap below what the campaigns spend today cuts them, even by more
	// than 20%: the owner's cap is the owner's money.
	in.Settings.MonthlyCap[Meta] = FromDollars(640 + 23*50)
	p = mustOptimize(t, in)
	if meta := change(t, p, "m1").Recommended + change(t, p, "m2").Recommended; meta > FromDollars(50) {
		t.Fatalf("meta at %v a day over its cap 50", meta.Dollars())
	}
	// The week that runs into April is held to April's share as well.
	in.Settings.MonthlyCap[Meta] = FromDollars(3000)
	caps = DailyCaps(in.Settings.MonthlyCap, nil, time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC))
	if caps[Meta] != FromDollars(100) {
		t.Errorf("cap at the end of March %v, want April's 3000/30", caps[Meta].Dollars())
	}
}

func TestSmallNumbersAreShrunkTowardTheAccount(t *testing.T) {
	// One lead from $50 looks like $50 a lead against the account's $200,
	// but one lead is no evidence: its posterior sits near the account's.
	in := account(camp{id: "a", budget: 40, leads: 11}, camp{id: "b", budget: 40, leads: 11}, camp{id: "lucky", budget: 50, leads: 1, days: 1})
	keys := []Key{{Meta, "a"}, {Meta, "b"}, {Meta, "lucky"}}
	post, pooled := DefaultModel.posteriors(keys, in.Days, monday, 28)
	raw := 1 / DefaultModel.exposure(50)
	got := post[Key{Meta, "lucky"}].Mean()
	if !(got < raw/2 && got > pooled) {
		t.Fatalf("lucky posterior mean %g, pooled %g, raw %g: want shrunk well toward the pool", got, pooled, raw)
	}
	if !strings.Contains(change(t, mustOptimize(t, in), "lucky").Reason, "leans on the account's average") {
		t.Error("reason does not say the estimate is uncertain")
	}
}

func TestSamePlanForTheSameDayAndNoOtherCampaigns(t *testing.T) {
	in := account(camp{id: "a", budget: 40, leads: 12}, camp{id: "b", budget: 25, leads: 4}, camp{id: "c", pl: Google, budget: 35, leads: 9})
	m := DefaultModel
	m.Draws = 32 // the Thompson path draws too
	p1, _ := Optimize(in, m)
	// Rows of a campaign the organization does not run are ignored.
	in.Days = append(in.Days, CampaignDay{Platform: Meta, CampaignID: "other", Date: "2026-03-01", Spend: FromDollars(500), Leads: 90})
	p2, _ := Optimize(in, m)
	if !reflect.DeepEqual(p1, p2) {
		t.Fatalf("plans differ:\n%+v\n%+v", p1, p2)
	}
	if v := Check(in, p1); len(v) > 0 {
		t.Fatal(v)
	}
	in.Campaigns[1].Active = false
	p3, _ := Optimize(in, m)
	if len(p3.Changes) != 2 {
		t.Errorf("paused campaign allocated: %+v", p3.Changes)
	}
	in.Campaigns = nil
	if _, err := Optimize(in, m); err != ErrNoCampaigns {
		t.Errorf("err %v", err)
	}
}

// Check is the auditor the simulator counts violations with: it must catch
// each broken rule.
func TestCheckCatchesEveryBrokenRule(t *testing.T) {
	in := account(camp{id: "a", budget: 40, leads: 20}, camp{id: "b", budget: 40, leads: 20}, camp{id: "dud", budget: 40, leads: 0})
	in.Settings.MonthlyCap = map[Platform]Micros{Meta: FromDollars(248 + 120*31)}
	plan := func(a, b, dud float64) Plan {
		p := Plan{}
		for id, v := range map[string]float64{"a": a, "b": b, "dud": dud} {
			p.Changes = append(p.Changes, BudgetChange{Platform: Meta, CampaignID: id, Recommended: FromDollars(v)})
			p.Total += FromDollars(v)
		}
		return p
	}
	for _, tc := range []struct {
		a, b, dud float64
		want      Limit
	}{
		{a: 48, b: 48, dud: 8, want: ""},
		{a: 49, b: 47, dud: 8, want: LimitWeeklyChange},
		{a: 60, b: 31, dud: 8, want: LimitWeeklyChange},
		{a: 48, b: 40, dud: 10, want: LimitZeroLeads},
		{a: 48, b: 48, dud: 7, want: LimitFloor},
		{a: 48, b: 48, dud: 30, want: LimitZeroLeads},
	} {
		v := Check(in, plan(tc.a, tc.b, tc.dud))
		if tc.want == "" && len(v) > 0 || tc.want != "" && !slices.ContainsFunc(v, func(x Violation) bool { return x.Limit == tc.want }) {
			t.Errorf("%v/%v/%v: violations %v, want %q", tc.a, tc.b, tc.dud, v, tc.want)
		}
	}
	in.Settings.MonthlyCap[Meta] = FromDollars(2480)
	if v := Check(in, plan(40, 40, 8)); !slices.ContainsFunc(v, func(x Violation) bool { return x.Limit == LimitCap }) {
		t.Errorf("over the cap: %v", v)
	}
}

// The saturating curve: its marginal, inverted by curveSpendAt, is the
// derivative of the exposure; it falls faster with spend than the power
// law's, so the same evidence moves less money into a campaign far above
// the account's usual budget; and Saturation 0 is the power law.
func TestSaturatingCurve(t *testing.T) {
	m := Model{Elasticity: 0.8, Saturation: 3, satScale: 90}
	at := curveSpendAt([]float64{0.05}, m)
	for _, lambda := range []float64{0.002, 0.01, 0.03} {
		s := at(0, lambda)
		const h = 1e-4
		d := 0.05 * (m.exposure(s+h) - m.exposure(s-h)) / (2 * h)
		if d < lambda*0.999 || d > lambda*1.001 {
			t.Errorf("lambda %.3f: spend %.2f has marginal %.5f", lambda, s, d)
		}
	}
	power := Model{Elasticity: 0.8}
	if m.exposure(300)/m.exposure(30) >= power.exposure(300)/power.exposure(30) {
		t.Error("the saturating curve gains as much from 10x spend as the power law")
	}
	pa, pb := curveSpendAt([]float64{0.05}, power), powerSpendAt([]float64{0.05}, 0.8)
	if a, b := pa(0, 0.01), pb(0, 0.01); a != b {
		t.Errorf("Saturation 0: %.4f, the power law %.4f", a, b)
	}
}

// Saturation is relative to the account's budgets: an account spending
// ten times as much for the same leads gets the same shares (a fixed
// saturation in dollars would not), and close costs per lead move budget
// less than the weekly limit.
func TestSaturationScalesWithTheAccount(t *testing.T) {
	small := account(camp{id: "a", budget: 20, leads: 28}, camp{id: "b", budget: 20, leads: 25})
	big := account(camp{id: "a", budget: 200, leads: 28}, camp{id: "b", budget: 200, leads: 25})
	ps, err := Optimize(small, DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := Optimize(big, DefaultModel)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps.Changes {
		s := ps.Changes[i].Recommended.Dollars() / 20
		b := pb.Changes[i].Recommended.Dollars() / 200
		if s-b > 0.001 || b-s > 0.001 {
			t.Errorf("%s: %.3f of its budget in the small account, %.3f in the big one", ps.Changes[i].CampaignID, s, b)
		}
		if s <= 0.81 || s >= 1.19 || s == 1 {
			t.Errorf("%s moved to %.3f of its budget: want a move inside the weekly limit", ps.Changes[i].CampaignID, s)
		}
	}
}

// Two campaigns, one without a lead in 28 days: it drops to its floor at
// once while the other may grow only 20%, so the week spends less than the
// organization budgeted. The next weeks place the rest again, each campaign
// still within 20% a week, never above what was budgeted; without a
// budgeted total the shortfall would stay for good.
func TestAShortfallTheGuardrailsForcedIsPlacedAgainLater(t *testing.T) {
	in := account(camp{id: "a", budget: 40, leads: 30}, camp{id: "dud", budget: 40, leads: 0})
	p := mustOptimize(t, in)
	if p.Total != FromDollars(48+8) || p.Budgeted != FromDollars(80) {
		t.Fatalf("first week total %v budgeted %v, want 56 of 80", p.Total.Dollars(), p.Budgeted.Dollars())
	}
	var totals []float64
	for week := 0; week < 4; week++ {
		for i, c := range in.Campaigns {
			in.Campaigns[i].DailyBudget = change(t, p, c.CampaignID).Recommended
		}
		in.WeekStart = in.WeekStart.AddDate(0, 0, 7)
		in.Budgeted = 0
		without := mustOptimize(t, in)
		in.Budgeted = p.Budgeted
		p = mustOptimize(t, in)
		if p.Total <= without.Total && p.Total < FromDollars(80) {
			t.Fatalf("week %d: %v with the budgeted total, %v without", week+2, p.Total.Dollars(), without.Total.Dollars())
		}
		totals = append(totals, p.Total.Dollars())
	}
	if totals[len(totals)-1] != 80 {
		t.Errorf("daily totals %v: never back to the 80 budgeted", totals)
	}
	// A plan above the budgeted total breaks the guardrails.
	over := p
	over.Changes = slices.Clone(p.Changes)
	over.Changes[0].Recommended += FromDollars(5)
	if v := Check(in, over); !slices.ContainsFunc(v, func(x Violation) bool { return x.Limit == LimitCap && x.CampaignID == "total" }) {
		t.Errorf("a total over the budgeted passed: %v", v)
	}
}

func TestTheReasonSaysWhyTheTotalRises(t *testing.T) {
	in := account(camp{id: "a", budget: 48, leads: 30}, camp{id: "dud", budget: 8, leads: 0})
	in.Budgeted = FromDollars(80)
	a := change(t, mustOptimize(t, in), "a")
	if a.Recommended != FromDollars(57.6) || !strings.Contains(a.Reason, "add up to $56.00, below the $80.00 it budgeted") {
		t.Fatalf("%v: %s", a.Recommended.Dollars(), a.Reason)
	}
}
