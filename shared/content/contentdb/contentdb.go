// Package contentdb keeps content requests in the account table, in the
// organization's partition, so an organization's cancellation gives them
// its 3-year expiry with everything else it owns:
//
//	pk ORG#<org>  sk CONTENT#<requestId>   the request, its status and results
//
// The request's inputs, results and violations are one JSON attribute
// (doc); status, kind and version are attributes of their own so writes
// can be conditioned on them. Files are in S3 (see assets), never here.
package contentdb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements content.Store.
type Store struct{ table *dynamo.Table }

var _ content.Store = (*Store)(nil)

const (
	orgPrefix = "ORG#"
	skPrefix  = "CONTENT#"
	entity    = "content"
)

// New binds the store to the account table.
func New(account *dynamo.Table) (*Store, error) {
	if account == nil || account.Category != retention.Account {
		return nil, fmt.Errorf("contentdb: needs the account table")
	}
	return &Store{table: account}, nil
}

func key(orgID, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, skPrefix+id) }

func encode(r content.Request) (dynamo.Item, error) {
	doc, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	it := key(r.OrgID, r.ID)
	it["entity"] = dynamo.S(entity)
	it["orgId"] = dynamo.S(r.OrgID)
	it["requestId"] = dynamo.S(r.ID)
	it["status"] = dynamo.S(string(r.Status))
	it["kind"] = dynamo.S(string(r.Kind))
	it["version"] = dynamo.N(r.Version)
	it["doc"] = dynamo.S(string(doc))
	// The files the request's results hold: the retention sweep deletes
	// them with the item, so no image outlives its record.
	var files []string
	for _, res := range r.Results {
		if res.Asset != nil && res.Asset.Key != "" {
			files = append(files, res.Asset.Key)
		}
	}
	if len(files) > 0 {
		it[dynamo.Objects] = &dynamo.SS{Value: files}
	}
	return it, nil
}

func decode(it dynamo.Item) (content.Request, error) {
	var r content.Request
	if err := json.Unmarshal([]byte(dynamo.String(it, "doc")), &r); err != nil {
		return r, fmt.Errorf("contentdb: bad item %s: %w", dynamo.String(it, dynamo.SK), err)
	}
	r.Version = dynamo.Int(it, "version")
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// Create writes a new request at version 1.
func (s *Store) Create(ctx context.Context, r content.Request) error {
	r.Version = 1
	it, err := encode(r)
	if err != nil {
		return err
	}
	return s.table.PutNew(ctx, it, dynamo.Expiry{}, content.ErrExists)
}

// Get reads one request, consistently.
func (s *Store) Get(ctx context.Context, orgID, id string) (content.Request, bool, error) {
	it, found, err := s.table.Get(ctx, key(orgID, id), true)
	if err != nil || !found {
		return content.Request{}, false, err
	}
	r, err := decode(it)
	return r, err == nil, err
}

// List reads a page of an organization's requests in ID order.
func (s *Store) List(ctx context.Context, orgID, after string, limit int) ([]content.Request, string, error) {
	items, err := s.table.PrefixPage(ctx, orgPrefix+orgID, skPrefix, after, limit)
	if err != nil {
		return nil, "", err
	}
	rs := make([]content.Request, 0, len(items))
	for _, it := range items {
		r, err := decode(it)
		if err != nil {
			return nil, "", err
		}
		rs = append(rs, r)
	}
	next := ""
	if limit > 0 && len(rs) > limit {
		rs, next = rs[:limit], rs[limit-1].ID
	}
	return rs, next, nil
}

// Update writes r if the stored version is r.Version-1.
func (s *Store) Update(ctx context.Context, r content.Request) error {
	it, err := encode(r)
	if err != nil {
		return err
	}
	return s.table.PutVersion(ctx, it, dynamo.Expiry{}, r.Version, content.ErrNotFound, content.ErrStale)
}
