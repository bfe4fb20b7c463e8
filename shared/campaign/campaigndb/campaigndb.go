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
	return dynamo.DocItem(key(orgID, prefix, id), entity, orgID, status, version, v)
}

func decodeAsset(it dynamo.Item) (campaign.Asset, error) {
	var a campaign.Asset
	v, err := dynamo.ReadDoc(it, &a)
	a.Version = v
	return a, err
}

func decodeDraft(it dynamo.Item) (campaign.Draft, error) {
	var d campaign.Draft
	v, err := dynamo.ReadDoc(it, &d)
	d.Version = v
	return d, err
}

func (s *Store) create(ctx context.Context, it dynamo.Item) error {
	return s.table.PutNew(ctx, it, dynamo.Expiry{}, campaign.ErrExists)
}

func (s *Store) update(ctx context.Context, it dynamo.Item, version int64) error {
	return s.table.PutVersion(ctx, it, dynamo.Expiry{}, version, campaign.ErrNotFound, campaign.ErrStale)
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
	return dynamo.GetOf(ctx, s.table, key(orgID, assetPrefix, id), decodeAsset)
}

// ListAssets reads a page of an organization's assets in ID order.
func (s *Store) ListAssets(ctx context.Context, orgID, after string, limit int) ([]campaign.Asset, string, error) {
	return dynamo.PageOf(ctx, s.table, orgPrefix+orgID, assetPrefix, after, limit, decodeAsset)
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
	return dynamo.GetOf(ctx, s.table, key(orgID, draftPrefix, id), decodeDraft)
}

// ListDrafts reads a page of an organization's drafts in ID order.
func (s *Store) ListDrafts(ctx context.Context, orgID, after string, limit int) ([]campaign.Draft, string, error) {
	return dynamo.PageOf(ctx, s.table, orgPrefix+orgID, draftPrefix, after, limit, decodeDraft)
}

// UpdateDraft writes d if the stored version is d.Version-1.
func (s *Store) UpdateDraft(ctx context.Context, d campaign.Draft) error {
	it, err := encode(d.OrgID, draftPrefix, d.ID, "campaign-draft", string(d.Status), d.Version, d)
	if err != nil {
		return err
	}
	return s.update(ctx, it, d.Version)
}
