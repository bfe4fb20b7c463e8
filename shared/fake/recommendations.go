package fake

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"

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
