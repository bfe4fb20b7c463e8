package fake

import (
	"context"

	"github.com/medspa-ai/backend/shared/campaign"
)

// Campaigns is campaign.Store in memory, with campaigndb.Store's
// semantics: records listed in ID order, versioned updates.
type Campaigns struct {
	assets records[campaign.Asset]
	drafts records[campaign.Draft]
}

var _ campaign.Store = (*Campaigns)(nil)

// NewCampaigns returns an empty store.
func NewCampaigns() *Campaigns {
	return &Campaigns{
		assets: records[campaign.Asset]{
			key:     func(a campaign.Asset) (string, string) { return a.OrgID, a.ID },
			version: func(a *campaign.Asset) *int64 { return &a.Version },
			exists:  campaign.ErrExists, notFound: campaign.ErrNotFound, stale: campaign.ErrStale,
		},
		drafts: records[campaign.Draft]{
			key:     func(d campaign.Draft) (string, string) { return d.OrgID, d.ID },
			version: func(d *campaign.Draft) *int64 { return &d.Version },
			exists:  campaign.ErrExists, notFound: campaign.ErrNotFound, stale: campaign.ErrStale,
		},
	}
}

// CreateAsset writes a new asset.
func (s *Campaigns) CreateAsset(ctx context.Context, a campaign.Asset) error {
	return s.assets.Create(ctx, a)
}

// GetAsset reads one asset.
func (s *Campaigns) GetAsset(ctx context.Context, orgID, id string) (campaign.Asset, bool, error) {
	return s.assets.Get(ctx, orgID, id)
}

// ListAssets reads a page of an organization's assets.
func (s *Campaigns) ListAssets(ctx context.Context, orgID, after string, limit int) ([]campaign.Asset, string, error) {
	return s.assets.List(ctx, orgID, after, limit)
}

// UpdateAsset writes a if the stored version is a.Version-1.
func (s *Campaigns) UpdateAsset(ctx context.Context, a campaign.Asset) error {
	return s.assets.Update(ctx, a)
}

// DeleteAsset removes an asset's record.
func (s *Campaigns) DeleteAsset(_ context.Context, orgID, id string) error {
	s.assets.delete(orgID, id)
	return nil
}

// CreateDraft writes a new draft.
func (s *Campaigns) CreateDraft(ctx context.Context, d campaign.Draft) error {
	return s.drafts.Create(ctx, d)
}

// GetDraft reads one draft.
func (s *Campaigns) GetDraft(ctx context.Context, orgID, id string) (campaign.Draft, bool, error) {
	return s.drafts.Get(ctx, orgID, id)
}

// ListDrafts reads a page of an organization's drafts.
func (s *Campaigns) ListDrafts(ctx context.Context, orgID, after string, limit int) ([]campaign.Draft, string, error) {
	return s.drafts.List(ctx, orgID, after, limit)
}

// UpdateDraft writes d if the stored version is d.Version-1.
func (s *Campaigns) UpdateDraft(ctx context.Context, d campaign.Draft) error {
	return s.drafts.Update(ctx, d)
}
