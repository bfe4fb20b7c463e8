package fake

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/medspa-ai/backend/shared/campaign"
)

// Campaigns is campaign.Store in memory, with campaigndb.Store's
// semantics: records listed in ID order, versioned updates.
type Campaigns struct {
	mu     sync.Mutex
	assets map[string]campaign.Asset // by orgID + "/" + id
	drafts map[string]campaign.Draft
}

var _ campaign.Store = (*Campaigns)(nil)

// NewCampaigns returns an empty store.
func NewCampaigns() *Campaigns {
	return &Campaigns{assets: map[string]campaign.Asset{}, drafts: map[string]campaign.Draft{}}
}

func deep[T any](v T) T {
	b, _ := json.Marshal(v)
	var out T
	_ = json.Unmarshal(b, &out)
	return out
}

func put[T any](m map[string]T, k string, v T, version, ver int64, create bool) error {
	_, ok := m[k]
	switch {
	case create && ok:
		return campaign.ErrExists
	case !create && !ok:
		return campaign.ErrNotFound
	case !create && version != ver-1:
		return campaign.ErrStale
	}
	m[k] = v
	return nil
}

func page[T any](m map[string]T, orgID, after string, limit int, id func(T) string) ([]T, string) {
	var ks []string
	for k := range m {
		if o, rest, _ := strings.Cut(k, "/"); o == orgID && rest > after {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	var out []T
	for _, k := range ks {
		if limit > 0 && len(out) == limit {
			return out, id(out[len(out)-1])
		}
		out = append(out, deep(m[k]))
	}
	return out, ""
}

// CreateAsset writes a new asset.
func (s *Campaigns) CreateAsset(_ context.Context, a campaign.Asset) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := deep(a)
	cp.Version = 1
	return put(s.assets, a.OrgID+"/"+a.ID, cp, 0, 1, true)
}

// GetAsset reads one asset.
func (s *Campaigns) GetAsset(_ context.Context, orgID, id string) (campaign.Asset, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.assets[orgID+"/"+id]
	v := a.Version
	a = deep(a)
	a.Version = v
	return a, ok, nil
}

// ListAssets reads a page of an organization's assets.
func (s *Campaigns) ListAssets(_ context.Context, orgID, after string, limit int) ([]campaign.Asset, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	as, next := page(s.assets, orgID, after, limit, func(a campaign.Asset) string { return a.ID })
	for i := range as {
		as[i].Version = s.assets[orgID+"/"+as[i].ID].Version
	}
	return as, next, nil
}

// UpdateAsset writes a if the stored version is a.Version-1.
func (s *Campaigns) UpdateAsset(_ context.Context, a campaign.Asset) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := a.OrgID + "/" + a.ID
	cp := deep(a)
	cp.Version = a.Version
	return put(s.assets, k, cp, s.assets[k].Version, a.Version, false)
}

// DeleteAsset removes an asset's record.
func (s *Campaigns) DeleteAsset(_ context.Context, orgID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.assets, orgID+"/"+id)
	return nil
}

// CreateDraft writes a new draft.
func (s *Campaigns) CreateDraft(_ context.Context, d campaign.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := deep(d)
	cp.Version = 1
	return put(s.drafts, d.OrgID+"/"+d.ID, cp, 0, 1, true)
}

// GetDraft reads one draft.
func (s *Campaigns) GetDraft(_ context.Context, orgID, id string) (campaign.Draft, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.drafts[orgID+"/"+id]
	v := d.Version
	d = deep(d)
	d.Version = v
	return d, ok, nil
}

// ListDrafts reads a page of an organization's drafts.
func (s *Campaigns) ListDrafts(_ context.Context, orgID, after string, limit int) ([]campaign.Draft, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds, next := page(s.drafts, orgID, after, limit, func(d campaign.Draft) string { return d.ID })
	for i := range ds {
		ds[i].Version = s.drafts[orgID+"/"+ds[i].ID].Version
	}
	return ds, next, nil
}

// UpdateDraft writes d if the stored version is d.Version-1.
func (s *Campaigns) UpdateDraft(_ context.Context, d campaign.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := d.OrgID + "/" + d.ID
	cp := deep(d)
	cp.Version = d.Version
	return put(s.drafts, k, cp, s.drafts[k].Version, d.Version, false)
}
