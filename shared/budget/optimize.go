package budget

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Input is everything one week's allocation depends on.
type Input struct {
	OrgID string
	// WeekStart is the first day the recommended budgets apply (the
	// account's calendar day); only metrics before it are used.
	WeekStart time.Time
	Settings  Settings
	Campaigns []Campaign
	Days      []CampaignDay
	// Budgeted is the daily total the organization budgeted, when its
	// active campaigns' budgets add up to less only because the guardrails
	// held the optimiser's last plans below it: a campaign without leads
	// cut to its floor at once while the others may grow 20% a week, or a
	// platform's cap at a month's end. The week may spend up to it again
	// (each campaign still within 20% of its budget and every cap). Zero,
	// or less than the current total: the current total (a person's
	// change of the budgets is the new total).
	Budgeted Micros
}

// Interval is an expected quantity with its 90% credible interval.
type Interval struct {
	Mean, Low, High float64
}

// Limit names a guardrail that bounded a recommendation.
type Limit string

// The guardrails.
const (
	LimitWeeklyChange Limit = "weekly-change"
	LimitFloor        Limit = "exploration-floor"
	LimitZeroLeads    Limit = "zero-leads"
	LimitCap          Limit = "monthly-cap"
)

// BudgetChange is the recommended daily budget of one campaign.
type BudgetChange struct {
	Platform     Platform
	CampaignID   string
	CampaignName string
	Current      Micros
	Recommended  Micros
	// Reason says in plain words why.
	Reason string
	// WeeklyLeads is the expected leads in the week at the recommended
	// budget; Effect the expected difference to keeping the current one.
	WeeklyLeads Interval
	Effect      Interval
	Limits      []Limit
}

// Plan is an organization's budget allocation for a week.
type Plan struct {
	OrgID     string
	WeekStart string
	// Total is the daily budget spread over the active campaigns.
	Total Micros
	// Budgeted is the organization's daily total the plan worked toward
	// (Input.Budgeted, or the current total when that is larger); Total
	// is less when the guardrails kept the plan from placing all of it,
	// and the next week's Input.Budgeted carries it on.
	Budgeted Micros
	// DailyCap is each capped platform's daily budget limit this week.
	DailyCap map[Platform]Micros
	Changes  []BudgetChange
	// Effect is the expected difference in the week's leads of the whole
	// plan against keeping every budget.
	Effect Interval
	// AccountCostPerLead is the account's cost per lead over the history
	// (0 without leads).
	AccountCostPerLead Micros
}

// ErrNoCampaigns is returned when nothing is active to allocate to.
var ErrNoCampaigns = errors.New("budget: no active campaign")

// activeCampaigns is what a week is allocated to: ErrNoCampaigns when
// nothing is active.
func activeCampaigns(cs []Campaign) ([]Campaign, error) {
	var active []Campaign
	for _, c := range cs {
		if c.Active {
			active = append(active, c)
		}
	}
	if len(active) == 0 {
		return nil, ErrNoCampaigns
	}
	return active, nil
}

// Optimize recommends next week's daily budget per active campaign. The
// same input gives the same plan (its random draws are seeded from the
// organization and the week), so a retried run recommends nothing new.
func Optimize(in Input, m Model) (Plan, error) {
	rules := in.Settings.Rules.withDefaults()
	start := day(in.WeekStart)
	active, err := activeCampaigns(in.Campaigns)
	if err != nil {
		return Plan{}, err
	}
	sort.Slice(active, func(i, j int) bool {
		a, b := active[i], active[j]
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		return a.CampaignID < b.CampaignID
	})
	keys := make([]Key, len(active))
	var budgets float64
	for i, c := range active {
		keys[i] = c.Key()
		budgets += c.DailyBudget.Dollars()
	}
	m.satScale = 0
	if m.Saturation > 0 && budgets > 0 {
		m.satScale = m.Saturation * budgets / float64(len(active))
	}
	post, _ := m.posteriors(keys, in.Days, start, rules.ZeroLeadWindowDays)
	b := bounds(in, active, post, rules)

	n := len(active)
	prob := problem{platform: make([]Platform, n), lo: b.lo, hi: b.hi, caps: map[Platform]float64{}, total: b.total}
	for i, c := range active {
		prob.platform[i] = c.Platform
	}
	for pl, c := range b.caps {
		prob.caps[pl] = c.Dollars()
	}

	rng := rand.New(rand.NewPCG(seed(in.OrgID, start)))
	theta := make([]float64, n)
	alloc := make([]float64, n)
	if m.Draws <= 0 {
		for i, k := range keys {
			theta[i] = post[k].Mean()
		}
		alloc = prob.solve(curveSpendAt(theta, m))
	} else {
		gammas := make([]distuv.Gamma, n)
		for i, k := range keys {
			gammas[i] = distuv.Gamma{Alpha: post[k].Shape, Beta: post[k].Rate, Src: rng}
		}
		for d := 0; d < m.Draws; d++ {
			for i := range theta {
				theta[i] = gammas[i].Rand()
			}
			s := prob.solve(curveSpendAt(theta, m))
			for i := range alloc {
				alloc[i] += s[i] / float64(m.Draws)
			}
		}
	}
	rec := round(alloc, prob)

	plan := Plan{OrgID: in.OrgID, WeekStart: start.Format(dateLayout), DailyCap: b.caps, Budgeted: budgetedTotal(active, in.Budgeted)}
	var totalSpend Micros
	var totalLeads int64
	for _, k := range keys {
		totalSpend += post[k].Spend
		totalLeads += post[k].Leads
	}
	if totalLeads > 0 {
		plan.AccountCostPerLead = totalSpend / Micros(totalLeads)
	}
	atCap := map[Platform]bool{}
	for pl, c := range b.caps {
		var t Micros
		for i := range active {
			if active[i].Platform == pl {
				t += rec[i]
			}
		}
		atCap[pl] = t+Micros(len(active))*10000 >= c
	}
	for i, c := range active {
		plan.Total += rec[i]
		p := post[c.Key()]
		ch := BudgetChange{
			Platform: c.Platform, CampaignID: c.CampaignID, CampaignName: c.Name,
			Current: c.DailyBudget, Recommended: rec[i],
			WeeklyLeads: weekly(m, p, rec[i], 0),
			Effect:      weekly(m, p, rec[i], c.DailyBudget),
			Limits:      b.limits(i, rec[i], atCap, c.Platform),
		}
		ch.Reason = reason(ch, p, plan.AccountCostPerLead, in.Settings.TargetCostPerLead, b.zero[i], rules)
		if ch.Recommended > ch.Current && plan.Budgeted > Micros(math.Round(budgets*1e6)) {
			ch.Reason += fmt.Sprintf(" The account's daily budgets add up to %s, below the %s it budgeted, because the guardrails held the last plans below it (a campaign cut to its floor while the others may grow only 20%% a week, or a monthly cap): this week places more of it again.", money(Micros(math.Round(budgets*1e6))), money(plan.Budgeted))
		}
		if c.BudgetEstimate != "" {
			ch.Reason += " The current budget is an estimate: " + c.BudgetEstimate + "."
		}
		plan.Changes = append(plan.Changes, ch)
	}
	plan.Effect = planEffect(m, active, post, rec, rng)
	return plan, nil
}

func seed(org string, start time.Time) (uint64, uint64) {
	h := fnv.New64a()
	h.Write([]byte(org))
	h.Write([]byte(start.Format(dateLayout)))
	s := h.Sum64()
	return s, s ^ 0x9e3779b97f4a7c15
}

// box is every campaign's bounds for the week and why.
type box struct {
	lo, hi    []float64
	floor     []float64
	zero      []bool
	old       []float64
	total     float64
	caps      map[Platform]Micros
	maxChange float64
}

func bounds(in Input, active []Campaign, post map[Key]Posterior, r Rules) box {
	n := len(active)
	b := box{lo: make([]float64, n), hi: make([]float64, n), floor: make([]float64, n), zero: make([]bool, n), old: make([]float64, n), maxChange: r.MaxWeeklyChange}
	b.caps = DailyCaps(in.Settings.MonthlyCap, in.Days, in.WeekStart)
	for i, c := range active {
		b.old[i] = c.DailyBudget.Dollars()
	}
	b.total = plannedTotal(active, b.caps, in.Budgeted)
	floor := math.Max(r.MinDailyBudget.Dollars(), r.ExplorationShare*b.total/float64(n))
	for i, c := range active {
		b.floor[i] = floor
		b.zero[i] = ZeroLeads(post[c.Key()], r)
		old := b.old[i]
		if b.zero[i] {
			b.lo[i], b.hi[i] = floor, floor
			continue
		}
		b.lo[i] = math.Max(floor, old*(1-r.MaxWeeklyChange))
		b.hi[i] = math.Max(floor, old*(1+r.MaxWeeklyChange))
	}
	return b
}

// plannedTotal is the daily budget a week spreads: what the organization
// budgets today, less what its platforms' caps together no longer allow
// (money may move to a platform with room under its cap).
func plannedTotal(active []Campaign, caps map[Platform]Micros, budgeted Micros) float64 {
	total := budgetedTotal(active, budgeted).Dollars()
	seen := map[Platform]bool{}
	for _, c := range active {
		seen[c.Platform] = true
	}
	limit := 0.0
	for pl := range seen {
		c, ok := caps[pl]
		if !ok {
			return total
		}
		limit += c.Dollars()
	}
	return math.Min(total, limit)
}

// budgetedTotal is the daily total the organization budgets: its active
// campaigns' budgets, or the Budgeted the guardrails held them below.
func budgetedTotal(active []Campaign, budgeted Micros) Micros {
	var t Micros
	for _, c := range active {
		t += c.DailyBudget
	}
	return max(t, budgeted)
}

// ZeroLeads reports whether a campaign spent on most days of the zero-lead
// window without a single lead: it gets its floor and no more.
func ZeroLeads(p Posterior, r Rules) bool {
	r = r.withDefaults()
	return p.WindowLeads == 0 && p.WindowSpend > 0 && p.WindowDays*4 >= r.ZeroLeadWindowDays*3
}

// DailyCaps turns monthly caps into the most a platform may budget per day
// in the week from start: what is left of this month's cap over the days
// left in it, and next month's daily share when the week runs into it.
func DailyCaps(monthly map[Platform]Micros, days []CampaignDay, start time.Time) map[Platform]Micros {
	start = day(start)
	out := map[Platform]Micros{}
	monthStart := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	next := monthStart.AddDate(0, 1, 0)
	daysLeft := int(next.Sub(start).Hours() / 24)
	for pl, c := range monthly {
		if c <= 0 {
			continue
		}
		var spent Micros
		for _, d := range days {
			t, err := time.Parse(dateLayout, d.Date)
			if err != nil || d.Platform != pl || t.Before(monthStart) || !t.Before(start) {
				continue
			}
			spent += d.Spend
		}
		left := c - spent
		if left < 0 {
			left = 0
		}
		capDay := left / Micros(daysLeft)
		if daysLeft < 7 {
			nextDays := int(next.AddDate(0, 1, 0).Sub(next).Hours() / 24)
			capDay = min(capDay, c/Micros(nextDays))
		}
		out[pl] = capDay / 10000 * 10000
	}
	return out
}

// round turns the allocation into whole cents inside every bound and cap:
// down, unless that falls below the lower bound.
func round(alloc []float64, p problem) []Micros {
	out := make([]Micros, len(alloc))
	for i, a := range alloc {
		v := math.Floor(math.Min(a, p.hi[i])*100+1e-6) / 100
		if v < p.lo[i]-1e-9 {
			v = math.Ceil(p.lo[i]*100-1e-6) / 100
		}
		out[i] = Micros(math.Round(v * 1e6))
	}
	for pl, c := range p.caps {
		limit := Micros(math.Floor(c*100+1e-6)) * 10000
		var t Micros
		for i := range out {
			if p.platform[i] == pl {
				t += out[i]
			}
		}
		// Take the excess cents from campaigns above their lower bound
		// first; below it only when the bounds themselves exceed the cap.
		for pass := 0; pass < 2 && t > limit; pass++ {
			for i := range out {
				if t <= limit {
					break
				}
				if p.platform[i] != pl {
					continue
				}
				least := Micros(0)
				if pass == 0 {
					least = Micros(math.Ceil(p.lo[i]*100-1e-6)) * 10000
				}
				if out[i] > least {
					d := min(t-limit, out[i]-least)
					out[i] -= d
					t -= d
				}
			}
		}
	}
	return out
}

func (b box) limits(i int, rec Micros, atCap map[Platform]bool, pl Platform) []Limit {
	var l []Limit
	v := rec.Dollars()
	if b.zero[i] {
		return []Limit{LimitZeroLeads}
	}
	if math.Abs(v-b.old[i]*(1+b.maxChange)) < 0.011 || math.Abs(v-b.old[i]*(1-b.maxChange)) < 0.011 {
		l = append(l, LimitWeeklyChange)
	}
	if math.Abs(v-b.floor[i]) < 0.011 {
		l = append(l, LimitFloor)
	}
	if atCap[pl] {
		l = append(l, LimitCap)
	}
	return l
}

// weekly is the expected leads in seven days at daily budget s, less those
// at base (zero for the level itself), with the 90% interval from the
// campaign's posterior.
func weekly(m Model, p Posterior, s, base Micros) Interval {
	d := 7 * (m.exposure(s.Dollars()) - m.exposure(base.Dollars()))
	lo, hi := d*p.Quantile(0.05), d*p.Quantile(0.95)
	if lo > hi {
		lo, hi = hi, lo
	}
	return Interval{Mean: d * p.Mean(), Low: lo, High: hi}
}

func planEffect(m Model, active []Campaign, post map[Key]Posterior, rec []Micros, rng *rand.Rand) Interval {
	const draws = 400
	vals := make([]float64, draws)
	mean := 0.0
	for i, c := range active {
		p := post[c.Key()]
		mean += 7 * p.Mean() * (m.exposure(rec[i].Dollars()) - m.exposure(c.DailyBudget.Dollars()))
	}
	for d := range vals {
		for i, c := range active {
			p := post[c.Key()]
			g := distuv.Gamma{Alpha: p.Shape, Beta: p.Rate, Src: rng}
			vals[d] += 7 * g.Rand() * (m.exposure(rec[i].Dollars()) - m.exposure(c.DailyBudget.Dollars()))
		}
	}
	sort.Float64s(vals)
	return Interval{Mean: mean, Low: vals[draws*5/100], High: vals[draws*95/100-1]}
}

func money(m Micros) string { return fmt.Sprintf("$%.2f", m.Dollars()) }

// Oracle allocates a week under exactly the guardrails Optimize obeys, but
// from known response curves: spendAt answers the daily spend at which a
// campaign's true marginal leads per currency unit equal lambda. The
// optimisation simulator measures the optimiser against it.
func Oracle(in Input, spendAt func(k Key, lambda float64) float64) (Plan, error) {
	rules := in.Settings.Rules.withDefaults()
	active, err := activeCampaigns(in.Campaigns)
	if err != nil {
		return Plan{}, err
	}
	keys := make([]Key, len(active))
	for i, c := range active {
		keys[i] = c.Key()
	}
	post, _ := DefaultModel.posteriors(keys, in.Days, day(in.WeekStart), rules.ZeroLeadWindowDays)
	b := bounds(in, active, post, rules)
	prob := problem{platform: make([]Platform, len(active)), lo: b.lo, hi: b.hi, caps: map[Platform]float64{}, total: b.total}
	for i, c := range active {
		prob.platform[i] = c.Platform
	}
	for pl, c := range b.caps {
		prob.caps[pl] = c.Dollars()
	}
	rec := round(prob.solve(func(i int, l float64) float64 { return spendAt(keys[i], l) }), prob)
	plan := Plan{OrgID: in.OrgID, WeekStart: day(in.WeekStart).Format(dateLayout), DailyCap: b.caps, Budgeted: budgetedTotal(active, in.Budgeted)}
	for i, c := range active {
		plan.Total += rec[i]
		plan.Changes = append(plan.Changes, BudgetChange{Platform: c.Platform, CampaignID: c.CampaignID, CampaignName: c.Name, Current: c.DailyBudget, Recommended: rec[i]})
	}
	return plan, nil
}
