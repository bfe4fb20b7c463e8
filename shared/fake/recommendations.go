package fake

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// Recommendations is budget.Store in memory, with budgetdb.Store's
// semantics: listed in ID order, versioned updates.
type Recommendations struct{ records[budget.Recommendation] }

var _ budget.Store = (*Recommendations)(nil)

// NewRecommendations returns an empty store.
func NewRecommendations() *Recommendations {
	return &Recommendations{records[budget.Recommendation]{
		key:     func(r budget.Recommendation) (string, string) { return r.OrgID, r.ID },
		version: func(r *budget.Recommendation) *int64 { return &r.Version },
		utc: func(r *budget.Recommendation) {
			r.CreatedAt, r.UpdatedAt, r.ValidUntil = utc(r.CreatedAt), utc(r.UpdatedAt), utc(r.ValidUntil)
			for i := range r.History {
				r.History[i].At = utc(r.History[i].At)
			}
		},
		exists: budget.ErrExists, notFound: budget.ErrNotFound, stale: budget.ErrStale,
	}}
}

// AdBudgets is budget.Applier in memory: the platforms' daily budgets by
// organization and campaign, with failures on demand.
type AdBudgets struct {
	mu sync.Mutex
	m  map[string]budget.Micros
	// Fail makes the next Fail SetDailyBudget calls fail.
	Fail int
	Sets int
}

var _ budget.Applier = (*AdBudgets)(nil)

// NewAdBudgets returns platforms where every campaign's budget is unset.
func NewAdBudgets() *AdBudgets { return &AdBudgets{m: map[string]budget.Micros{}} }

func adKey(orgID string, p budget.Platform, id string) string {
	return orgID + "/" + string(p) + "/" + id
}

// Set puts a campaign's budget as the platform has it.
func (a *AdBudgets) Set(orgID string, p budget.Platform, id string, b budget.Micros) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.m[adKey(orgID, p, id)] = b
}

// DailyBudget reads a campaign's budget; an unknown campaign is an error.
func (a *AdBudgets) DailyBudget(_ context.Context, orgID string, p budget.Platform, id string) (budget.Micros, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b, ok := a.m[adKey(orgID, p, id)]
	if !ok {
		return 0, errors.New("platform: no such campaign in the ad account")
	}
	return b, nil
}

// SetDailyBudget writes a campaign's budget.
func (a *AdBudgets) SetDailyBudget(_ context.Context, orgID string, p budget.Platform, id string, b budget.Micros) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.Sets++
	if a.Fail > 0 {
		a.Fail--
		return errors.New("platform: (#2) service temporarily unavailable")
	}
	a.m[adKey(orgID, p, id)] = b
	return nil
}

// CampaignDays is budget.Metrics in memory: each organization's campaign days,
// read only by their organization, within the range asked.
type CampaignDays struct {
	mu    sync.Mutex
	days  map[string][]budget.CampaignDay
	Reads int
}

var _ budget.Metrics = (*CampaignDays)(nil)

// Add stores days of an organization.
func (m *CampaignDays) Add(orgID string, days ...budget.CampaignDay) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.days == nil {
		m.days = map[string][]budget.CampaignDay{}
	}
	m.days[orgID] = append(m.days[orgID], days...)
}

// CampaignDays reads an organization's days in [from, to).
func (m *CampaignDays) CampaignDays(_ context.Context, orgID string, from, to time.Time) ([]budget.CampaignDay, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Reads++
	var out []budget.CampaignDay
	for _, d := range m.days[orgID] {
		if d.Date >= from.Format(time.DateOnly) && d.Date < to.Format(time.DateOnly) {
			out = append(out, d)
		}
	}
	return out, nil
}
