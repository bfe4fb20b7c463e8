package adplatform

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"
)

// Platform names one of the simulated ad platforms.
type Platform string

// The simulated platforms.
const (
	Meta   Platform = "meta"
	Google Platform = "google"
)

// Level is the entity level metrics are reported at.
type Level string

// The levels of the entity tree. Meta calls the middle level "adset",
// Google "ad_group"; both are LevelAdSet here.
const (
	LevelAccount  Level = "account"
	LevelCampaign Level = "campaign"
	LevelAdSet    Level = "adset"
	LevelAd       Level = "ad"
)

// DataDays is how many days of history each account has: its rows run from
// DataDays-1 days before the account's own today through today.
const DataDays = 365

// Account is a seeded ad account (Meta) or customer (Google).
type Account struct {
	Platform Platform
	ID       string // Meta: digits without "act_"; Google: customer ID, digits only
	Name     string
	Currency string
	TimeZone string // IANA name; the account's days are days in this zone
	Manager  bool   // Google manager account: no metrics, lists its clients
	Parent   string // Google: the manager whose customer_client tree lists it
	Direct   bool   // Google: returned by listAccessibleCustomers
}

// Campaign is a seeded campaign.
type Campaign struct {
	ID, Name, AccountID string
	Objective           string // Meta objective, Google advertising channel type
	Start               string // first day with metrics (the account's day)
}

// AdSet is a Meta ad set or a Google ad group.
type AdSet struct{ ID, Name, CampaignID, AccountID string }

// Ad is a Meta ad or a Google ad group ad.
type Ad struct{ ID, Name, AdSetID, CampaignID, AccountID string }

// Metrics are one row's numbers, as integers so that sums are exact.
type Metrics struct {
	Impressions int64
	Reach       int64 // Meta only (summed across rows here; real reach is not additive)
	Clicks      int64
	// CostMicros is the spend in millionths of the account currency: Meta's
	// "spend" ("12.34" is 12340000), Google's metrics.cost_micros.
	CostMicros int64
	// Actions are Meta's actions by action_type (counts).
	Actions map[string]int64
	// ActionValuesMicros are Meta's action_values by action_type, in micros.
	ActionValuesMicros map[string]int64
	// ConversionsMilli is Google's metrics.conversions ×1000 (2.5 is 2500).
	ConversionsMilli int64
	// ConversionsValueMicros is Google's metrics.conversions_value in micros.
	ConversionsValueMicros int64
}

// Meta action types the simulator reports.
const (
	ActionLead        = "lead"
	ActionLeadGrouped = "onsite_conversion.lead_grouped"
	ActionPurchase    = "offsite_conversion.fb_pixel_purchase"
)

var actionTypes = []string{ActionLead, ActionLeadGrouped, ActionPurchase}

func (m *Metrics) add(o Metrics) {
	m.Impressions += o.Impressions
	m.Reach += o.Reach
	m.Clicks += o.Clicks
	m.CostMicros += o.CostMicros
	m.ConversionsMilli += o.ConversionsMilli
	m.ConversionsValueMicros += o.ConversionsValueMicros
	for k, v := range o.Actions {
		if m.Actions == nil {
			m.Actions = map[string]int64{}
		}
		m.Actions[k] += v
	}
	for k, v := range o.ActionValuesMicros {
		if m.ActionValuesMicros == nil {
			m.ActionValuesMicros = map[string]int64{}
		}
		m.ActionValuesMicros[k] += v
	}
}

func (m Metrics) zero() bool { return m.Impressions == 0 && m.Clicks == 0 && m.CostMicros == 0 }

// Row is one entity's metrics for one day (or, for a range query without a
// daily split, for the whole range: Date is then the first day and DateStop
// the last).
type Row struct {
	Platform     Platform
	AccountID    string
	Date         string // YYYY-MM-DD, the account's day
	DateStop     string
	CampaignID   string
	CampaignName string
	AdSetID      string // empty above LevelAdSet
	AdSetName    string
	AdID         string // empty above LevelAd
	AdName       string
	// Segment values of a breakdown (Meta age, gender, publisher_platform,
	// platform_position; Google device, ad_network_type), empty otherwise.
	Segments map[string]string
	Metrics
}

// adProfile holds an ad's steady traits, drawn once from the seed.
type adProfile struct {
	baseImpr     float64
	ctr          float64
	cpcMicros    float64
	leadRate     float64
	purchaseRate float64
	orderMicros  float64
}

type world struct {
	seed      uint64
	accounts  []*Account
	byID      map[string]*Account
	campaigns map[string][]*Campaign // by account
	adsets    map[string][]*AdSet    // by campaign
	ads       map[string][]*Ad       // by ad set
	profiles  map[string]adProfile   // by ad
	campByID  map[string]*Campaign
	adsetByID map[string]*AdSet
}

type accountSeed struct {
	acct     Account
	currency float64 // cost scale against USD
}

var metaSeeds = []accountSeed{
	{Account{Platform: Meta, ID: "120000000000001", Name: "Glow Aesthetics Los Angeles", Currency: "USD", TimeZone: "America/Los_Angeles"}, 1},
	{Account{Platform: Meta, ID: "120000000000002", Name: "Harbour Skin Clinic Sydney", Currency: "AUD", TimeZone: "Australia/Sydney"}, 1.5},
	{Account{Platform: Meta, ID: "120000000000003", Name: "Kensington Laser & Skin", Currency: "GBP", TimeZone: "Europe/London"}, 0.8},
}

var googleSeeds = []accountSeed{
	{Account{Platform: Google, ID: "1000000001", Name: "Med Spa Agency (manager)", Currency: "USD", TimeZone: "America/New_York", Manager: true, Direct: true}, 1},
	{Account{Platform: Google, ID: "2000000001", Name: "Glow Aesthetics Los Angeles", Currency: "USD", TimeZone: "America/Los_Angeles", Parent: "1000000001", Direct: true}, 1},
	{Account{Platform: Google, ID: "2000000002", Name: "Ponsonby Skin Auckland", Currency: "NZD", TimeZone: "Pacific/Auckland", Parent: "1000000001"}, 1.6},
	{Account{Platform: Google, ID: "2000000003", Name: "Kensington Laser & Skin", Currency: "GBP", TimeZone: "Europe/London", Parent: "1000000001"}, 0.8},
}

var campaignThemes = []string{"Botox & Fillers", "Laser Hair Removal", "HydraFacial Spring Offer", "CoolSculpting Consults"}

// BenchAccountID is the large Meta account Options.BenchAds adds.
const BenchAccountID = "129999999999999"

func newWorld(seed uint64, today func(tz string) string, benchAds int) *world {
	w := &world{
		seed: seed, byID: map[string]*Account{},
		campaigns: map[string][]*Campaign{}, adsets: map[string][]*AdSet{}, ads: map[string][]*Ad{},
		profiles: map[string]adProfile{}, campByID: map[string]*Campaign{}, adsetByID: map[string]*AdSet{},
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var campN, setN, adN int
	groups := [][]accountSeed{metaSeeds, googleSeeds}
	if benchAds > 0 {
		groups = append(groups, []accountSeed{{Account{Platform: Meta, ID: BenchAccountID, Name: "Bench Med Spa Chicago", Currency: "USD", TimeZone: "America/Chicago"}, 1}})
	}
	for _, group := range groups {
		for ai, s := range group {
			a := s.acct
			w.accounts = append(w.accounts, &a)
			w.byID[a.ID] = &a
			if a.Manager {
				continue
			}
			nCamp, nSets, nAds := 2+rng.IntN(2), 2, 2
			if a.ID == BenchAccountID {
				nCamp, nSets, nAds = (benchAds+19)/20, 4, 5
			}
			end := today(a.TimeZone)
			for c := range nCamp {
				campN++
				id := objectID(a.Platform, idCampaign, campN)
				objective := []string{"SEARCH", "PERFORMANCE_MAX", "SEARCH"}[c%3]
				if a.Platform == Meta {
					objective = []string{"OUTCOME_LEADS", "OUTCOME_TRAFFIC", "OUTCOME_SALES"}[c%3]
				}
				start := addDays(end, -(DataDays - 1))
				if c == nCamp-1 && a.ID != BenchAccountID { // the newest campaign started later
					start = addDays(end, -(30 + rng.IntN(120)))
				}
				camp := &Campaign{ID: id, Name: fmt.Sprintf("%s – %s", campaignThemes[(ai+c)%len(campaignThemes)], a.Name), AccountID: a.ID, Objective: objective, Start: start}
				w.campaigns[a.ID] = append(w.campaigns[a.ID], camp)
				w.campByID[id] = camp
				for s2 := range nSets {
					setN++
					sid := objectID(a.Platform, idAdSet, setN)
					set := &AdSet{ID: sid, Name: fmt.Sprintf("%s · %s", camp.Name[:min(len(camp.Name), 24)], []string{"Women 25-54", "Lookalike 1%", "Interests: skincare", "Retargeting 30d"}[s2]), CampaignID: id, AccountID: a.ID}
					w.adsets[id] = append(w.adsets[id], set)
					w.adsetByID[sid] = set
					for k := range nAds {
						adN++
						aid := objectID(a.Platform, idAd, adN)
						ad := &Ad{ID: aid, Name: fmt.Sprintf("Ad %d %s", k+1, []string{"before-after carousel", "offer video", "testimonial", "spring offer", "consult reel"}[k]), AdSetID: sid, CampaignID: id, AccountID: a.ID}
						w.ads[sid] = append(w.ads[sid], ad)
						w.profiles[aid] = adProfile{
							baseImpr:     300 + rng.Float64()*2700,
							ctr:          0.006 + rng.Float64()*0.025,
							cpcMicros:    (0.6 + rng.Float64()*3.4) * 1e6 * s.currency,
							leadRate:     0.04 + rng.Float64()*0.12,
							purchaseRate: 0.005 + rng.Float64()*0.03,
							orderMicros:  (150 + rng.Float64()*450) * 1e6 * s.currency,
						}
					}
				}
			}
		}
	}
	return w
}

// The kinds of object IDs the world mints: the digit after Meta's "120",
// or the first digit of Google's.
const (
	idCampaign = 2
	idAdSet    = 3
	idAd       = 4
)

// objectID is the n-th ID of a kind of object at platform p: 15 digits at
// Meta, 11 at Google.
func objectID(p Platform, kind, n int) string {
	if p == Meta {
		return fmt.Sprintf("120%d%011d", kind, n)
	}
	return fmt.Sprintf("%d%010d", kind, n)
}

// dayRNG gives the random stream of one ad on one day at one revision.
func (w *world) dayRNG(adID, day string, rev int) *rand.Rand {
	h := sha256.Sum256(fmt.Appendf(nil, "%d|%s|%s|%d", w.seed, adID, day, rev))
	return rand.New(rand.NewPCG(binary.BigEndian.Uint64(h[:8]), binary.BigEndian.Uint64(h[8:16])))
}

// adDay computes one ad's metrics for one day.
func (w *world) adDay(a *Account, ad *Ad, day string, rev int) Metrics {
	p := w.profiles[ad.ID]
	r := w.dayRNG(ad.ID, day, rev)
	t, _ := time.Parse(time.DateOnly, day)
	weekday := []float64{0.8, 1.05, 1.1, 1.1, 1.05, 0.95, 0.75}[t.Weekday()]
	season := 1 + 0.2*float64((t.YearDay()*7)%31-15)/15
	impr := int64(p.baseImpr*weekday*season*(0.7+0.6*r.Float64())) + 1
	clicks := int64(float64(impr) * p.ctr * (0.8 + 0.4*r.Float64()))
	cost := int64(float64(clicks) * p.cpcMicros * (0.9 + 0.2*r.Float64()))
	if clicks == 0 {
		cost = int64(float64(impr) * p.cpcMicros * p.ctr * 0.5)
	}
	leads := int64(float64(clicks)*p.leadRate*(0.5+r.Float64()) + r.Float64())
	purchases := int64(float64(clicks)*p.purchaseRate*(0.5+r.Float64()) + r.Float64()*0.7)
	valueMicros := int64(float64(purchases) * p.orderMicros * (0.8 + 0.4*r.Float64()))
	valueMicros -= valueMicros % 10000 // whole cents
	m := Metrics{Impressions: impr, Clicks: clicks}
	if a.Platform == Meta {
		m.CostMicros = cost - cost%10000 // Meta spend has two decimals
		m.Reach = int64(float64(impr) * (0.6 + 0.3*r.Float64()))
		grouped := int64(float64(leads) * (0.5 + 0.5*r.Float64()))
		m.Actions = map[string]int64{}
		m.ActionValuesMicros = map[string]int64{}
		for k, v := range map[string]int64{ActionLead: leads, ActionLeadGrouped: grouped, ActionPurchase: purchases} {
			if v > 0 {
				m.Actions[k] = v
			}
		}
		if valueMicros > 0 {
			m.ActionValuesMicros[ActionPurchase] = valueMicros
		}
	} else {
		m.CostMicros = cost
		// Conversions come in halves: data-driven attribution shares credit.
		halves := 2*(leads+purchases) - int64(r.IntN(2))*min(1, leads+purchases)
		m.ConversionsMilli = halves * 500
		m.ConversionsValueMicros = valueMicros + leads*int64(40e6)
	}
	return m
}

func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

func days(from, to string) []string {
	var out []string
	for d := from; d <= to; d = addDays(d, 1) {
		out = append(out, d)
		if len(out) > 40*31 {
			break
		}
	}
	return out
}

// splitWeights partitions v over integer weights exactly: the parts sum to v.
func splitWeights(v int64, weights []int64) []int64 {
	var total int64
	for _, w := range weights {
		total += w
	}
	out := make([]int64, len(weights))
	if total == 0 {
		return out
	}
	var given int64
	for i, w := range weights {
		out[i] = v * w / total
		given += out[i]
	}
	for i := 0; given < v; i = (i + 1) % len(out) {
		if weights[i] > 0 {
			out[i]++
			given++
		}
	}
	return out
}

// splitMetrics partitions m over the weights: every metric of the parts sums
// to m's.
func splitMetrics(m Metrics, weights []int64) []Metrics {
	n := len(weights)
	parts := make([]Metrics, n)
	set := func(v int64, f func(*Metrics, int64)) {
		for i, x := range splitWeights(v, weights) {
			f(&parts[i], x)
		}
	}
	set(m.Impressions, func(p *Metrics, x int64) { p.Impressions = x })
	set(m.Reach, func(p *Metrics, x int64) { p.Reach = x })
	set(m.Clicks, func(p *Metrics, x int64) { p.Clicks = x })
	set(m.CostMicros/10000, func(p *Metrics, x int64) { p.CostMicros = x * 10000 })
	parts[n-1].CostMicros += m.CostMicros % 10000
	set(m.ConversionsMilli/500, func(p *Metrics, x int64) { p.ConversionsMilli = x * 500 })
	parts[n-1].ConversionsMilli += m.ConversionsMilli % 500
	set(m.ConversionsValueMicros/10000, func(p *Metrics, x int64) { p.ConversionsValueMicros = x * 10000 })
	parts[n-1].ConversionsValueMicros += m.ConversionsValueMicros % 10000
	for _, k := range slices.Sorted(maps.Keys(m.Actions)) {
		for i, x := range splitWeights(m.Actions[k], weights) {
			if x > 0 {
				if parts[i].Actions == nil {
					parts[i].Actions = map[string]int64{}
				}
				parts[i].Actions[k] = x
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m.ActionValuesMicros)) {
		for i, x := range splitWeights(m.ActionValuesMicros[k]/10000, weights) {
			if x > 0 {
				if parts[i].ActionValuesMicros == nil {
					parts[i].ActionValuesMicros = map[string]int64{}
				}
				parts[i].ActionValuesMicros[k] = x * 10000
			}
		}
	}
	return parts
}

// A breakdown dimension family: the full product of its dimensions' values,
// split with fixed weights; a request for a subset of the dimensions sums
// the product's cells.
type family struct {
	dims  []string
	cells [][]string // one value per dim
	w     []int64
}

var metaAudience = cross("age", []string{"18-24", "25-34", "35-44", "45-54", "55-64", "65+"}, []int64{8, 26, 28, 20, 12, 6},
	"gender", []string{"female", "male", "unknown"}, []int64{78, 19, 3})

// cross is the family of every pair of a value of dimension x and one of
// y, in that order, each weighted by the product of its values' weights.
func cross(x string, xs []string, xw []int64, y string, ys []string, yw []int64) family {
	f := family{dims: []string{x, y}}
	for i, a := range xs {
		for j, b := range ys {
			f.cells = append(f.cells, []string{a, b})
			f.w = append(f.w, xw[i]*yw[j])
		}
	}
	return f
}

var metaPlacement = family{
	dims: []string{"publisher_platform", "platform_position"},
	cells: [][]string{
		{"facebook", "feed"}, {"facebook", "facebook_reels"}, {"facebook", "marketplace"},
		{"instagram", "feed"}, {"instagram", "instagram_stories"}, {"instagram", "instagram_reels"},
		{"audience_network", "an_classic"}, {"messenger", "messenger_inbox"},
	},
	w: []int64{30, 8, 4, 25, 14, 12, 4, 3},
}

var googleSegments = cross("device", []string{"MOBILE", "DESKTOP", "TABLET"}, []int64{64, 30, 6},
	"ad_network_type", []string{"SEARCH", "SEARCH_PARTNERS", "CONTENT"}, []int64{80, 12, 8})

// familyFor finds the family that holds every requested dimension.
func familyFor(p Platform, dims []string) (*family, error) {
	fams := []*family{&metaAudience, &metaPlacement}
	if p == Google {
		fams = []*family{&googleSegments}
	}
	for _, f := range fams {
		ok := true
		for _, d := range dims {
			if !slices.Contains(f.dims, d) {
				ok = false
			}
		}
		if ok {
			if p == Meta && slices.Contains(dims, "platform_position") && !slices.Contains(dims, "publisher_platform") {
				return nil, fmt.Errorf("platform_position needs publisher_platform")
			}
			return f, nil
		}
	}
	return nil, fmt.Errorf("unsupported breakdown combination %v", dims)
}

// breakdown splits each row over the family and sums the cells that agree on
// the requested dimensions.
func breakdown(rows []Row, f *family, dims []string) []Row {
	var out []Row
	for _, r := range rows {
		parts := splitMetrics(r.Metrics, f.w)
		var order []string
		agg := map[string]*Row{}
		for i, cell := range f.cells {
			seg := map[string]string{}
			key := ""
			for di, d := range f.dims {
				if slices.Contains(dims, d) {
					seg[d] = cell[di]
					key += cell[di] + "|"
				}
			}
			if agg[key] == nil {
				nr := r
				nr.Segments = seg
				nr.Metrics = Metrics{}
				agg[key] = &nr
				order = append(order, key)
			}
			agg[key].Metrics.add(parts[i])
		}
		for _, k := range order {
			if !agg[k].Metrics.zero() {
				out = append(out, *agg[k])
			}
		}
	}
	return out
}
