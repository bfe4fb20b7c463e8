package fake

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// Recommendations is budget.Store in memory, with budgetdb.Store's
// semantics: listed in ID order, versioned updates.
type Recommendations struct {
	mu sync.Mutex
	m  map[string]budget.Recommendation // by orgID + "/" + id
}

var _ budget.Store = (*Recommendations)(nil)

// NewRecommendations returns an empty store.
func NewRecommendations() *Recommendations {
	return &Recommendations{m: map[string]budget.Recommendation{}}
}

func cloneRec(r budget.Recommendation) budget.Recommendation {
	v := r.Version
	b, _ := json.Marshal(r)
	var out budget.Recommendation
	_ = json.Unmarshal(b, &out)
	out.Version = v
	out.CreatedAt, out.UpdatedAt, out.ValidUntil = utc(r.CreatedAt), utc(r.UpdatedAt), utc(r.ValidUntil)
	for i := range out.History {
		out.History[i].At = utc(out.History[i].At)
	}
	return out
}

// Create writes a new recommendation.
func (s *Recommendations) Create(_ context.Context, r budget.Recommendation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]budget.Recommendation{}
	}
	k := r.OrgID + "/" + r.ID
	if _, ok := s.m[k]; ok {
		return budget.ErrExists
	}
	r.Version = 1
	s.m[k] = cloneRec(r)
	return nil
}

// Get reads one recommendation.
func (s *Recommendations) Get(_ context.Context, orgID, id string) (budget.Recommendation, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[orgID+"/"+id]
	if !ok {
		return budget.Recommendation{}, false, nil
	}
	return cloneRec(r), true, nil
}

// List reads an organization's recommendations in ID order after after.
func (s *Recommendations) List(_ context.Context, orgID, after string, limit int) ([]budget.Recommendation, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []budget.Recommendation
	for _, r := range s.m {
		if r.OrgID == orgID && r.ID > after {
			all = append(all, cloneRec(r))
		}
	}
	slices.SortFunc(all, func(a, b budget.Recommendation) int { return strings.Compare(a.ID, b.ID) })
	next := ""
	if limit > 0 && len(all) > limit {
		all, next = all[:limit], all[limit-1].ID
	}
	return all, next, nil
}

// Update writes r if the stored version is r.Version-1.
func (s *Recommendations) Update(_ context.Context, r budget.Recommendation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.m[r.OrgID+"/"+r.ID]
	if !ok {
		return budget.ErrNotFound
	}
	if cur.Version != r.Version-1 {
		return budget.ErrStale
	}
	s.m[r.OrgID+"/"+r.ID] = cloneRec(r)
	return nil
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
