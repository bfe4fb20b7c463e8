package fake

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
)

// records is an organization's versioned records in memory with the
// DynamoDB stores' semantics: created once at version 1, updated only from
// the version before, listed in ID order, and never shared with the
// caller (every read and write is a deep copy). Its methods are the
// stores' own (content.Store, budget.Store and campaign.Store's halves), so
// a fake of one kind of record embeds it.
type records[T any] struct {
	mu sync.Mutex
	m  map[string]T // by orgID + "/" + id
	// key names a record; version points at its Version field (which the
	// domain types may leave out of JSON); utc, when set, puts a clone's
	// times in UTC as the DynamoDB store reads them.
	key     func(T) (orgID, id string)
	version func(*T) *int64
	utc     func(*T)
	// exists, notFound and stale are the domain's errors.
	exists, notFound, stale error
}

func (r *records[T]) k(v T) string {
	orgID, id := r.key(v)
	return orgID + "/" + id
}

// Create writes a new record at version 1.
func (r *records[T]) Create(_ context.Context, v T) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]T{}
	}
	k := r.k(v)
	if _, ok := r.m[k]; ok {
		return r.exists
	}
	*r.version(&v) = 1
	r.m[k] = r.clone(v)
	return nil
}

// Get reads one record.
func (r *records[T]) Get(_ context.Context, orgID, id string) (T, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[orgID+"/"+id]
	if !ok {
		var zero T
		return zero, false, nil
	}
	return r.clone(v), true, nil
}

// List reads a page of an organization's records in ID order after after.
func (r *records[T]) List(_ context.Context, orgID, after string, limit int) ([]T, string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for k := range r.m {
		if o, id, _ := strings.Cut(k, "/"); o == orgID && id > after {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	next := ""
	if limit > 0 && len(ids) > limit {
		ids, next = ids[:limit], ids[limit-1]
	}
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = r.clone(r.m[orgID+"/"+id])
	}
	return out, next, nil
}

// Update writes v if the stored version is v's version - 1.
func (r *records[T]) Update(_ context.Context, v T) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.k(v)
	cur, ok := r.m[k]
	if !ok {
		return r.notFound
	}
	if *r.version(&cur) != *r.version(&v)-1 {
		return r.stale
	}
	r.m[k] = r.clone(v)
	return nil
}

func (r *records[T]) delete(orgID, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, orgID+"/"+id)
}

// clone is a deep copy of v, through JSON as the DynamoDB stores keep it.
func (r *records[T]) clone(v T) T {
	b, _ := json.Marshal(v)
	var out T
	_ = json.Unmarshal(b, &out)
	*r.version(&out) = *r.version(&v)
	if r.utc != nil {
		r.utc(&out)
	}
	return out
}
