// Package metrics is the domain of campaign metrics: daily rows per ad
// platform, ad account, level (campaign, ad set / ad group, ad) and entity,
// on the ad account's own days; aggregate audience insights; the sync's
// per-connection progress; and the exact arithmetic on them (money in
// micros, Google's fractional conversions in milli-units, ratios only from
// summed integers). metricsdb keeps them in the analytics table; sync pulls
// them from the platforms.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
)

// Level is the entity level a row is reported at.
type Level string

// The levels we sync. Meta's "adset" and Google's "ad group" are AdSet.
const (
	Campaign Level = "campaign"
	AdSet    Level = "adset"
	Ad       Level = "ad"
)

// Levels lists every level, top down.
var Levels = []Level{Campaign, AdSet, Ad}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool { return l == Campaign || l == AdSet || l == Ad }

// Counts are a row's numbers, integers only, so sums are exact.
type Counts struct {
	// SpendMicros is the spend in millionths of the account's currency.
	SpendMicros int64 `json:"spendMicros"`
	Impressions int64 `json:"impressions"`
	// Reach is Meta's (summed across days and entities it is an upper
	// bound, not a count of distinct people).
	Reach  int64 `json:"reach"`
	Clicks int64 `json:"clicks"`
	// LeadsMilli is leads ×1000: Meta's lead actions (whole numbers),
	// Google's conversions (fractional under data-driven attribution).
	LeadsMilli int64 `json:"leadsMilli"`
	// ConversionsMilli is conversions ×1000: Meta's purchase actions,
	// Google's metrics.conversions.
	ConversionsMilli int64 `json:"conversionsMilli"`
	// ConversionValueMicros is the value of those conversions (Meta's
	// purchase action_values, Google's conversions_value), in micros.
	ConversionValueMicros int64 `json:"conversionValueMicros"`
}

// Add sums o into c.
func (c *Counts) Add(o Counts) {
	c.SpendMicros += o.SpendMicros
	c.Impressions += o.Impressions
	c.Reach += o.Reach
	c.Clicks += o.Clicks
	c.LeadsMilli += o.LeadsMilli
	c.ConversionsMilli += o.ConversionsMilli
	c.ConversionValueMicros += o.ConversionValueMicros
}

// Row is one entity's metrics for one of its ad account's days.
type Row struct {
	OrgID        string             `json:"-"`
	ConnectionID string             `json:"-"`
	Platform     connector.Platform `json:"platform"`
	AccountID    string             `json:"accountId"`
	Currency     string             `json:"currency,omitempty"`
	Level        Level              `json:"level"`
	EntityID     string             `json:"entityId"`
	EntityName   string             `json:"entityName,omitempty"`
	CampaignID   string             `json:"campaignId"`
	CampaignName string             `json:"campaignName,omitempty"`
	// AdSetID is empty at campaign level.
	AdSetID string `json:"adSetId,omitempty"`
	// Date is YYYY-MM-DD in the ad account's time zone.
	Date string `json:"date"`
	Counts
}

// ID names the row within its organization: a re-pull of the same day
// overwrites it instead of adding another.
func (r Row) ID() string {
	return r.Date + "#" + string(r.Platform) + "#" + r.AccountID + "#" + r.EntityID
}

// Validate checks a row before it is stored.
func (r Row) Validate() error {
	var errs []error
	if r.OrgID == "" || r.AccountID == "" || r.EntityID == "" || r.CampaignID == "" {
		errs = append(errs, errors.New("metrics: a row needs orgId, accountId, entityId and campaignId"))
	}
	if !r.Platform.Valid() {
		errs = append(errs, connector.ErrPlatform("platform"))
	}
	if !r.Level.Valid() {
		errs = append(errs, fmt.Errorf("metrics: level %q", r.Level))
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
		errs = append(errs, fmt.Errorf("metrics: date %q is not YYYY-MM-DD", r.Date))
	}
	if strings.Contains(r.AccountID+r.EntityID, "#") {
		errs = append(errs, errors.New("metrics: IDs cannot contain '#'"))
	}
	return errors.Join(errs...)
}

// Insight is an aggregate audience cell for a campaign and day: the
// campaign's numbers split by one breakdown (Meta age_gender or placement,
// Google device or network). Aggregates only: never anything about a person.
type Insight struct {
	OrgID        string             `json:"-"`
	ConnectionID string             `json:"-"`
	Platform     connector.Platform `json:"platform"`
	AccountID    string             `json:"accountId"`
	Currency     string             `json:"currency,omitempty"`
	CampaignID   string             `json:"campaignId"`
	Date         string             `json:"date"`
	// Dimension is age_gender, placement, device or network.
	Dimension string `json:"dimension"`
	// Segment is the cell, e.g. "25-34|female", "instagram|feed", "MOBILE".
	Segment string `json:"segment"`
	Counts
}

// Dimensions are the audience breakdowns we keep.
var Dimensions = []string{"age_gender", "placement", "device", "network"}

// ID names the cell within its organization.
func (i Insight) ID() string {
	return i.Date + "#" + string(i.Platform) + "#" + i.AccountID + "#" + i.CampaignID + "#" + i.Dimension + "#" + i.Segment
}

// Query selects rows of one organization.
type Query struct {
	OrgID string
	Level Level
	// From and To are inclusive days (YYYY-MM-DD).
	From, To string
	// Platform, when set, keeps only that platform's rows.
	Platform connector.Platform
}

// Scope is one ad account's stored rows at one level (or its audience
// cells, Level empty) over the days From..To, within an organization.
type Scope struct {
	OrgID     string
	Platform  connector.Platform
	AccountID string
	Level     Level
	From, To  string
}

// State is a connection's sync progress.
type State struct {
	OrgID, ConnectionID string
	// BackfilledFrom is the earliest day synced completely (empty: no
	// backfill finished yet).
	BackfilledFrom string
	// SyncedThrough is the latest day a finished run covered.
	SyncedThrough string
	// Run is the run in progress, if any: its window and the first day not
	// yet done (every day before Next is stored).
	Run *Run
	// StoredFrom..StoredTo are the days that may hold stored rows of the
	// connection: widened before a chunk beyond them is written, so a
	// chunk inside them knows to delete what the platform stopped
	// reporting, and one outside (a first backfill) skips the look.
	StoredFrom, StoredTo string
	// LoginCustomerID is the Google manager through which the account is
	// reached (empty: directly), found once.
	LoginCustomerID string
	LastSuccessAt   time.Time
	// LeaseID and LeaseUntil: the worker running this connection's sync.
	LeaseID    string
	LeaseUntil time.Time
	// Version increases with every save; saves are conditional on it.
	Version int64
}

// Run is a sync window being worked through.
type Run struct {
	Slot     string `json:"slot"`
	From     string `json:"from"`
	To       string `json:"to"`
	Next     string `json:"next"`
	Backfill bool   `json:"backfill,omitempty"`
}

// ErrConflict: the state changed since it was read.
var ErrConflict = errors.New("metrics: the sync state changed meanwhile")

// Reader is the read side other capabilities use (the optimiser, the API).
type Reader interface {
	// Daily calls fn with pages of the organization's daily rows at
	// q.Level over q.From..q.To.
	Daily(ctx context.Context, q Query, fn func([]Row) error) error
	// CampaignDays returns the organization's daily campaign rows over
	// from..to (inclusive days).
	CampaignDays(ctx context.Context, orgID, from, to string) ([]Row, error)
	// Insights calls fn with pages of the organization's audience cells
	// over from..to.
	Insights(ctx context.Context, orgID, from, to string, fn func([]Insight) error) error
}

// CampaignDays collects the daily campaign rows Daily pages through: every
// store's CampaignDays.
func CampaignDays(ctx context.Context, r Reader, orgID, from, to string) ([]Row, error) {
	var out []Row
	err := r.Daily(ctx, Query{OrgID: orgID, Level: Campaign, From: from, To: to}, func(rows []Row) error {
		out = append(out, rows...)
		return nil
	})
	return out, err
}

// Store keeps rows, insights and sync state.
type Store interface {
	Reader
	// PutRows writes rows (any number; batched), overwriting rows of the
	// same ID: writing the same rows twice leaves the same items.
	PutRows(ctx context.Context, rows []Row) error
	// PutInsights writes audience cells likewise.
	PutInsights(ctx context.Context, cells []Insight) error
	// PruneRows deletes the scope's stored rows whose ID (Row.ID) is not
	// in keep: what the platform no longer reports for a re-pulled window
	// (an ad deleted, a day revised to no delivery). It says how many.
	PruneRows(ctx context.Context, s Scope, keep map[string]bool) (int, error)
	// PruneInsights does the same for the scope's audience cells
	// (Insight.ID).
	PruneInsights(ctx context.Context, s Scope, keep map[string]bool) (int, error)
	// State returns a connection's sync state (zero State when none).
	State(ctx context.Context, orgID, connID string) (State, error)
	// SaveState writes st if the stored version is st.Version (then
	// st.Version+1); ErrConflict otherwise.
	SaveState(ctx context.Context, st State) (State, error)
}

// ParseMicros converts a decimal string ("12.34", "-0.5", "7") to
// millionths exactly; more than 6 decimals is an error, never a rounding.
func ParseMicros(s string) (int64, error) { return parseFixed(s, 6) }

// ParseMilli converts a decimal string to thousandths. Digits past the
// third are rounded half away from zero (Google's data-driven attribution
// can credit thirds of a conversion); the error is below 0.0005 a row.
func ParseMilli(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) <= 3 {
		return parseFixed(s, 3)
	}
	v, err := parseFixed(whole+"."+frac[:3], 3)
	if err != nil {
		return 0, err
	}
	if !isDigits(frac[3:]) {
		return 0, fmt.Errorf("metrics: %q is not a decimal number", s)
	}
	if frac[3] >= '5' {
		if strings.HasPrefix(s, "-") {
			v--
		} else {
			v++
		}
	}
	return v, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func parseFixed(s string, places int) (int64, error) {
	bad := fmt.Errorf("metrics: %q is not a decimal number with at most %d decimals", s, places)
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(body, ".")
	if whole == "" || !isDigits(whole) || (hasDot && !isDigits(frac)) || len(frac) > places {
		return 0, bad
	}
	digits := whole + frac + strings.Repeat("0", places-len(frac))
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, bad
	}
	if neg {
		v = -v
	}
	return v, nil
}

// Ratios are derived from summed counts; nil where the denominator is 0.
type Ratios struct {
	// CTR is clicks per impression (0.0123 is 1.23%).
	CTR *float64 `json:"ctr"`
	// CPC, CPM and CostPerLead are in the account currency's units.
	CPC         *float64 `json:"cpc"`
	CPM         *float64 `json:"cpm"`
	CostPerLead *float64 `json:"costPerLead"`
	// ROAS is conversion value per unit of spend.
	ROAS *float64 `json:"roas"`
}

func div(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	v := num / den
	return &v
}

// Derive computes the ratios from summed integers (never an average of
// per-row ratios, which would weigh a small day like a large one).
func (c Counts) Derive() Ratios {
	spend := float64(c.SpendMicros) / 1e6
	return Ratios{
		CTR:         div(float64(c.Clicks), float64(c.Impressions)),
		CPC:         div(spend, float64(c.Clicks)),
		CPM:         div(spend*1000, float64(c.Impressions)),
		CostPerLead: div(spend, float64(c.LeadsMilli)/1000),
		ROAS:        div(float64(c.ConversionValueMicros), float64(c.SpendMicros)),
	}
}

// Day arithmetic on YYYY-MM-DD strings.

// AddDays returns day moved by n days.
func AddDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// Today is the current day in the time zone tz (UTC when tz is unknown).
func Today(now time.Time, tz string) string {
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		loc = time.UTC
	}
	return now.In(loc).Format(time.DateOnly)
}

// MinDay and MaxDay compare days (empty counts as absent).
func MinDay(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

// MaxDay is the later of a and b.
func MaxDay(a, b string) string {
	if a == "" || b > a {
		return b
	}
	return a
}
