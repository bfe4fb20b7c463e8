package budget

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// AdDay is one ad's metrics for one day: the grain of bid and creative
// advice (ad set under campaign, creative under ad set).
type AdDay struct {
	Platform    Platform
	CampaignID  string
	AdSetID     string
	CreativeID  string
	Date        string
	Spend       Micros
	Impressions int64
	Clicks      int64
	Leads       int64
}

// Dimension is an aggregate breakdown the platforms report. Only these are
// read: advice never rests on a person's attributes, and never on
// anything touching health (no interests, no conditions, no custom
// audiences built from people).
type Dimension string

// The breakdowns advice may use.
const (
	DimPlacement Dimension = "placement"
	DimAge       Dimension = "age"
	DimWeekday   Dimension = "weekday"
)

// SegmentTotal is a campaign's totals over a period in one value of a
// breakdown (placement "instagram_feed", age "35-44").
type SegmentTotal struct {
	Platform    Platform
	CampaignID  string
	Dimension   Dimension
	Value       string
	Spend       Micros
	Impressions int64
	Clicks      int64
	Leads       int64
}

// Action is what a piece of advice asks for.
type Action string

// Actions.
const (
	ActionPause           Action = "pause"
	ActionLowerBid        Action = "lower-bid"
	ActionRefreshCreative Action = "refresh-creative"
	ActionExclude         Action = "exclude-segment"
	ActionFocus           Action = "focus-audience"
)

// Advice is a bid, creative or targeting recommendation.
type Advice struct {
	Action     Action
	Platform   Platform
	CampaignID string
	AdSetID    string
	CreativeID string
	Dimension  Dimension
	Value      string
	Reason     string
	// CostPerLead is the flagged unit's cost per lead with its 90%
	// credible interval (for creative fatigue: its recent click-through
	// rate in percent).
	Estimate Interval
	// MinAge is the youngest age any targeting advice may reach: cosmetic
	// procedures are advertised to adults only.
	MinAge int
	// Content, for a creative refresh, is the content request to make.
	Content *ContentHint
}

// ContentHint is the content generation request a creative refresh
// suggests.
type ContentHint struct {
	Kind  string // copy, image, video
	Brief string
}

// AdviceInput is what bid and targeting advice reads.
type AdviceInput struct {
	WeekStart time.Time
	Ads       []AdDay
	Segments  []SegmentTotal
	Campaigns []CampaignDay
}

// Thresholds of advice: a unit is flagged when it is, with 90%
// credibility, more than FarAbove times the account's cost per lead.
const (
	FarAbove        = 2.0
	pauseFarAbove   = 3.0
	fatigueDrop     = 0.75 // recent CTR below 75% of its first weeks'
	minRecentImpr   = 1000
	adultsOnly      = 18
	adviceWindow    = 28
	recentDays      = 7
	adviceMinSpend  = 50_000_000 // $50: less is no evidence either way
	advicePrior     = 1.0
	fatigueBaseDays = 14
)

// Advise flags ad sets with a cost per lead far above the account's,
// creatives whose click-through rate decays, and placements, age bands and
// weekdays that underperform, and suggests the audiences that convert,
// from aggregate performance only.
func Advise(in AdviceInput) []Advice {
	start := day(in.WeekStart)
	from := start.AddDate(0, 0, -adviceWindow)
	inWindow := func(date string) (time.Time, bool) {
		t, err := time.Parse(dateLayout, date)
		return t, err == nil && !t.Before(from) && t.Before(start)
	}
	var out []Advice

	// The account's lead rate per dollar over the window.
	var accSpend Micros
	var accLeads int64
	for _, d := range in.Campaigns {
		if _, ok := inWindow(d.Date); ok {
			accSpend += d.Spend
			accLeads += d.Leads
		}
	}
	if len(in.Campaigns) == 0 {
		for _, d := range in.Ads {
			if _, ok := inWindow(d.Date); ok {
				accSpend += d.Spend
				accLeads += d.Leads
			}
		}
	}
	if accSpend <= 0 || accLeads == 0 {
		return nil
	}
	accRate := float64(accLeads) / accSpend.Dollars()
	accCPL := accSpend / Micros(accLeads)

	// Ad sets.
	type unit struct {
		pl            Platform
		camp, set, cr string
		spend         Micros
		leads         int64
		early, recent [2]int64 // impressions, clicks
		first         time.Time
	}
	sets := map[string]*unit{}
	creatives := map[string]*unit{}
	for _, d := range in.Ads {
		t, ok := inWindow(d.Date)
		if !ok {
			continue
		}
		k := string(d.Platform) + "/" + d.CampaignID + "/" + d.AdSetID
		u := sets[k]
		if u == nil {
			u = &unit{pl: d.Platform, camp: d.CampaignID, set: d.AdSetID}
			sets[k] = u
		}
		u.spend += d.Spend
		u.leads += d.Leads
		if d.CreativeID == "" {
			continue
		}
		ck := k + "/" + d.CreativeID
		c := creatives[ck]
		if c == nil {
			c = &unit{pl: d.Platform, camp: d.CampaignID, set: d.AdSetID, cr: d.CreativeID, first: t}
			creatives[ck] = c
		}
		if t.Before(c.first) {
			c.first = t
		}
	}
	// Creative fatigue compares a creative's first two weeks in the window
	// with its last week.
	for _, d := range in.Ads {
		t, ok := inWindow(d.Date)
		if !ok || d.CreativeID == "" {
			continue
		}
		c := creatives[string(d.Platform)+"/"+d.CampaignID+"/"+d.AdSetID+"/"+d.CreativeID]
		switch {
		case !t.Before(start.AddDate(0, 0, -recentDays)):
			c.recent[0] += d.Impressions
			c.recent[1] += d.Clicks
		case t.Before(c.first.AddDate(0, 0, fatigueBaseDays)):
			c.early[0] += d.Impressions
			c.early[1] += d.Clicks
		}
	}
	for _, k := range slices.Sorted(maps.Keys(sets)) {
		u := sets[k]
		if u.spend < adviceMinSpend {
			continue
		}
		est, hiRate := costPerLead(u.spend, u.leads, accRate)
		if hiRate*FarAbove > accRate {
			continue
		}
		a := Advice{Action: ActionLowerBid, Platform: u.pl, CampaignID: u.camp, AdSetID: u.set, Estimate: est, MinAge: adultsOnly}
		if hiRate*pauseFarAbove <= accRate {
			a.Action = ActionPause
		}
		a.Reason = fmt.Sprintf("Ad set %s: %s spent for %d %s over the last %d days, a cost per lead of %s (90%% credible %s to %s), against the account's %s; ", u.set, money(u.spend), u.leads, plural(u.leads, "lead", "leads"), adviceWindow, money(FromDollars(est.Mean)), money(FromDollars(est.Low)), money(FromDollars(est.High)), money(accCPL))
		if a.Action == ActionPause {
			a.Reason += "pause it and let its budget go to the ad sets that convert."
		} else {
			a.Reason += "lower its bid or cost cap so it buys only cheaper leads."
		}
		out = append(out, a)
	}
	for _, k := range slices.Sorted(maps.Keys(creatives)) {
		c := creatives[k]
		if c.recent[0] < minRecentImpr || c.early[0] < minRecentImpr || c.early[1] == 0 {
			continue
		}
		early := float64(c.early[1]) / float64(c.early[0])
		recent := distuv.Beta{Alpha: 1 + float64(c.recent[1]), Beta: 1 + float64(c.recent[0]-c.recent[1])}
		if recent.Quantile(0.95) >= fatigueDrop*early {
			continue
		}
		out = append(out, Advice{
			Action: ActionRefreshCreative, Platform: c.pl, CampaignID: c.camp, AdSetID: c.set, CreativeID: c.cr,
			Estimate: Interval{Mean: 100 * recent.Mean(), Low: 100 * recent.Quantile(0.05), High: 100 * recent.Quantile(0.95)},
			Reason: fmt.Sprintf("Creative %s: its click-through rate fell from %.2f%% in its first two weeks to %.2f%% in the last %d days (90%% credible %.2f%% to %.2f%%); people have seen it enough. Generate a fresh variant and rotate it in.",
				c.cr, 100*early, 100*recent.Mean(), recentDays, 100*recent.Quantile(0.05), 100*recent.Quantile(0.95)),
			MinAge:  adultsOnly,
			Content: &ContentHint{Kind: "image", Brief: "a new variant of creative " + c.cr + " for the same offer and placement"},
		})
	}
	out = append(out, segments(in, inWindow, accRate, accCPL)...)
	return out
}

// costPerLead is the cost per lead's posterior (Gamma on leads per dollar,
// prior worth advicePrior lead at the account's rate) and the rate's 90%
// quantile: flagging needs the rate below a bound with 90% credibility.
func costPerLead(spend Micros, leads int64, accRate float64) (Interval, float64) {
	g := distuv.Gamma{Alpha: advicePrior + float64(leads), Beta: advicePrior/accRate + spend.Dollars()}
	hi := g.Quantile(0.90)
	return Interval{Mean: 1 / g.Mean(), Low: 1 / hi, High: 1 / g.Quantile(0.05)}, hi
}

// segments flags breakdown values far dearer than the account and names
// the ones that convert best as audiences to focus on.
func segments(in AdviceInput, inWindow func(string) (time.Time, bool), accRate float64, accCPL Micros) []Advice {
	type tot struct {
		spend Micros
		leads int64
	}
	byValue := map[Dimension]map[string]*tot{}
	add := func(dim Dimension, v string, s Micros, l int64) {
		if byValue[dim] == nil {
			byValue[dim] = map[string]*tot{}
		}
		t := byValue[dim][v]
		if t == nil {
			t = &tot{}
			byValue[dim][v] = t
		}
		t.spend += s
		t.leads += l
	}
	for _, s := range in.Segments {
		switch s.Dimension {
		case DimPlacement:
			add(s.Dimension, s.Value, s.Spend, s.Leads)
		case DimAge:
			if lo, ok := ageFloor(s.Value); ok && lo >= adultsOnly {
				add(s.Dimension, s.Value, s.Spend, s.Leads)
			}
		}
	}
	for _, d := range in.Campaigns {
		if t, ok := inWindow(d.Date); ok {
			add(DimWeekday, t.Weekday().String(), d.Spend, d.Leads)
		}
	}
	var out []Advice
	for _, dim := range []Dimension{DimPlacement, DimAge, DimWeekday} {
		vals := byValue[dim]
		type scored struct {
			v   string
			est Interval
			low float64 // rate's 5% quantile
			t   *tot
		}
		var best []scored
		for _, v := range slices.Sorted(maps.Keys(vals)) {
			t := vals[v]
			if t.spend < adviceMinSpend {
				continue
			}
			est, hi := costPerLead(t.spend, t.leads, accRate)
			g := distuv.Gamma{Alpha: advicePrior + float64(t.leads), Beta: advicePrior/accRate + t.spend.Dollars()}
			if hi*FarAbove <= accRate {
				what := map[Dimension]string{DimPlacement: "placement", DimAge: "age band", DimWeekday: "day"}[dim]
				act := "exclude it or bid it down"
				if dim == DimWeekday {
					act = "schedule less of the budget on it"
				}
				out = append(out, Advice{
					Action: ActionExclude, Dimension: dim, Value: v, Estimate: est, MinAge: adultsOnly,
					Reason: fmt.Sprintf("The %s %s: %s spent for %d %s over the last %d days, %s a lead (90%% credible %s to %s) against the account's %s; %s.",
						what, v, money(t.spend), t.leads, plural(t.leads, "lead", "leads"), adviceWindow, money(FromDollars(est.Mean)), money(FromDollars(est.Low)), money(FromDollars(est.High)), money(accCPL), act),
				})
			}
			if dim != DimWeekday && g.Quantile(0.10) > accRate {
				best = append(best, scored{v: v, est: est, low: g.Quantile(0.10), t: t})
			}
		}
		if len(best) > 0 {
			sort.Slice(best, func(i, j int) bool { return best[i].low > best[j].low })
			if len(best) > 2 {
				best = best[:2]
			}
			var names []string
			for _, b := range best {
				names = append(names, fmt.Sprintf("%s (%s a lead)", b.v, money(FromDollars(b.est.Mean))))
			}
			what := map[Dimension]string{DimPlacement: "placements", DimAge: "age bands"}[dim]
			out = append(out, Advice{
				Action: ActionFocus, Dimension: dim, Value: best[0].v, Estimate: best[0].est, MinAge: adultsOnly,
				Reason: fmt.Sprintf("The %s converting best, with 90%% credibility cheaper than the account's %s a lead: %s. Put more of new campaigns' audiences there; always adults only (%d+).",
					what, money(accCPL), strings.Join(names, ", "), adultsOnly),
			})
		}
	}
	return out
}

// ageFloor reads the lower end of an age band ("18-24", "65+").
func ageFloor(v string) (int, bool) {
	v = strings.TrimSpace(v)
	end := strings.IndexAny(v, "-+")
	if end < 0 {
		end = len(v)
	}
	n, err := strconv.Atoi(v[:end])
	if err != nil || n < 0 || n > 120 {
		return 0, false
	}
	return n, true
}
