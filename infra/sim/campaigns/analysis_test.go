package campaigns

import (
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/medspa-ai/backend/shared/budget"
)

// The measurements behind the README's "where the lift went": minutes of
// work, so only with SIM_ANALYSIS=1.
func analysis(t *testing.T) {
	t.Helper()
	if os.Getenv("SIM_ANALYSIS") == "" {
		t.Skip("SIM_ANALYSIS=1 runs it")
	}
}

// Lower exploration floors under more drift than the world's: the
// world's drift redrawn at a larger weekly sd, the floor a guardrail for
// the optimiser and the oracle alike.
func TestExplorationShareUnderDrift(t *testing.T) {
	analysis(t)
	for _, drift := range []float64{0, 0.10, 0.15, 0.25} {
		for _, share := range []float64{0.20, 0.10} {
			var mu sync.Mutex
			var lift, oracle float64
			const n = 200
			seeds := make(chan uint64)
			var wg sync.WaitGroup
			for range runtime.GOMAXPROCS(0) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for seed := range seeds {
						a := NewAccount(seed)
						a.Settings.Rules.ExplorationShare = share
						if drift > 0 {
							redrift(a, drift)
						}
						o, err1 := Run(a, Optimiser{budget.DefaultModel})
						e, err2 := Run(a, Equal{})
						or, err3 := Run(a, Oracle{})
						if err := errorsJoin(err1, err2, err3); err != nil {
							t.Error(err)
						}
						mu.Lock()
						lift += (o.ExpectedLeads/e.ExpectedLeads - 1) / n
						oracle += (or.ExpectedLeads/e.ExpectedLeads - 1) / n
						mu.Unlock()
					}
				}()
			}
			for s := uint64(1); s <= n; s++ {
				seeds <- s
			}
			close(seeds)
			wg.Wait()
			t.Logf("drift %.2f (0: the world's) exploration share %.2f: lift %.3f, oracle %.3f", drift, share, lift, oracle)
		}
	}
}

func redrift(a *Account, sd float64) {
	rng := rand.New(rand.NewPCG(a.Seed, 0xd1f7))
	for w := range a.drift {
		for i := range a.drift[w] {
			prev := 0.0
			if w > 0 {
				prev = a.drift[w-1][i]
			}
			a.drift[w][i] = prev + sd*rng.NormFloat64()
		}
	}
}

// Is the myopic oracle (each week's best within the 20% box) the best plan
// over the 12 weeks? On the expected world (spend 92.5% of the budget, no
// noise) of uncapped accounts with three or more campaigns, Frank-Wolfe on
// all weeks at once, from the myopic plan: how much it gains.
func TestPlanningOracle(t *testing.T) {
	analysis(t)
	const k, iters = 0.925, 20
	var gain, myopic float64
	cnt := 0
	for seed := uint64(1); seed <= 40 && cnt < 12; seed++ {
		a := NewAccount(seed)
		n := len(a.Campaigns)
		if n < 3 || len(a.Settings.MonthlyCap) > 0 {
			continue
		}
		T := 0.0
		for _, c := range a.Campaigns {
			T += c.DailyBudget.Dollars()
		}
		floor := 0.2 * T / float64(n)
		f := func(w, i int, s float64) float64 { return a.CurveAt(w+1, i).LeadsPerDay(k * s) }
		df := func(w, i int, s float64) float64 {
			c := a.CurveAt(w+1, i)
			return k * c.Rate * math.Exp(-k*s/c.Saturation)
		}
		obj := func(x []float64) float64 {
			v := 0.0
			for w := 0; w < Weeks; w++ {
				for i := 0; i < n; i++ {
					v += f(w, i, x[w*n+i])
				}
			}
			return v
		}
		eq := 0.0
		for w := 0; w < Weeks; w++ {
			for i := 0; i < n; i++ {
				eq += f(w, i, a.Campaigns[i].DailyBudget.Dollars())
			}
		}
		// The myopic plan: each week water-filled within its box.
		x := make([]float64, Weeks*n)
		prev := make([]float64, n)
		for i := range prev {
			prev[i] = a.Campaigns[i].DailyBudget.Dollars()
		}
		for w := 0; w < Weeks; w++ {
			at := func(l float64) ([]float64, float64) {
				s, tot := make([]float64, n), 0.0
				for i := range s {
					c := a.CurveAt(w+1, i)
					v := 0.0
					if k*c.Rate > l {
						v = c.Saturation / k * math.Log(k*c.Rate/l)
					}
					s[i] = math.Min(math.Max(floor, 1.2*prev[i]), math.Max(math.Max(floor, 0.8*prev[i]), v))
					tot += s[i]
				}
				return s, tot
			}
			la, lb := -60.0, 60.0
			for range 200 {
				if _, tot := at(math.Exp((la + lb) / 2)); tot > T {
					la = (la + lb) / 2
				} else {
					lb = (la + lb) / 2
				}
			}
			s, _ := at(math.Exp((la + lb) / 2))
			copy(x[w*n:], s)
			copy(prev, s)
		}
		myo := obj(x)
		// The same set as G y <= h, A y = b: floors, 20% up and down.
		nv := Weeks * n
		var G [][]float64
		var h []float64
		for w := 0; w < Weeks; w++ {
			for i := 0; i < n; i++ {
				fl, up, dn := make([]float64, nv), make([]float64, nv), make([]float64, nv)
				fl[w*n+i], up[w*n+i], dn[w*n+i] = -1, 1, -1
				G = append(G, fl)
				h = append(h, -floor)
				if w == 0 {
					b0 := a.Campaigns[i].DailyBudget.Dollars()
					h = append(h, math.Max(floor, 1.2*b0), -math.Max(floor, 0.8*b0))
				} else {
					up[(w-1)*n+i], dn[(w-1)*n+i] = -1.2, 0.8
					h = append(h, 0, 0)
				}
				G = append(G, up, dn)
			}
		}
		Gm := mat.NewDense(len(G), nv, nil)
		for r := range G {
			Gm.SetRow(r, G[r])
		}
		Am := mat.NewDense(Weeks, nv, nil)
		bv := make([]float64, Weeks)
		for w := 0; w < Weeks; w++ {
			for i := 0; i < n; i++ {
				Am.Set(w, w*n+i, 1)
			}
			bv[w] = T
		}
		cur := append([]float64(nil), x...)
		along := func(d []float64, g float64) float64 {
			y := make([]float64, nv)
			for j := range y {
				y[j] = cur[j] + g*d[j]
			}
			return obj(y)
		}
		for range iters {
			c := make([]float64, nv)
			for w := 0; w < Weeks; w++ {
				for i := 0; i < n; i++ {
					c[w*n+i] = -df(w, i, cur[w*n+i])
				}
			}
			cn, an, bn := lp.Convert(c, Gm, h, Am, bv)
			_, y, err := lp.Simplex(cn, an, bn, 1e-10, nil)
			if err != nil {
				t.Logf("seed %d: %v", seed, err)
				break
			}
			// Convert splits x into y[:nv] - y[nv:2nv].
			d := make([]float64, nv)
			for j := range d {
				d[j] = y[j] - y[nv+j] - cur[j]
			}
			ga, gb := 0.0, 1.0
			for range 40 {
				m1, m2 := ga+(gb-ga)/3, gb-(gb-ga)/3
				if along(d, m1) < along(d, m2) {
					ga = m1
				} else {
					gb = m2
				}
			}
			for j := range cur {
				cur[j] += (ga + gb) / 2 * d[j]
			}
		}
		gain += obj(cur)/myo - 1
		myopic += myo/eq - 1
		cnt++
	}
	t.Logf("%d accounts: myopic oracle lift %.4f; planning all weeks at once gains %.5f of its leads", cnt, myopic/float64(cnt), gain/float64(cnt))
}

// What the 20% a week costs: an oracle free to move any budget to its
// floor or above in a week (its plans break the weekly limit, so only for
// this measure).
func TestOracleWithoutTheWeeklyLimit(t *testing.T) {
	analysis(t)
	var lift, limited float64
	const n = 200
	for seed := uint64(1); seed <= n; seed++ {
		a := NewAccount(seed)
		e, err1 := Run(a, Equal{})
		o, err2 := Run(a, Oracle{})
		a.Settings.Rules.MaxWeeklyChange = 100
		free, err3 := Run(a, Oracle{})
		if err := errorsJoin(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		lift += (free.ExpectedLeads/e.ExpectedLeads - 1) / n
		limited += (o.ExpectedLeads/e.ExpectedLeads - 1) / n
	}
	t.Logf("oracle lift %.3f within 20%% a week, %.3f without the limit", limited, lift)
}
