package budget

import (
	"math"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// Model is how leads are believed to follow spend. A campaign's leads on a
// day are Poisson with mean theta * x^Elasticity, x = S*(1-exp(-spend/S))
// (spend in currency units; x = spend when Saturation is 0): leads grow
// with spend, with diminishing returns that steepen as an audience
// saturates, which a pure power law understates at several times the
// budget a campaign ran at and overstates near zero. S is Saturation
// times the account's mean campaign budget, as which of a campaign's
// audience is left is not learnable from a few leads a week at budgets
// that move 20% a week. theta has a Gamma prior centred on the account's pooled rate
// and worth PriorLeads leads, so a campaign with two leads is pulled toward
// the account and one with forty speaks for itself. Older days count less
// (HalfLifeDays), as audiences and auctions drift.
type Model struct {
	Elasticity   float64
	HalfLifeDays float64
	PriorLeads   float64
	// Draws is the number of posterior samples whose allocations are
	// averaged (Thompson sampling, smoothed); zero allocates on the
	// posterior means alone.
	Draws int
	// HistoryDays is how far back metrics are read.
	HistoryDays int
	// Saturation is S over the account's mean daily campaign budget (0: a
	// power law).
	Saturation float64
	// satScale is S for the account being optimised.
	satScale float64
}

// DefaultModel is the model the optimiser runs with.
var DefaultModel = Model{
	Elasticity:   0.8,
	Saturation:   3,
	HalfLifeDays: 35,
	PriorLeads:   3,
	Draws:        0,
	HistoryDays:  84,
}

// Posterior is a campaign's Gamma posterior over its lead rate theta, and
// the plain numbers behind it.
type Posterior struct {
	Shape, Rate float64
	// Over the model's history, unweighted, for reasons.
	Spend Micros
	Leads int64
	Days  int
	// Over the zero-lead window.
	WindowSpend Micros
	WindowLeads int64
	WindowDays  int
}

// Mean is the posterior mean of theta.
func (p Posterior) Mean() float64 { return p.Shape / p.Rate }

// Quantile is theta's posterior quantile q.
func (p Posterior) Quantile(q float64) float64 {
	return distuv.Gamma{Alpha: p.Shape, Beta: p.Rate}.Quantile(q)
}

// exposure is the spend term of a day's Poisson mean.
func (m Model) exposure(spend float64) float64 {
	if spend <= 0 {
		return 0
	}
	if m.satScale > 0 {
		spend = m.satScale * -math.Expm1(-spend/m.satScale)
	}
	return math.Pow(spend, m.Elasticity)
}

// leadsPerDay is the expected leads of a day at a daily spend.
func (m Model) leadsPerDay(theta, spend float64) float64 { return theta * m.exposure(spend) }

// posteriors fits every campaign's posterior from the days before start.
func (m Model) posteriors(keys []Key, days []CampaignDay, start time.Time, windowDays int) (map[Key]Posterior, float64) {
	type acc struct {
		leads, expo float64
		p           Posterior
		seen        map[string]bool
	}
	accs := make(map[Key]*acc, len(keys))
	for _, k := range keys {
		accs[k] = &acc{seen: map[string]bool{}}
	}
	from := start.AddDate(0, 0, -m.HistoryDays)
	windowFrom := start.AddDate(0, 0, -windowDays)
	var totLeads, totExpo float64
	for _, d := range days {
		a := accs[d.Key()]
		if a == nil {
			continue
		}
		t, err := time.Parse(dateLayout, d.Date)
		if err != nil || !t.Before(start) || t.Before(from) || d.Spend < 0 || d.Leads < 0 {
			continue
		}
		age := start.Sub(t).Hours() / 24
		w := math.Exp2(-age / m.HalfLifeDays)
		e := m.exposure(d.Spend.Dollars())
		a.leads += w * float64(d.Leads)
		a.expo += w * e
		totLeads += w * float64(d.Leads)
		totExpo += w * e
		a.p.Spend += d.Spend
		a.p.Leads += d.Leads
		if !a.seen[d.Date] {
			a.seen[d.Date] = true
			a.p.Days++
		}
		if !t.Before(windowFrom) {
			a.p.WindowSpend += d.Spend
			a.p.WindowLeads += d.Leads
			if d.Spend > 0 {
				a.p.WindowDays++
			}
		}
	}
	// The account's pooled rate; half a lead keeps a lead-less account's
	// prior finite and equal for every campaign.
	pooled := 1.0
	if totExpo > 0 {
		pooled = (totLeads + 0.5) / totExpo
	}
	out := make(map[Key]Posterior, len(accs))
	for k, a := range accs {
		a.p.Shape = m.PriorLeads + a.leads
		a.p.Rate = m.PriorLeads/pooled + a.expo
		out[k] = a.p
	}
	return out, pooled
}
