package campaigns

import (
	"runtime"
	"testing"

	"github.com/medspa-ai/backend/shared/budget"
)

// A reduced make sim-optimize: 40 of the tuning seeds. The optimiser must
// keep every guardrail, stay near the oracle and clearly beat equal
// budgets; the full run (make sim-optimize) reports the held-out numbers.
func TestOptimiserAgainstEqualAndOracle(t *testing.T) {
	s, err := Compare(1, 40, budget.DefaultModel, runtime.GOMAXPROCS(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(s.Line("sim-optimize"), "oracle_lift", s.OracleLift)
	if s.Violations != 0 {
		t.Errorf("%d guardrail violations, first %v", s.Violations, s.First)
	}
	if s.ShareOfOracle < 0.75 {
		t.Errorf("share of oracle %.3f < 0.75", s.ShareOfOracle)
	}
	// 0.15 is the target over 200 seeds; 40 seeds' mean varies by about
	// 0.02 and these measure 0.187, so the target itself holds here.
	if s.LiftVsEqual < 0.15 {
		t.Errorf("lift vs equal %.3f < 0.15", s.LiftVsEqual)
	}
	if s.OracleLift < s.LiftVsEqual {
		t.Errorf("the oracle (%.3f) below the optimiser (%.3f): the oracle is not one", s.OracleLift, s.LiftVsEqual)
	}
}

// The world is what the README says: small numbers, and the true curves
// saturate, so equal budgets are not already optimal and more money does
// not buy proportionally more leads.
func TestWorldHasSmallNumbersAndDiminishingReturns(t *testing.T) {
	var leads, campaignWeeks float64
	for seed := uint64(1); seed <= 50; seed++ {
		a := NewAccount(seed)
		r, err := Run(a, Equal{})
		if err != nil {
			t.Fatal(err)
		}
		leads += float64(r.Leads)
		campaignWeeks += float64(len(a.Campaigns) * Weeks)
		for i := range a.Curves {
			c := a.CurveAt(0, i)
			s := a.Campaigns[i].DailyBudget.Dollars()
			if c.LeadsPerDay(2*s) >= 2*c.LeadsPerDay(s) {
				t.Fatalf("seed %d campaign %d: doubling spend doubles leads", seed, i)
			}
		}
	}
	if perWeek := leads / campaignWeeks; perWeek < 0.5 || perWeek > 8 {
		t.Errorf("%.1f leads per campaign per week: not the small numbers of a med spa", perWeek)
	}
}

// The optimiser moves money, it does not save it: over the weeks it spends
// what the owner budgeted, as equal budgets do, even where a campaign
// without leads drops to its floor faster than the others may grow.
func TestOptimiserSpendsWhatWasBudgeted(t *testing.T) {
	spent := func(r Result, a *Account) float64 {
		var s float64
		for _, d := range r.Days {
			if d.Date >= a.Start.Format("2006-01-02") {
				s += d.Spend.Dollars()
			}
		}
		return s
	}
	worst, mean := 1.0, 0.0
	const n = 40
	for seed := uint64(1); seed <= n; seed++ {
		a := NewAccount(seed)
		opt, err := Run(a, Optimiser{budget.DefaultModel})
		if err != nil {
			t.Fatal(err)
		}
		eq, err := Run(a, Equal{})
		if err != nil {
			t.Fatal(err)
		}
		r := spent(opt, a) / spent(eq, a)
		worst, mean = min(worst, r), mean+r/n
	}
	// Spend is drawn per day, so the same budgets spend a little
	// differently; a cap may also bind at a month's end.
	if mean < 0.98 || worst < 0.9 {
		t.Errorf("the optimiser spent %.3f of the equal budgets' spend on average, %.3f at worst", mean, worst)
	}
}
