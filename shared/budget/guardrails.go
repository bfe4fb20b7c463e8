package budget

import (
	"fmt"
	"math"
	"time"
)

// Violation is a guardrail a plan breaks.
type Violation struct {
	Limit      Limit
	CampaignID string
	Detail     string
}

func (v Violation) String() string { return fmt.Sprintf("%s %s: %s", v.Limit, v.CampaignID, v.Detail) }

// Check verifies a plan against the guardrails from the input alone, as an
// auditor would: every active campaign within its platform's cap, moved at
// most the weekly change (except down to the floor of a campaign without
// leads, or up to the floor), never below its floor, never above its floor
// without a lead in the zero-lead window. A platform's cap overrides the
// floors and the change limit (the owner's cap is the owner's money): when
// the lower bounds alone exceed it they are cut in proportion. A cent of
// rounding is allowed per campaign.
func Check(in Input, plan Plan) []Violation {
	r := in.Settings.Rules.withDefaults()
	const cent = 0.0100001
	var out []Violation
	byKey := map[Key]BudgetChange{}
	for _, c := range plan.Changes {
		byKey[Key{c.Platform, c.CampaignID}] = c
	}
	caps := DailyCaps(in.Settings.MonthlyCap, in.Days, in.WeekStart)
	var active []Campaign
	for _, c := range in.Campaigns {
		if c.Active {
			active = append(active, c)
		}
	}
	if len(active) == 0 {
		return nil
	}
	platformTotal := map[Platform]float64{}
	platformLo := map[Platform]float64{}
	var newTotal float64
	floor := math.Max(r.MinDailyBudget.Dollars(), r.ExplorationShare*plannedTotal(active, caps, in.Budgeted)/float64(len(active)))
	// The organization's total: today's budgets, or what it budgeted
	// before the guardrails held the last plans below it.
	limit := budgetedTotal(active, in.Budgeted).Dollars()
	windowFrom := day(in.WeekStart).AddDate(0, 0, -r.ZeroLeadWindowDays)
	for _, c := range active {
		ch, ok := byKey[c.Key()]
		if !ok {
			out = append(out, Violation{"missing", c.CampaignID, "active campaign without a recommendation"})
			continue
		}
		v := ch.Recommended.Dollars()
		old := c.DailyBudget.Dollars()
		platformTotal[c.Platform] += v
		newTotal += v
		platformLo[c.Platform] += math.Max(floor, old*(1-r.MaxWeeklyChange))
		zero := zeroLeadsIn(in.Days, c.Key(), windowFrom, day(in.WeekStart), r)
		if v > math.Max(old*(1+r.MaxWeeklyChange), floor)+cent {
			out = append(out, Violation{LimitWeeklyChange, c.CampaignID, fmt.Sprintf("raised from %.2f to %.2f", old, v)})
		}
		if !zero && v < old*(1-r.MaxWeeklyChange)-cent {
			out = append(out, Violation{LimitWeeklyChange, c.CampaignID, fmt.Sprintf("cut from %.2f to %.2f", old, v)})
		}
		if zero && v > floor+cent {
			out = append(out, Violation{LimitZeroLeads, c.CampaignID, fmt.Sprintf("%.2f above the floor %.2f without a lead in %d days", v, floor, r.ZeroLeadWindowDays)})
		}
		if v < floor-cent {
			out = append(out, Violation{LimitFloor, c.CampaignID, fmt.Sprintf("%.2f below the floor %.2f", v, floor)})
		}
	}
	for pl, t := range platformTotal {
		if c, ok := caps[pl]; ok && t > c.Dollars()+1e-9 {
			out = append(out, Violation{LimitCap, string(pl), fmt.Sprintf("daily %.2f over the cap %.2f", t, c.Dollars())})
		}
	}
	if newTotal > limit+cent*float64(len(active)) {
		out = append(out, Violation{LimitCap, "total", fmt.Sprintf("daily total %.2f over the budgeted %.2f", newTotal, limit)})
	}
	// Floors and the change limit give way to a cap, in which case the
	// violations above that the cap explains are not the plan's fault.
	var kept []Violation
	for _, v := range out {
		if v.Limit == LimitFloor || v.Limit == LimitWeeklyChange {
			if pl, ok := platformOf(active, v.CampaignID); ok {
				if c, capped := caps[pl]; capped && platformLo[pl] > c.Dollars() {
					continue
				}
			}
		}
		kept = append(kept, v)
	}
	return kept
}

func platformOf(cs []Campaign, id string) (Platform, bool) {
	for _, c := range cs {
		if c.CampaignID == id {
			return c.Platform, true
		}
	}
	return "", false
}

func zeroLeadsIn(days []CampaignDay, k Key, from, to time.Time, r Rules) bool {
	var leads int64
	var spend Micros
	spent := map[string]bool{}
	for _, d := range days {
		if d.Key() != k {
			continue
		}
		t, err := time.Parse(dateLayout, d.Date)
		if err != nil || t.Before(from) || !t.Before(to) {
			continue
		}
		leads += d.Leads
		spend += d.Spend
		if d.Spend > 0 {
			spent[d.Date] = true
		}
	}
	return leads == 0 && spend > 0 && len(spent)*4 >= r.ZeroLeadWindowDays*3
}
