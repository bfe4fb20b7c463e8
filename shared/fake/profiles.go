package fake

import (
	"context"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/profile"
)

// Profiles is profile.Store in memory, with profiledb.Store's semantics:
// a put at version 1 (or less) creates, a later one needs the stored
// version to be the one before, and consent withdrawn forgets when it was
// given.
type Profiles struct {
	mu sync.Mutex
	m  map[string]profile.Profile
}

var _ profile.Store = (*Profiles)(nil)

// NewProfiles returns an empty store.
func NewProfiles() *Profiles { return &Profiles{m: map[string]profile.Profile{}} }

// Get returns the stored profile, or the defaults and found false.
func (s *Profiles) Get(_ context.Context, userID string) (profile.Profile, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.m[userID]
	if !ok {
		return profile.Default(userID, ""), false, nil
	}
	return p, true, nil
}

// Put saves p if the stored version is p.Version-1 (absent for 1).
func (s *Profiles) Put(_ context.Context, p profile.Profile) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]profile.Profile{}
	}
	cur, ok := s.m[p.UserID]
	if p.Version > 1 && (!ok || cur.Version != p.Version-1) || p.Version <= 1 && ok {
		return profile.ErrStale
	}
	if !p.MarketingEmails {
		p.MarketingConsentAt = time.Time{}
	}
	p.MarketingConsentAt, p.CreatedAt, p.UpdatedAt = utc(p.MarketingConsentAt), utc(p.CreatedAt), utc(p.UpdatedAt)
	s.m[p.UserID] = p
	return nil
}
