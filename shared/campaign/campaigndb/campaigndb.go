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

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements campaign.Store.
type Store struct {
	assets *dynamo.Docs[campaign.Asset]
	drafts *dynamo.Docs[campaign.Draft]
}

var _ campaign.Store = (*Store)(nil)

const (
	orgPrefix   = "ORG#"
	assetPrefix = "UPLOAD#"
	draftPrefix = "CDRAFT#"
)

// New binds the store to the account table.
func New(account *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("campaigndb", account, retention.Account); err != nil {
		return nil, err
	}
	return &Store{
		assets: &dynamo.Docs[campaign.Asset]{
			Table: account, Partition: orgPrefix, Prefix: assetPrefix, Entity: "upload",
			Key:     func(a campaign.Asset) (string, string) { return a.OrgID, a.ID },
			Status:  func(a campaign.Asset) string { return string(a.Status) },
			Version: func(a *campaign.Asset) *int64 { return &a.Version },
			Exists:  campaign.ErrExists, NotFound: campaign.ErrNotFound, Stale: campaign.ErrStale,
		},
		drafts: &dynamo.Docs[campaign.Draft]{
			Table: account, Partition: orgPrefix, Prefix: draftPrefix, Entity: "campaign-draft",
			Key:     func(d campaign.Draft) (string, string) { return d.OrgID, d.ID },
			Status:  func(d campaign.Draft) string { return string(d.Status) },
			Version: func(d *campaign.Draft) *int64 { return &d.Version },
			Exists:  campaign.ErrExists, NotFound: campaign.ErrNotFound, Stale: campaign.ErrStale,
		},
	}, nil
}

// CreateAsset writes a new asset at version 1.
func (s *Store) CreateAsset(ctx context.Context, a campaign.Asset) error {
	return s.assets.Create(ctx, a)
}

// GetAsset reads one asset, consistently.
func (s *Store) GetAsset(ctx context.Context, orgID, id string) (campaign.Asset, bool, error) {
	return s.assets.Get(ctx, orgID, id)
}

// ListAssets reads a page of an organization's assets in ID order.
func (s *Store) ListAssets(ctx context.Context, orgID, after string, limit int) ([]campaign.Asset, string, error) {
	return s.assets.List(ctx, orgID, after, limit)
}

// UpdateAsset writes a if the stored version is a.Version-1.
func (s *Store) UpdateAsset(ctx context.Context, a campaign.Asset) error {
	return s.assets.Update(ctx, a)
}

// DeleteAsset removes an asset's record (its file is the caller's).
func (s *Store) DeleteAsset(ctx context.Context, orgID, id string) error {
	return s.assets.Delete(ctx, orgID, id)
}

// CreateDraft writes a new draft at version 1.
func (s *Store) CreateDraft(ctx context.Context, d campaign.Draft) error {
	return s.drafts.Create(ctx, d)
}

// GetDraft reads one draft, consistently.
func (s *Store) GetDraft(ctx context.Context, orgID, id string) (campaign.Draft, bool, error) {
	return s.drafts.Get(ctx, orgID, id)
}

// ListDrafts reads a page of an organization's drafts in ID order.
func (s *Store) ListDrafts(ctx context.Context, orgID, after string, limit int) ([]campaign.Draft, string, error) {
	return s.drafts.List(ctx, orgID, after, limit)
}

// UpdateDraft writes d if the stored version is d.Version-1.
func (s *Store) UpdateDraft(ctx context.Context, d campaign.Draft) error {
	return s.drafts.Update(ctx, d)
}
