package fake

import (
	"context"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/profile"
)

// Profiles is profile.Store in memory, with profiledb.Store's semantics:
// a put at version 1 (or less) creates, a later one needs the stored
// version to be the one before, and consent withdrawn forgets when it was
// given.
type Profiles struct {
	mu sync.Mutex
	m  map[string]profile.Profile
	// chosen: users without a saved profile who unsubscribed from a
	// default topic.
	chosen map[string]bool
}

var (
	_ profile.Store   = (*Profiles)(nil)
	_ marketing.Store = (*Profiles)(nil)
)

// NewProfiles returns an empty store.
func NewProfiles() *Profiles { return &Profiles{m: map[string]profile.Profile{}} }

// Get returns the stored profile, or the defaults and found false.
func (s *Profiles) Get(_ context.Context, userID string) (profile.Profile, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.m[userID]
	if !ok {
		p = profile.Default(userID, "")
		if s.chosen[userID] {
			p.Communication.PerformanceReports = false
		}
		return p, false, nil
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
	for t, c := range p.Consents {
		if now, ok := p.Settled().Consents[t]; ok && now.ID == c.ID {
			continue
		}
		if cur.Consents[t].ID != c.ID {
			return profile.ErrStale // the record p would end is not the live one
		}
	}
	p.CreatedAt, p.UpdatedAt = utc(p.CreatedAt), utc(p.UpdatedAt)
	p = p.Settled()
	s.m[p.UserID] = p
	return nil
}

// Unsubscribe ends userID's consent to t if consentID is its live record
// (marketing.Store's semantics; "" is the default subscription of a user
// who never chose). It reports whether it ended one.
func (s *Profiles) Unsubscribe(_ context.Context, userID string, t profile.Topic, consentID string, at time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.m[userID]
	if !ok {
		if consentID != "" || s.chosen[userID] || !profile.Default(userID, "").Subscribed(t) {
			return false, nil
		}
		if s.chosen == nil {
			s.chosen = map[string]bool{}
		}
		s.chosen[userID] = true // as the PREFS item: the defaults no longer apply
		return true, nil
	}
	c, live := p.Consents[t]
	if !live || c.ID != consentID {
		return false, nil
	}
	consents := map[profile.Topic]profile.Consent{}
	for k, v := range p.Consents {
		if k != t {
			consents[k] = v
		}
	}
	p.Consents = consents
	p.Subscribe(t, false, time.Time{})
	s.m[userID] = p
	return true, nil
}
