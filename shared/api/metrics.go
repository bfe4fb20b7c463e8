package api

import (
	"net/url"
	"sort"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// qparam is a query parameter a route takes (besides a list's limit and
// cursor), documented in the OpenAPI document.
type qparam struct {
	name, desc string
	schema     schema
	example    string
}

// maxMetricDays bounds a range: 400 days touch at most 15 months, so a
// request is at most 15 Query calls (plus one per further MB of a month).
const maxMetricDays = 400

var (
	qFrom     = qparam{"from", "First day (YYYY-MM-DD, the ad accounts' own days); default 29 days before `to`", schema{"type": "string", "format": "date"}, "2026-11-01"}
	qTo       = qparam{"to", "Last day (YYYY-MM-DD); default today (UTC). At most 400 days after `from`", schema{"type": "string", "format": "date"}, "2026-11-30"}
	qPlatform = qparam{"platform", "Only this platform's numbers", platformEnum(), "meta"}
	qLevel    = qparam{"level", "The rows summed: campaign (default), adset (ad sets and ad groups) or ad", strEnum("campaign", "adset", "ad"), "campaign"}
	qGroupBy  = qparam{"groupBy", "How the totals are split (default day); adset and ad need that level or a lower one", strEnum("day", "campaign", "platform", "adset", "ad"), "day"}
	qPeriod   = qparam{"period", "This many days up to today, against the same number of days before (default 30d)", strEnum("7d", "30d", "90d"), "30d"}
	qDim      = qparam{"dimension", "Only this breakdown: age_gender, placement (Meta), device, network (Google)", strEnum(metrics.Dimensions...), "age_gender"}
)

func field(name, reason string) error {
	return problem.BadRequest("A query parameter is not valid.", problem.FieldError{Field: name, Reason: reason})
}

func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// metricRange reads from, to and platform.
func (c *call) metricRange(q url.Values) (from, to string, p connector.Platform, err error) {
	to, from = q.Get("to"), q.Get("from")
	if to == "" {
		to = day(c.now)
	}
	tt, e := time.Parse(time.DateOnly, to)
	if e != nil {
		return "", "", "", field("to", "must be a date YYYY-MM-DD")
	}
	if from == "" {
		from = day(tt.AddDate(0, 0, -29))
	}
	ft, e := time.Parse(time.DateOnly, from)
	switch {
	case e != nil:
		return "", "", "", field("from", "must be a date YYYY-MM-DD")
	case ft.After(tt):
		return "", "", "", field("from", "must not be after to")
	case tt.Sub(ft) > maxMetricDays*24*time.Hour:
		return "", "", "", field("to", "must be at most 400 days after from")
	}
	if v := q.Get("platform"); v != "" {
		p = connector.Platform(v)
		if !p.Valid() {
			return "", "", "", field("platform", connector.ErrPlatform("platform").Error())
		}
	}
	return from, to, p, nil
}

// MetricTotals are summed counts in one currency and the ratios derived
// from the sums.
type MetricTotals struct {
	Currency string `json:"currency"`
	metrics.Counts
	metrics.Ratios
}

// MetricsGroup is one group's totals.
type MetricsGroup struct {
	Key      string `json:"key"`
	Name     string `json:"name,omitempty"`
	Platform string `json:"platform,omitempty"`
	MetricTotals
}

// MetricsReport answers GET /metrics.
type MetricsReport struct {
	From    string         `json:"from"`
	To      string         `json:"to"`
	Level   string         `json:"level"`
	GroupBy string         `json:"groupBy"`
	Totals  []MetricTotals `json:"totals"`
	Groups  []MetricsGroup `json:"groups"`
}

type summer struct {
	order []string
	sums  map[string]*MetricsGroup
}

func (s *summer) add(key, name, platform, currency string, c metrics.Counts) {
	if s.sums == nil {
		s.sums = map[string]*MetricsGroup{}
	}
	k := key + "\x00" + currency
	g, ok := s.sums[k]
	if !ok {
		g = &MetricsGroup{Key: key, Name: name, Platform: platform, MetricTotals: MetricTotals{Currency: currency}}
		s.sums[k] = g
		s.order = append(s.order, k)
	}
	g.Counts.Add(c)
}

func (s *summer) groups() []MetricsGroup {
	sort.Strings(s.order)
	out := make([]MetricsGroup, 0, len(s.order))
	for _, k := range s.order {
		g := *s.sums[k]
		g.Ratios = g.Counts.Derive()
		out = append(out, g)
	}
	return out
}

func totalsOf(gs []MetricsGroup) []MetricTotals {
	var s summer
	for _, g := range gs {
		s.add("", "", "", g.Currency, g.Counts)
	}
	out := []MetricTotals{}
	for _, g := range s.groups() {
		out = append(out, g.MetricTotals)
	}
	return out
}

var levelRank = map[metrics.Level]int{metrics.Campaign: 0, metrics.AdSet: 1, metrics.Ad: 2}

func (s *Server) getMetrics(c *call) (reply, error) {
	q := c.query
	from, to, platform, err := c.metricRange(q)
	if err != nil {
		return reply{}, err
	}
	groupBy := q.Get("groupBy")
	if groupBy == "" {
		groupBy = "day"
	}
	switch groupBy {
	case "day", "campaign", "platform", "adset", "ad":
	default:
		return reply{}, field("groupBy", "must be one of day, campaign, platform, adset, ad")
	}
	level := metrics.Level(q.Get("level"))
	if level == "" {
		level = metrics.Campaign
		if g := metrics.Level(groupBy); g == metrics.AdSet || g == metrics.Ad {
			level = g
		}
	}
	if !level.Valid() {
		return reply{}, field("level", "must be one of campaign, adset, ad")
	}
	if g := metrics.Level(groupBy); g.Valid() && levelRank[g] > levelRank[level] {
		return reply{}, field("groupBy", "needs level "+groupBy+" or a lower one")
	}
	var sum summer
	err = s.d.Metrics.Daily(c.ctx, metrics.Query{OrgID: c.orgID, Level: level, From: from, To: to, Platform: platform}, func(rows []metrics.Row) error {
		for _, r := range rows {
			switch groupBy {
			case "day":
				sum.add(r.Date, "", "", r.Currency, r.Counts)
			case "platform":
				sum.add(string(r.Platform), "", string(r.Platform), r.Currency, r.Counts)
			case "campaign":
				sum.add(r.CampaignID, r.CampaignName, string(r.Platform), r.Currency, r.Counts)
			case "adset":
				name := ""
				if r.Level == metrics.AdSet {
					name = r.EntityName
				}
				sum.add(r.AdSetID, name, string(r.Platform), r.Currency, r.Counts)
			case "ad":
				sum.add(r.EntityID, r.EntityName, string(r.Platform), r.Currency, r.Counts)
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	gs := sum.groups()
	return ok(MetricsReport{From: from, To: to, Level: string(level), GroupBy: groupBy, Totals: totalsOf(gs), Groups: gs})
}

// PlatformPeriod is one platform's (and currency's) totals this period
// and the period before.
type PlatformPeriod struct {
	Platform string       `json:"platform"`
	Current  MetricTotals `json:"current"`
	Previous MetricTotals `json:"previous"`
}

// MetricsOverview answers GET /metrics/overview.
type MetricsOverview struct {
	Period       string           `json:"period"`
	From         string           `json:"from"`
	To           string           `json:"to"`
	PreviousFrom string           `json:"previousFrom"`
	PreviousTo   string           `json:"previousTo"`
	Platforms    []PlatformPeriod `json:"platforms"`
}

func (s *Server) getOverview(c *call) (reply, error) {
	period := c.query.Get("period")
	days := map[string]int{"": 30, "7d": 7, "30d": 30, "90d": 90}[period]
	if days == 0 {
		return reply{}, field("period", "must be one of 7d, 30d, 90d")
	}
	if period == "" {
		period = "30d"
	}
	today := c.now.UTC()
	from, prevTo, prevFrom := day(today.AddDate(0, 0, -(days-1))), day(today.AddDate(0, 0, -days)), day(today.AddDate(0, 0, -(2*days-1)))
	var cur, prev summer
	// One read covers both periods: at most 7 months, 7 Query calls.
	err := s.d.Metrics.Daily(c.ctx, metrics.Query{OrgID: c.orgID, Level: metrics.Campaign, From: prevFrom, To: day(today)}, func(rows []metrics.Row) error {
		for _, r := range rows {
			cur.add(string(r.Platform), "", string(r.Platform), r.Currency, metrics.Counts{})
			prev.add(string(r.Platform), "", string(r.Platform), r.Currency, metrics.Counts{})
			if r.Date >= from {
				cur.add(string(r.Platform), "", string(r.Platform), r.Currency, r.Counts)
			} else {
				prev.add(string(r.Platform), "", string(r.Platform), r.Currency, r.Counts)
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	out := MetricsOverview{Period: period, From: from, To: day(today), PreviousFrom: prevFrom, PreviousTo: prevTo, Platforms: []PlatformPeriod{}}
	pg := prev.groups()
	for i, g := range cur.groups() {
		out.Platforms = append(out.Platforms, PlatformPeriod{Platform: g.Platform, Current: g.MetricTotals, Previous: pg[i].MetricTotals})
	}
	return ok(out)
}

// InsightCell is one audience segment's totals over the range.
type InsightCell struct {
	Platform  string `json:"platform"`
	Dimension string `json:"dimension"`
	Segment   string `json:"segment"`
	MetricTotals
}

// InsightsReport answers GET /insights: aggregates only.
type InsightsReport struct {
	From  string        `json:"from"`
	To    string        `json:"to"`
	Cells []InsightCell `json:"cells"`
}

func (s *Server) getInsights(c *call) (reply, error) {
	from, to, platform, err := c.metricRange(c.query)
	if err != nil {
		return reply{}, err
	}
	dim := c.query.Get("dimension")
	if dim != "" {
		okDim := false
		for _, d := range metrics.Dimensions {
			okDim = okDim || d == dim
		}
		if !okDim {
			return reply{}, field("dimension", "must be one of age_gender, placement, device, network")
		}
	}
	var sum summer
	dims := map[string]string{}
	err = s.d.Metrics.Insights(c.ctx, c.orgID, from, to, func(cells []metrics.Insight) error {
		for _, x := range cells {
			if (platform != "" && x.Platform != platform) || (dim != "" && x.Dimension != dim) {
				continue
			}
			k := x.Dimension + "|" + x.Segment
			dims[k] = x.Dimension
			sum.add(k, x.Segment, string(x.Platform), x.Currency, x.Counts)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	out := InsightsReport{From: from, To: to, Cells: []InsightCell{}}
	for _, g := range sum.groups() {
		out.Cells = append(out.Cells, InsightCell{Platform: g.Platform, Dimension: dims[g.Key], Segment: g.Name, MetricTotals: g.MetricTotals})
	}
	return ok(out)
}
