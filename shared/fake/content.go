package fake

import (
	"context"
	"slices"
	"sync"

	"github.com/medspa-ai/backend/shared/content"
)

// Content is content.Store in memory, with contentdb.Store's semantics:
// requests listed in ID order, versioned updates.
type Content struct{ records[content.Request] }

var _ content.Store = (*Content)(nil)

// NewContent returns an empty store.
func NewContent() *Content {
	return &Content{records[content.Request]{
		key:     func(r content.Request) (string, string) { return r.OrgID, r.ID },
		version: func(r *content.Request) *int64 { return &r.Version },
		utc:     func(r *content.Request) { r.CreatedAt, r.UpdatedAt = utc(r.CreatedAt), utc(r.UpdatedAt) },
		exists:  content.ErrExists, notFound: content.ErrNotFound, stale: content.ErrStale,
	}}
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
