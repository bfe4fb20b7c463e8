// Command weeklyreport writes an example weekly report (make
// report-example): a synthetic account from infra/sim/campaigns, run
// through the real optimiser for 12 weeks, reported for its last week with
// the recommendations for the next, as the HTML page the email carries and
// as the raw email (charts attached by Content-ID).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/medspa-ai/backend/infra/sim/campaigns"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/report"
)

func main() {
	out := flag.String("out", ".local/weekly-report.html", "where to write the page (the email goes beside it, .eml)")
	seed := flag.Uint64("seed", 7, "synthetic account")
	flag.Parse()
	if err := run(*out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "weeklyreport:", err)
		os.Exit(1)
	}
}

func run(out string, seed uint64) error {
	a := campaigns.NewAccount(seed)
	res, err := campaigns.Run(a, campaigns.Optimiser{Model: budget.DefaultModel})
	if err != nil {
		return err
	}
	next := a.Start.AddDate(0, 0, 7*campaigns.Weeks)
	last := next.AddDate(0, 0, -7)
	names := map[budget.Key]string{}
	for i, c := range a.Campaigns {
		names[c.Key()] = []string{"HydraFacial spring offer", "Search: Botox Austin", "Microneedling video", "Retargeting: site visitors", "Lip filler lead form"}[i%5]
	}
	plan, err := budget.Optimize(budget.Input{OrgID: "org_example", WeekStart: next, Settings: a.Settings, Campaigns: res.Last, Days: res.Days}, budget.DefaultModel)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	recs := budget.FromPlan(plan, now)
	recs = append(recs, budget.FromAdvice("org_example", next, budget.Advise(budget.AdviceInput{WeekStart: next, Campaigns: res.Days}), now)...)
	r := report.Build("Glow Med Spa (example)", last, res.Days, names, recs)
	r.UnsubscribeURL = "https://app.medspa.ai/unsubscribe?t=example"
	charts, err := report.Charts(r)
	if err != nil {
		return err
	}
	page, err := report.HTML(r, charts)
	if err != nil {
		return err
	}
	email, err := report.Email("Med Spa AI <reports@medspa.ai>", "owner@glowmedspa.example", "Your week: "+r.From+" to "+r.To, r, charts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	eml := out[:len(out)-len(filepath.Ext(out))] + ".eml"
	if err := os.WriteFile(out, []byte(page), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(eml, email, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s (%d bytes, %d charts) and %s: spend %s, %d leads, %d recommendations\n", out, len(page), len(charts), eml, report.Dollars(r.Week.Spend), r.Week.Leads, len(r.Recommendations))
	return nil
}
