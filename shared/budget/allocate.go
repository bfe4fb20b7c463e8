package budget

import (
	"math"
	"sort"
)

// problem is one week's allocation: maximise the sum of concave response
// curves over campaigns, each within its bounds, each platform within its
// daily cap, spending total.
type problem struct {
	platform []Platform
	lo, hi   []float64
	caps     map[Platform]float64 // absent: uncapped
	total    float64
}

// spendAt answers, for campaign i, the spend at which the curve's marginal
// leads per currency unit equals lambda (decreasing in lambda).
type spendAt func(i int, lambda float64) float64

// solve allocates by water-filling: one marginal value lambda shared by
// every campaign free of its bounds, found by bisection; a platform whose
// unconstrained share breaks its cap is solved on its own with the cap as
// its total, and the rest share what remains.
func (p problem) solve(at spendAt) []float64 {
	n := len(p.lo)
	s := make([]float64, n)
	capped := map[Platform]bool{}
	for round := 0; round <= len(p.caps); round++ {
		rest := p.total
		var free []int
		byPlatform := map[Platform][]int{}
		for i := 0; i < n; i++ {
			if capped[p.platform[i]] {
				byPlatform[p.platform[i]] = append(byPlatform[p.platform[i]], i)
			} else {
				free = append(free, i)
			}
		}
		// In platform order: when the caps together exceed the total, the
		// first takes more, and the same input must give the same plan.
		order := make([]Platform, 0, len(byPlatform))
		for pl := range byPlatform {
			order = append(order, pl)
		}
		sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
		for _, pl := range order {
			idx := byPlatform[pl]
			c := math.Min(p.caps[pl], rest)
			p.fill(idx, c, at, s)
			rest -= sum(s, idx)
		}
		p.fill(free, math.Max(rest, 0), at, s)
		grew := false
		for pl, c := range p.caps {
			if capped[pl] {
				continue
			}
			var idx []int
			for _, i := range free {
				if p.platform[i] == pl {
					idx = append(idx, i)
				}
			}
			if sum(s, idx) > c*(1+1e-12) {
				capped[pl] = true
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	return s
}

func sum(s []float64, idx []int) float64 {
	t := 0.0
	for _, i := range idx {
		t += s[i]
	}
	return t
}

// fill spends total over idx at one shared marginal value. When even the
// lower bounds exceed total (a cap below them) they are cut in proportion.
func (p problem) fill(idx []int, total float64, at spendAt, s []float64) {
	if len(idx) == 0 {
		return
	}
	var lo, hi float64
	for _, i := range idx {
		lo += p.lo[i]
		hi += p.hi[i]
	}
	switch {
	case lo >= total:
		for _, i := range idx {
			if lo > 0 {
				s[i] = p.lo[i] * total / lo
			}
		}
		return
	case hi <= total:
		for _, i := range idx {
			s[i] = p.hi[i]
		}
		return
	}
	clamp := func(i int, l float64) float64 {
		return math.Min(p.hi[i], math.Max(p.lo[i], at(i, l)))
	}
	spent := func(l float64) float64 {
		t := 0.0
		for _, i := range idx {
			t += clamp(i, l)
		}
		return t
	}
	// Bisection on log lambda: spending falls as lambda rises.
	a, b := -60.0, 60.0
	for it := 0; it < 100 && b-a > 1e-10; it++ {
		m := (a + b) / 2
		if spent(math.Exp(m)) > total {
			a = m
		} else {
			b = m
		}
	}
	l := math.Exp((a + b) / 2)
	for _, i := range idx {
		s[i] = clamp(i, l)
	}
	// Bisection leaves a sliver unspent or overspent; give it to the
	// campaigns with room, in order.
	diff := total - sum(s, idx)
	order := append([]int(nil), idx...)
	sort.Ints(order)
	for _, i := range order {
		if diff > 0 {
			d := math.Min(diff, p.hi[i]-s[i])
			s[i] += d
			diff -= d
		} else if diff < 0 {
			d := math.Min(-diff, s[i]-p.lo[i])
			s[i] -= d
			diff += d
		}
	}
}

// powerSpendAt inverts the power-law curve theta*s^e: marginal
// theta*e*s^(e-1) = lambda.
func powerSpendAt(theta []float64, e float64) spendAt {
	return func(i int, lambda float64) float64 {
		if theta[i] <= 0 {
			return 0
		}
		return math.Pow(theta[i]*e/lambda, 1/(1-e))
	}
}

// curveSpendAt inverts the model's marginal leads per currency unit,
// theta*e*x^(e-1)*exp(-s/S), by bisection on spend (it falls with spend).
func curveSpendAt(theta []float64, m Model) spendAt {
	if m.satScale <= 0 {
		return powerSpendAt(theta, m.Elasticity)
	}
	S, e := m.satScale, m.Elasticity
	marginal := func(th, s float64) float64 {
		x := S * -math.Expm1(-s/S)
		return th * e * math.Pow(x, e-1) * math.Exp(-s/S)
	}
	return func(i int, lambda float64) float64 {
		if theta[i] <= 0 {
			return 0
		}
		lo, hi := 0.0, 1.0
		for marginal(theta[i], hi) > lambda && hi < 1e12 {
			hi *= 2
		}
		for it := 0; it < 60; it++ {
			mid := (lo + hi) / 2
			if marginal(theta[i], mid) > lambda {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
}
