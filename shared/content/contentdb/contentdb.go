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
	it, err := dynamo.DocItem(key(r.OrgID, r.ID), entity, r.OrgID, string(r.Status), r.Version, r)
	if err != nil {
		return nil, err
	}
	it["requestId"] = dynamo.S(r.ID)
	it["kind"] = dynamo.S(string(r.Kind))
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
	v, err := dynamo.ReadDoc(it, &r)
	r.Version = v
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
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
	return dynamo.GetOf(ctx, s.table, key(orgID, id), decode)
}

// List reads a page of an organization's requests in ID order.
func (s *Store) List(ctx context.Context, orgID, after string, limit int) ([]content.Request, string, error) {
	return dynamo.PageOf(ctx, s.table, orgPrefix+orgID, skPrefix, after, limit, decode)
}

// Update writes r if the stored version is r.Version-1.
func (s *Store) Update(ctx context.Context, r content.Request) error {
	it, err := encode(r)
	if err != nil {
		return err
	}
	return s.table.PutVersion(ctx, it, dynamo.Expiry{}, r.Version, content.ErrNotFound, content.ErrStale)
}
