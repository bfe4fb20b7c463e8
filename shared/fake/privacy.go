package fake

import (
	"context"
	"encoding/json"
	"sort"
	"sync"

	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// PrivacyRequests is privacy.Store in memory with privacydb.Store's
// semantics: a save needs the version before it, and writes the request
// and its audit entries together or not at all.
type PrivacyRequests struct {
	mu      sync.Mutex
	m       map[string]privacy.Request
	entries map[string][]audit.Entry
	// FailSave, when set, fails the next save with its error (crash tests).
	FailSave func(r privacy.Request) error
}

var _ privacy.Store = (*PrivacyRequests)(nil)

// NewPrivacyRequests returns an empty store.
func NewPrivacyRequests() *PrivacyRequests {
	return &PrivacyRequests{m: map[string]privacy.Request{}, entries: map[string][]audit.Entry{}}
}

// clonePR deep-copies through JSON so callers never share maps or slices.
func clonePR(r privacy.Request) privacy.Request {
	b, _ := json.Marshal(r)
	var out privacy.Request
	_ = json.Unmarshal(b, &out)
	return out
}

// Save writes r and es if the stored version is r.Version-1.
func (s *PrivacyRequests) Save(_ context.Context, r privacy.Request, es ...audit.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		if err := s.FailSave(r); err != nil {
			return err
		}
	}
	old, ok := s.m[r.ID]
	if (!ok && r.Version != 1) || (ok && old.Version != r.Version-1) {
		return privacy.ErrStale
	}
	have := s.entries[r.ID]
	for i, e := range es {
		if e.Seq != len(have)+i+1 {
			return privacy.ErrStale
		}
	}
	s.m[r.ID] = clonePR(r)
	s.entries[r.ID] = append(have, es...)
	return nil
}

// Get returns a request.
func (s *PrivacyRequests) Get(_ context.Context, id string) (privacy.Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[id]
	if !ok {
		return privacy.Request{}, privacy.ErrNotFound
	}
	return clonePR(r), nil
}

// List returns every request, oldest first.
func (s *PrivacyRequests) List(context.Context) ([]privacy.Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]privacy.Request, 0, len(s.m))
	for _, r := range s.m {
		out = append(out, clonePR(r))
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].ReceivedAt.Equal(out[j].ReceivedAt) {
			return out[i].ReceivedAt.Before(out[j].ReceivedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// BySubject returns the requests about one user.
func (s *PrivacyRequests) BySubject(ctx context.Context, userID string) ([]privacy.Request, error) {
	all, _ := s.List(ctx)
	out := all[:0]
	for _, r := range all {
		if r.Subject.UserID == userID {
			out = append(out, r)
		}
	}
	return out, nil
}

// Trail returns a request and its audit trail.
func (s *PrivacyRequests) Trail(ctx context.Context, id string) (privacy.Request, []audit.Entry, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return privacy.Request{}, nil, err
	}
	es, err := s.Entries(ctx, id)
	return r, es, err
}

// Entries returns a request's audit trail.
func (s *PrivacyRequests) Entries(_ context.Context, id string) ([]audit.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]audit.Entry(nil), s.entries[id]...), nil
}

// Tamper replaces a request's stored trail (tests of verification only).
func (s *PrivacyRequests) Tamper(id string, fn func([]audit.Entry) []audit.Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[id] = fn(append([]audit.Entry(nil), s.entries[id]...))
}
