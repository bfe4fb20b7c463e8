// Command simoptimize measures the budget optimiser on synthetic accounts
// against an equal-budget baseline and an oracle (make sim-optimize): the
// tuning seeds first, then held-out seeds the optimiser was never tuned
// on, whose numbers are the last line.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/medspa-ai/backend/infra/sim/campaigns"
	"github.com/medspa-ai/backend/shared/budget"
)

func main() {
	seeds := flag.Int("seeds", 200, "accounts per seed set")
	tuning := flag.Uint64("tuning", 1, "first tuning seed")
	heldOut := flag.Uint64("held-out", 1_000_001, "first held-out seed")
	only := flag.String("only", "", "run only the tuning or the held-out set")
	m := budget.DefaultModel
	flag.Float64Var(&m.Elasticity, "elasticity", m.Elasticity, "model: leads ~ x^elasticity (x the spend, bent by -saturation)")
	flag.Float64Var(&m.PriorLeads, "prior-leads", m.PriorLeads, "model: prior worth in leads")
	flag.Float64Var(&m.HalfLifeDays, "half-life", m.HalfLifeDays, "model: half-life of a day's weight")
	flag.Float64Var(&m.Saturation, "saturation", m.Saturation, "model: audience saturation, a multiple of the mean campaign budget (0: power law)")
	flag.IntVar(&m.Draws, "draws", m.Draws, "model: posterior draws averaged (0: posterior means)")
	flag.Parse()
	workers := max(1, runtime.GOMAXPROCS(0))
	run := func(name string, from uint64) campaigns.Summary {
		t0 := time.Now()
		s, err := campaigns.Compare(from, *seeds, m, workers)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sim-optimize:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: seeds %d.. oracle_lift_vs_equal=%.3f (%s)\n", name, from, s.OracleLift, time.Since(t0).Round(time.Millisecond))
		for _, v := range s.First {
			fmt.Println("  violation:", v)
		}
		return s
	}
	var last campaigns.Summary
	if *only != "held-out" {
		last = run("tuning", *tuning)
		fmt.Println(last.Line("tuning"))
	}
	if *only != "tuning" {
		last = run("held-out", *heldOut)
	}
	fmt.Println(last.Line("sim-optimize"))
}
