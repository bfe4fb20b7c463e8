package fake

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/retention/holds"
)

// Holds is an in-memory holds.Store. It records holds and their state;
// Process has no items to move (the data's side is holdsdb's, tested on
// the emulators).
type Holds struct {
	mu sync.Mutex
	m  map[string]holds.Hold
}

var _ holds.Store = (*Holds)(nil)

// NewHolds returns an empty store.
func NewHolds() *Holds { return &Holds{m: map[string]holds.Hold{}} }

// Create records a hold in force.
func (s *Holds) Create(_ context.Context, h holds.Hold) (holds.Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[h.ID]; ok {
		return holds.Hold{}, fmt.Errorf("%w: hold %s exists", holds.ErrInvalid, h.ID)
	}
	s.m[h.ID] = h
	return h, nil
}

// Get reads one hold.
func (s *Holds) Get(_ context.Context, id string) (holds.Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.m[id]
	if !ok {
		return holds.Hold{}, holds.ErrNotFound
	}
	return h, nil
}

// List returns every hold, newest first.
func (s *Holds) List(context.Context) ([]holds.Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]holds.Hold, 0, len(s.m))
	for _, h := range s.m {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b holds.Hold) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out, nil
}

// Release ends a hold in force.
func (s *Holds) Release(_ context.Context, id, by string, at time.Time) (holds.Hold, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.m[id]
	switch {
	case !ok:
		return holds.Hold{}, holds.ErrNotFound
	case !h.InForce():
		return holds.Hold{}, holds.ErrReleased
	}
	h.State, h.ReleasedBy, h.ReleasedAt = holds.Releasing, by, at.UTC().Truncate(time.Second)
	s.m[id] = h
	return h, nil
}

// Held reports whether a hold in force covers sc.
func (s *Holds) Held(_ context.Context, sc holds.Scope) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.m {
		if h.InForce() && h.Scope == sc {
			return true, nil
		}
	}
	return false, nil
}

// Process finishes every hold at once: applying ones become active,
// releasing ones released.
func (s *Holds) Process(context.Context, int) (int, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, h := range s.m {
		switch h.State {
		case holds.Applying:
			h.State = holds.Active
		case holds.Releasing:
			h.State = holds.Released
		}
		s.m[id] = h
	}
	return 0, true, nil
}
