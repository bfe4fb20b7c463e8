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
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements content.Store.
type Store struct{ *dynamo.Docs[content.Request] }

var _ content.Store = (*Store)(nil)

const (
	orgPrefix = "ORG#"
	skPrefix  = "CONTENT#"
	entity    = "content"
)

// New binds the store to the account table.
func New(account *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("contentdb", account, retention.Account); err != nil {
		return nil, err
	}
	return &Store{&dynamo.Docs[content.Request]{
		Table: account, Partition: orgPrefix, Prefix: skPrefix, Entity: entity,
		Key:     func(r content.Request) (string, string) { return r.OrgID, r.ID },
		Status:  func(r content.Request) string { return string(r.Status) },
		Version: func(r *content.Request) *int64 { return &r.Version },
		Attrs:   attrs,
		Read:    func(r *content.Request) { r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC() },
		Exists:  content.ErrExists, NotFound: content.ErrNotFound, Stale: content.ErrStale,
	}}, nil
}

// attrs are the request's attributes beside its document.
func attrs(r content.Request, it dynamo.Item) {
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
}
