// Package campaigns is a synthetic world of med spa ad accounts with known
// true response curves, for measuring the budget optimiser (make
// sim-optimize): a few campaigns per account, small numbers of leads, noise
// beyond the optimiser's model, drift, and leads that grow with spend with
// diminishing returns as audiences saturate.
//
// The world is not the optimiser's model: leads follow a saturating curve
// r*S*(1-exp(-s/S)) (the model assumes a power law), days are
// over-dispersed (negative binomial, not Poisson), weekdays differ, spend
// under-delivers the budget, and lead rates drift week to week.
package campaigns

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/medspa-ai/backend/shared/budget"
)

// Parameters of the world, chosen for what med spa accounts look like:
// $15-60 a day per campaign, $40-160 a lead at the account level, two to
// five campaigns, campaigns within an account differing in cost per lead
// as search, retargeting and prospecting campaigns do (log-normal, sigma
// 0.7: two campaigns' costs per lead typically differ 1.6x, the best and
// worst of five about 4x), saturation at 0.8-3.2 times the starting budget
// (elasticity of leads to spend about 0.55-0.85 there), one campaign in
// twelve a dud that almost never converts.
const (
	Weeks          = 12
	HistoryDays    = 56
	rateSigma      = 0.7
	dudChance      = 1.0 / 12
	weeklyDrift    = 0.06 // sd of log lead rate per week
	dailyShape     = 4.0  // Gamma shape of the daily over-dispersion
	deliveryLow    = 0.85 // spend is U(deliveryLow, 1) of the budget
	capChance      = 0.6
	capLow, capHig = 1.05, 1.8
)

// Curve is a campaign's true leads per day at a daily spend.
type Curve struct {
	Rate       float64 // leads per currency unit at low spend
	Saturation float64 // spend scale at which the audience saturates
}

// LeadsPerDay is the expected leads of a day at spend s.
func (c Curve) LeadsPerDay(s float64) float64 {
	return c.Rate * c.Saturation * (1 - math.Exp(-s/c.Saturation))
}

// SpendAt inverts the marginal Rate*exp(-s/S) = lambda.
func (c Curve) SpendAt(lambda float64) float64 {
	if lambda >= c.Rate {
		return 0
	}
	return c.Saturation * math.Log(c.Rate/lambda)
}

// Account is one synthetic account at the start of the optimised weeks.
type Account struct {
	Seed      uint64
	Campaigns []budget.Campaign
	Curves    []Curve
	Settings  budget.Settings
	Start     time.Time
	// drift[w][i] is campaign i's log-rate shift in week w.
	drift [][]float64
}

// NewAccount draws an account from a seed.
func NewAccount(seed uint64) *Account {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	n := 2 + rng.IntN(4)
	per := 15 + 45*rng.Float64()
	cpl := 40 + 120*rng.Float64()
	a := &Account{Seed: seed, Settings: budget.Settings{Goal: budget.GoalLeads, MonthlyCap: map[budget.Platform]budget.Micros{}}}
	// Weeks start on a Monday; the months vary so caps meet month ends.
	a.Start = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*rng.IntN(40))
	perPlatform := map[budget.Platform]float64{}
	for i := 0; i < n; i++ {
		pl := budget.Meta
		if rng.Float64() < 0.4 {
			pl = budget.Google
		}
		// The rate at the account's equal budget gives its cost per lead:
		// leads/day = r*S*(1-exp(-per/S)).
		sat := per * (0.8 + 2.4*rng.Float64())
		r := 1 / cpl * math.Exp(rateSigma*rng.NormFloat64())
		if rng.Float64() < dudChance {
			r *= 0.05
		}
		r *= (per / sat) / (1 - math.Exp(-per/sat)) // CPL at per is 1/r before this factor
		a.Curves = append(a.Curves, Curve{Rate: r, Saturation: sat})
		a.Campaigns = append(a.Campaigns, budget.Campaign{
			Platform: pl, CampaignID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Campaign %d", i),
			DailyBudget: budget.FromDollars(per), Active: true,
		})
		perPlatform[pl] += per
	}
	// In a fixed order: a seed must always draw the same account.
	for _, pl := range []budget.Platform{budget.Google, budget.Meta} {
		t, ok := perPlatform[pl]
		if ok && rng.Float64() < capChance {
			a.Settings.MonthlyCap[pl] = budget.FromDollars(t * 31 * (capLow + (capHig-capLow)*rng.Float64()))
		}
	}
	a.drift = make([][]float64, Weeks+1)
	for w := range a.drift {
		a.drift[w] = make([]float64, n)
		for i := range a.drift[w] {
			prev := 0.0
			if w > 0 {
				prev = a.drift[w-1][i]
			}
			a.drift[w][i] = prev + weeklyDrift*rng.NormFloat64()
		}
	}
	return a
}

// CurveAt is campaign i's true curve in week w (0 is the history).
func (a *Account) CurveAt(w, i int) Curve {
	c := a.Curves[i]
	c.Rate *= math.Exp(a.drift[w][i])
	return c
}

// Policy decides next week's budgets from what an account's owner sees.
type Policy interface {
	Name() string
	Budgets(a *Account, week int, in budget.Input) (budget.Plan, error)
}

// Result is one policy's run on one account.
type Result struct {
	// ExpectedLeads is the sum over the optimised weeks of the true
	// expected leads at the spend delivered (noise-free, so policies
	// compare on their decisions, not their luck).
	ExpectedLeads float64
	// WeekLeads is ExpectedLeads week by week.
	WeekLeads  [Weeks]float64
	Leads      int64
	Violations []budget.Violation
	// Days are the metrics the account produced, history included; Last
	// the state of its campaigns at the end.
	Days []budget.CampaignDay
	Last []budget.Campaign
}

// Run plays a policy on an account: HistoryDays of history at equal budgets,
// then Weeks weeks in which the policy sets the budgets each Monday from
// the metrics so far.
func Run(a *Account, p Policy) (Result, error) {
	rng := rand.New(rand.NewPCG(a.Seed, 0xda7a))
	var days []budget.CampaignDay
	camps := append([]budget.Campaign(nil), a.Campaigns...)
	var res Result
	simulate := func(from time.Time, n, week int) {
		for d := 0; d < n; d++ {
			date := from.AddDate(0, 0, d)
			dow := 1 + 0.15*math.Sin(2*math.Pi*float64(date.Weekday())/7)
			for i, c := range camps {
				spend := c.DailyBudget.Dollars() * (deliveryLow + (1-deliveryLow)*rng.Float64())
				mean := a.CurveAt(week, i).LeadsPerDay(spend)
				g := distuv.Gamma{Alpha: dailyShape, Beta: dailyShape, Src: rng}.Rand()
				leads := int64(distuv.Poisson{Lambda: mean * dow * g, Src: rng}.Rand())
				if week > 0 {
					res.ExpectedLeads += mean
					res.WeekLeads[week-1] += mean
					res.Leads += leads
				}
				clicks := int64(distuv.Poisson{Lambda: spend / 1.8, Src: rng}.Rand())
				days = append(days, budget.CampaignDay{
					Platform: c.Platform, CampaignID: c.CampaignID, Date: date.Format("2006-01-02"),
					Spend: budget.FromDollars(spend), Impressions: clicks * 60, Clicks: clicks, Leads: leads,
				})
			}
		}
	}
	simulate(a.Start.AddDate(0, 0, -HistoryDays), HistoryDays, 0)
	// The owner budgeted the starting budgets' total and changes nothing by
	// hand, so every week may spend up to it.
	var budgeted budget.Micros
	for _, c := range a.Campaigns {
		budgeted += c.DailyBudget
	}
	for w := 1; w <= Weeks; w++ {
		start := a.Start.AddDate(0, 0, 7*(w-1))
		in := budget.Input{OrgID: fmt.Sprintf("org_sim%d", a.Seed), WeekStart: start, Settings: a.Settings, Campaigns: camps, Days: days, Budgeted: budgeted}
		plan, err := p.Budgets(a, w, in)
		if err != nil {
			return res, err
		}
		res.Violations = append(res.Violations, budget.Check(in, plan)...)
		next := append([]budget.Campaign(nil), camps...)
		for i := range next {
			for _, ch := range plan.Changes {
				if ch.CampaignID == next[i].CampaignID && ch.Platform == next[i].Platform {
					next[i].DailyBudget = ch.Recommended
				}
			}
		}
		camps = next
		simulate(start, 7, w)
	}
	res.Days, res.Last = days, camps
	return res, nil
}

// Optimiser is the real optimiser.
type Optimiser struct{ Model budget.Model }

func (Optimiser) Name() string { return "optimiser" }
func (o Optimiser) Budgets(_ *Account, _ int, in budget.Input) (budget.Plan, error) {
	return budget.Optimize(in, o.Model)
}

// Equal keeps every campaign at the account's starting equal budget.
type Equal struct{}

func (Equal) Name() string { return "equal" }
func (Equal) Budgets(_ *Account, _ int, in budget.Input) (budget.Plan, error) {
	var p budget.Plan
	for _, c := range in.Campaigns {
		p.Changes = append(p.Changes, budget.BudgetChange{Platform: c.Platform, CampaignID: c.CampaignID, Current: c.DailyBudget, Recommended: c.DailyBudget})
		p.Total += c.DailyBudget
	}
	return p, nil
}

// Oracle knows each week's true curves and obeys the same guardrails.
type Oracle struct{}

func (Oracle) Name() string { return "oracle" }
func (Oracle) Budgets(a *Account, w int, in budget.Input) (budget.Plan, error) {
	return budget.Oracle(in, func(k budget.Key, l float64) float64 {
		for i, c := range a.Campaigns {
			if c.Key() == k {
				// Spend delivers 92.5% of the budget on average.
				k := (1 + deliveryLow) / 2
				return a.CurveAt(w, i).SpendAt(l/k) / k
			}
		}
		return 0
	})
}

// Summary is a policy comparison over many seeds.
type Summary struct {
	Seeds         int
	LiftVsEqual   float64 // mean over seeds of optimiser/equal - 1
	ShareOfOracle float64 // mean over seeds of optimiser/oracle
	OracleLift    float64 // mean over seeds of oracle/equal - 1
	// WeekLift and OracleWeekLift are the lifts week by week: where
	// the optimiser falls behind the oracle.
	WeekLift, OracleWeekLift [Weeks]float64
	Violations               int // optimiser's and oracle's guardrail violations
	First                    []budget.Violation
}

// Line is the summary in make sim-optimize's format.
func (s Summary) Line(prefix string) string {
	return fmt.Sprintf("%s seeds=%d lift_vs_equal=%.3f share_of_oracle=%.3f guardrail_violations=%d", prefix, s.Seeds, s.LiftVsEqual, s.ShareOfOracle, s.Violations)
}

// Compare runs the optimiser, the equal baseline and the oracle on seeds
// from..from+n-1, on workers goroutines.
func Compare(from uint64, n int, m budget.Model, workers int) (Summary, error) {
	type one struct {
		opt, eq, or Result
		err         error
	}
	out := make([]one, n)
	next := make(chan int)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				a := NewAccount(from + uint64(i))
				var o one
				var err1, err2, err3 error
				o.opt, err1 = Run(a, Optimiser{m})
				o.eq, err2 = Run(a, Equal{})
				o.or, err3 = Run(a, Oracle{})
				o.err = errorsJoin(err1, err2, err3)
				out[i] = o
			}
			done <- struct{}{}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		<-done
	}
	s := Summary{Seeds: n}
	for _, o := range out {
		if o.err != nil {
			return s, o.err
		}
		s.LiftVsEqual += o.opt.ExpectedLeads/o.eq.ExpectedLeads - 1
		s.ShareOfOracle += o.opt.ExpectedLeads / o.or.ExpectedLeads
		s.OracleLift += o.or.ExpectedLeads/o.eq.ExpectedLeads - 1
		for w := range s.WeekLift {
			s.WeekLift[w] += (o.opt.WeekLeads[w]/o.eq.WeekLeads[w] - 1) / float64(n)
			s.OracleWeekLift[w] += (o.or.WeekLeads[w]/o.eq.WeekLeads[w] - 1) / float64(n)
		}
		s.Violations += len(o.opt.Violations) + len(o.or.Violations)
		if len(s.First) < 5 {
			s.First = append(s.First, o.opt.Violations...)
			s.First = append(s.First, o.or.Violations...)
		}
	}
	s.LiftVsEqual /= float64(n)
	s.ShareOfOracle /= float64(n)
	s.OracleLift /= float64(n)
	return s, nil
}

func errorsJoin(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
