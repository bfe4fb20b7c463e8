package budget

import (
	"fmt"
	"slices"
	"strings"
)

// reason says in plain words what a change is and why, with the numbers a
// marketer can check in the platform.
func reason(ch BudgetChange, p Posterior, accountCPL, target Micros, zero bool, r Rules) string {
	var b strings.Builder
	pct := 0.0
	if ch.Current > 0 {
		pct = 100 * (ch.Recommended.Dollars() - ch.Current.Dollars()) / ch.Current.Dollars()
	}
	switch {
	case ch.Recommended > ch.Current:
		fmt.Fprintf(&b, "Raise the daily budget from %s to %s (%+.0f%%)", money(ch.Current), money(ch.Recommended), pct)
	case ch.Recommended < ch.Current:
		fmt.Fprintf(&b, "Lower the daily budget from %s to %s (%+.0f%%)", money(ch.Current), money(ch.Recommended), pct)
	default:
		fmt.Fprintf(&b, "Keep the daily budget at %s", money(ch.Current))
	}
	b.WriteString(": ")
	switch {
	case zero:
		fmt.Fprintf(&b, "it spent %s over the last %d days without a single lead, so it keeps only its exploration floor until it converts", money(p.WindowSpend), r.ZeroLeadWindowDays)
	case p.Leads == 0:
		fmt.Fprintf(&b, "no lead yet from %s spent, too little to judge; it is treated like the account's average", money(p.Spend))
	default:
		cpl := p.Spend / Micros(p.Leads)
		fmt.Fprintf(&b, "%s spent for %d %s over the last %d days, %s a lead", money(p.Spend), p.Leads, plural(p.Leads, "lead", "leads"), p.Days, money(cpl))
		if accountCPL > 0 {
			switch {
			case cpl < accountCPL*9/10:
				fmt.Fprintf(&b, ", cheaper than the account's %s", money(accountCPL))
			case cpl > accountCPL*11/10:
				fmt.Fprintf(&b, ", dearer than the account's %s", money(accountCPL))
			default:
				fmt.Fprintf(&b, ", close to the account's %s", money(accountCPL))
			}
		}
		if target > 0 && cpl > 2*target {
			fmt.Fprintf(&b, " and over twice the %s target", money(target))
		}
		if p.Leads < 10 {
			b.WriteString("; with so few leads the estimate leans on the account's average")
		}
	}
	if ch.Recommended > ch.Current && !zero {
		b.WriteString(". The next dollar is expected to bring more leads here than elsewhere")
	}
	if ch.Recommended < ch.Current && !zero {
		b.WriteString(". Its last dollars are expected to bring fewer leads than elsewhere")
	}
	if slices.Contains(ch.Limits, LimitWeeklyChange) {
		fmt.Fprintf(&b, "; the change is held to %.0f%% a week so the campaign's learning phase is not reset", 100*r.MaxWeeklyChange)
	}
	if slices.Contains(ch.Limits, LimitFloor) && !zero {
		b.WriteString("; it keeps its exploration floor so it goes on producing data")
	}
	if slices.Contains(ch.Limits, LimitCap) {
		fmt.Fprintf(&b, "; the %s monthly cap limits the platform's total", ch.Platform)
	}
	fmt.Fprintf(&b, ". Expected effect: %+.1f leads a week (90%% credible interval %+.1f to %+.1f).", ch.Effect.Mean, ch.Effect.Low, ch.Effect.High)
	return b.String()
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
