package fake

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/medspa-ai/backend/shared/content"
)

// Content is content.Store in memory, with contentdb.Store's semantics:
// requests listed in ID order, versioned updates.
type Content struct {
	mu sync.Mutex
	m  map[string]content.Request // by orgID + "/" + id
}

var _ content.Store = (*Content)(nil)

// NewContent returns an empty store.
func NewContent() *Content { return &Content{m: map[string]content.Request{}} }

// clone deep-copies r (maps and slices included).
func clone(r content.Request) content.Request {
	b, _ := json.Marshal(r)
	var out content.Request
	_ = json.Unmarshal(b, &out)
	out.CreatedAt, out.UpdatedAt = utc(r.CreatedAt), utc(r.UpdatedAt)
	return out
}

// Create writes a new request.
func (s *Content) Create(_ context.Context, r content.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]content.Request{}
	}
	k := r.OrgID + "/" + r.ID
	if _, ok := s.m[k]; ok {
		return content.ErrExists
	}
	r.Version = 1
	s.m[k] = clone(r)
	return nil
}

// Get reads one request.
func (s *Content) Get(_ context.Context, orgID, id string) (content.Request, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[orgID+"/"+id]
	if !ok {
		return content.Request{}, false, nil
	}
	return clone(r), true, nil
}

// List reads an organization's requests in ID order after after.
func (s *Content) List(_ context.Context, orgID, after string, limit int) ([]content.Request, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []content.Request
	for _, r := range s.m {
		if r.OrgID == orgID && r.ID > after {
			all = append(all, r)
		}
	}
	slices.SortFunc(all, func(a, b content.Request) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	next := ""
	if limit > 0 && len(all) > limit {
		all, next = all[:limit], all[limit-1].ID
	}
	out := make([]content.Request, len(all))
	for i, r := range all {
		out[i] = clone(r)
	}
	return out, next, nil
}

// Update writes r if the stored version is r.Version-1.
func (s *Content) Update(_ context.Context, r content.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := r.OrgID + "/" + r.ID
	cur, ok := s.m[k]
	if !ok {
		return content.ErrNotFound
	}
	if cur.Version != r.Version-1 {
		return content.ErrStale
	}
	s.m[k] = clone(r)
	return nil
}

// Assets is content.Assets in memory.
type Assets struct {
	mu    sync.Mutex
	Files map[string]Asset
	Puts  int
}

// Asset is one stored file.
type Asset struct {
	ContentType string
	Data        []byte
}

// Put stores a file.
func (a *Assets) Put(_ context.Context, key, contentType string, data []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.Files == nil {
		a.Files = map[string]Asset{}
	}
	a.Files[key] = Asset{contentType, slices.Clone(data)}
	a.Puts++
	return nil
}

// Get returns a stored file.
func (a *Assets) Get(key string) (Asset, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, ok := a.Files[key]
	return f, ok
}
