// Command simoptimize measures the budget optimiser on synthetic accounts
// against an equal-budget baseline and an oracle (make sim-optimize), on
// three seed sets in turn:
//
//   - tuning (from 1): what the model and the allocation were chosen on;
//   - old held-out (from 1,000,001): held out once, but its numbers have
//     been looked at across several rounds of changes, so it is no longer
//     untouched; still reported, for continuity;
//   - held-out (from 5,000,001): a set no change was chosen on, the one
//     that counts. Its numbers are the last line.
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
	oldHeldOut := flag.Uint64("old-held-out", 1_000_001, "first seed of the old held-out set (seen before)")
	heldOut := flag.Uint64("held-out", 5_000_001, "first seed of the held-out set (the last line)")
	only := flag.String("only", "", "run only one set: tuning, old-held-out or held-out")
	perWeek := flag.Bool("per-week", false, "also print the optimiser's and the oracle's lift over equal budgets per week")
	m := budget.DefaultModel
	flag.Float64Var(&m.Elasticity, "elasticity", m.Elasticity, "model: leads ~ x^elasticity (x the spend, bent by -saturation)")
	flag.Float64Var(&m.PriorLeads, "prior-leads", m.PriorLeads, "model: prior worth in leads")
	flag.Float64Var(&m.HalfLifeDays, "half-life", m.HalfLifeDays, "model: half-life of a day's weight")
	flag.Float64Var(&m.Saturation, "saturation", m.Saturation, "model: audience saturation, a multiple of the mean campaign budget (0: power law)")
	flag.IntVar(&m.Draws, "draws", m.Draws, "model: posterior draws averaged (0: posterior means)")
	flag.Parse()
	sets := []struct {
		name string
		from uint64
	}{{"tuning", *tuning}, {"old-held-out", *oldHeldOut}, {"held-out", *heldOut}}
	if *only != "" && *only != "tuning" && *only != "old-held-out" && *only != "held-out" {
		fmt.Fprintln(os.Stderr, "sim-optimize: -only is tuning, old-held-out or held-out")
		os.Exit(2)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	var last campaigns.Summary
	for _, set := range sets {
		if *only != "" && *only != set.name {
			continue
		}
		t0 := time.Now()
		s, err := campaigns.Compare(set.from, *seeds, m, workers)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sim-optimize:", err)
			os.Exit(1)
		}
		fmt.Printf("%s: seeds %d.. oracle_lift_vs_equal=%.3f (%s)\n", set.name, set.from, s.OracleLift, time.Since(t0).Round(time.Millisecond))
		if *perWeek {
			for w := range s.WeekLift {
				fmt.Printf("  week %2d: lift_vs_equal=%.3f oracle=%.3f\n", w+1, s.WeekLift[w], s.OracleWeekLift[w])
			}
		}
		for _, v := range s.First {
			fmt.Println("  violation:", v)
		}
		fmt.Println(s.Line(set.name))
		last = s
	}
	fmt.Println(last.Line("sim-optimize"))
}
