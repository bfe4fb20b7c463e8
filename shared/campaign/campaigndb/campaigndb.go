// Package campaigndb keeps uploaded assets and campaign drafts in the
// account table, in the organization's partition, so an organization's
// cancellation gives them its 3-year expiry with everything else it owns:
//
//	pk ORG#<org>  sk UPLOAD#<assetId>   an uploaded asset (files are in S3)
//	pk ORG#<org>  sk CDRAFT#<draftId>   a draft, its steps, review and audit
//
// The record is one JSON attribute (doc); status and version are
// attributes of their own so writes can be conditioned on them.
package campaigndb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements campaign.Store.
type Store struct{ table *dynamo.Table }

var _ campaign.Store = (*Store)(nil)

const (
	orgPrefix   = "ORG#"
	assetPrefix = "UPLOAD#"
	draftPrefix = "CDRAFT#"
)

// New binds the store to the account table.
func New(account *dynamo.Table) (*Store, error) {
	if account == nil || account.Category != retention.Account {
		return nil, fmt.Errorf("campaigndb: needs the account table")
	}
	return &Store{table: account}, nil
}

func key(orgID, prefix, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, prefix+id) }

func encode(orgID, prefix, id, entity, status string, version int64, v any) (dynamo.Item, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	it := key(orgID, prefix, id)
	it["entity"] = dynamo.S(entity)
	it["orgId"] = dynamo.S(orgID)
	it["status"] = dynamo.S(status)
	it["version"] = dynamo.N(version)
	it["doc"] = dynamo.S(string(doc))
	return it, nil
}

func decode(it dynamo.Item, v any) (int64, error) {
	if err := json.Unmarshal([]byte(dynamo.String(it, "doc")), v); err != nil {
		return 0, fmt.Errorf("campaigndb: bad item %s: %w", dynamo.String(it, dynamo.SK), err)
	}
	return dynamo.Int(it, "version"), nil
}

func (s *Store) create(ctx context.Context, it dynamo.Item) error {
	return s.table.PutNew(ctx, it, dynamo.Expiry{}, campaign.ErrExists)
}

func (s *Store) update(ctx context.Context, it dynamo.Item, version int64) error {
	return s.table.PutVersion(ctx, it, dynamo.Expiry{}, version, campaign.ErrNotFound, campaign.ErrStale)
}

func (s *Store) get(ctx context.Context, k dynamo.Item, v any) (int64, bool, error) {
	it, found, err := s.table.Get(ctx, k, true)
	if err != nil || !found {
		return 0, false, err
	}
	ver, err := decode(it, v)
	return ver, err == nil, err
}

func (s *Store) list(ctx context.Context, orgID, prefix, after string, limit int, each func(dynamo.Item) (string, error)) (string, error) {
	items, err := s.table.PrefixPage(ctx, orgPrefix+orgID, prefix, after, limit)
	if err != nil {
		return "", err
	}
	last := ""
	for i, it := range items {
		if limit > 0 && i == limit {
			return last, nil
		}
		if last, err = each(it); err != nil {
			return "", err
		}
	}
	return "", nil
}

// CreateAsset writes a new asset at version 1.
func (s *Store) CreateAsset(ctx context.Context, a campaign.Asset) error {
	it, err := encode(a.OrgID, assetPrefix, a.ID, "upload", string(a.Status), 1, a)
	if err != nil {
		return err
	}
	return s.create(ctx, it)
}

// GetAsset reads one asset, consistently.
func (s *Store) GetAsset(ctx context.Context, orgID, id string) (campaign.Asset, bool, error) {
	var a campaign.Asset
	v, found, err := s.get(ctx, key(orgID, assetPrefix, id), &a)
	a.Version = v
	return a, found, err
}

// ListAssets reads a page of an organization's assets in ID order.
func (s *Store) ListAssets(ctx context.Context, orgID, after string, limit int) ([]campaign.Asset, string, error) {
	var as []campaign.Asset
	next, err := s.list(ctx, orgID, assetPrefix, after, limit, func(it dynamo.Item) (string, error) {
		var a campaign.Asset
		v, err := decode(it, &a)
		a.Version = v
		as = append(as, a)
		return a.ID, err
	})
	return as, next, err
}

// UpdateAsset writes a if the stored version is a.Version-1.
func (s *Store) UpdateAsset(ctx context.Context, a campaign.Asset) error {
	it, err := encode(a.OrgID, assetPrefix, a.ID, "upload", string(a.Status), a.Version, a)
	if err != nil {
		return err
	}
	return s.update(ctx, it, a.Version)
}

// DeleteAsset removes an asset's record (its file is the caller's).
func (s *Store) DeleteAsset(ctx context.Context, orgID, id string) error {
	_, err := s.table.Delete(ctx, key(orgID, assetPrefix, id), nil)
	return err
}

// CreateDraft writes a new draft at version 1.
func (s *Store) CreateDraft(ctx context.Context, d campaign.Draft) error {
	it, err := encode(d.OrgID, draftPrefix, d.ID, "campaign-draft", string(d.Status), 1, d)
	if err != nil {
		return err
	}
	return s.create(ctx, it)
}

// GetDraft reads one draft, consistently.
func (s *Store) GetDraft(ctx context.Context, orgID, id string) (campaign.Draft, bool, error) {
	var d campaign.Draft
	v, found, err := s.get(ctx, key(orgID, draftPrefix, id), &d)
	d.Version = v
	return d, found, err
}

// ListDrafts reads a page of an organization's drafts in ID order.
func (s *Store) ListDrafts(ctx context.Context, orgID, after string, limit int) ([]campaign.Draft, string, error) {
	var ds []campaign.Draft
	next, err := s.list(ctx, orgID, draftPrefix, after, limit, func(it dynamo.Item) (string, error) {
		var d campaign.Draft
		v, err := decode(it, &d)
		d.Version = v
		ds = append(ds, d)
		return d.ID, err
	})
	return ds, next, err
}

// UpdateDraft writes d if the stored version is d.Version-1.
func (s *Store) UpdateDraft(ctx context.Context, d campaign.Draft) error {
	it, err := encode(d.OrgID, draftPrefix, d.ID, "campaign-draft", string(d.Status), d.Version, d)
	if err != nil {
		return err
	}
	return s.update(ctx, it, d.Version)
}
