package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/campaign"
)

// Campaign is the campaign.Store contract: records round-trip, each
// organization sees only its own, pages in ID order, a stale or missing
// update is refused, a second create is refused.
func Campaign(t *testing.T, open func(t *testing.T) campaign.Store) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	t.Run("assets", func(t *testing.T) {
		s := open(t)
		for _, id := range []string{"as_b", "as_a", "as_c"} {
			a := campaign.Asset{OrgID: "org_1", ID: id, Kind: campaign.Image, ContentType: "image/png", Status: campaign.Pending, Key: campaign.AssetKey("org_1", id, "image/png"), CreatedAt: now}
			if err := s.CreateAsset(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateAsset(ctx, campaign.Asset{OrgID: "org_1", ID: "as_a"}); !errors.Is(err, campaign.ErrExists) {
			t.Fatalf("second create: %v", err)
		}
		if err := s.CreateAsset(ctx, campaign.Asset{OrgID: "org_2", ID: "as_z"}); err != nil {
			t.Fatal(err)
		}
		page, next, err := s.ListAssets(ctx, "org_1", "", 2)
		if err != nil || len(page) != 2 || page[0].ID != "as_a" || page[1].ID != "as_b" || next != "as_b" {
			t.Fatalf("first page %+v next %q %v", page, next, err)
		}
		page, next, err = s.ListAssets(ctx, "org_1", next, 2)
		if err != nil || len(page) != 1 || page[0].ID != "as_c" || next != "" {
			t.Fatalf("second page %+v next %q %v", page, next, err)
		}
		a, found, err := s.GetAsset(ctx, "org_1", "as_a")
		if err != nil || !found || a.Version != 1 || !a.CreatedAt.Equal(now) {
			t.Fatalf("get %+v %v %v", a, found, err)
		}
		if _, found, _ := s.GetAsset(ctx, "org_2", "as_a"); found {
			t.Fatal("another organization's asset was found")
		}
		a.Status, a.Version = campaign.Ready, 2
		if err := s.UpdateAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateAsset(ctx, a); !errors.Is(err, campaign.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		if err := s.DeleteAsset(ctx, "org_1", "as_a"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.GetAsset(ctx, "org_1", "as_a"); found {
			t.Fatal("deleted asset still there")
		}
	})
	t.Run("drafts", func(t *testing.T) {
		s := open(t)
		d := campaign.Draft{OrgID: "org_1", ID: "cd_1", Name: "Spring", Status: campaign.Drafted, CreatedAt: now,
			Creative: campaign.Creative{Fields: map[string]string{"headline": "Glow"}}}
		if err := s.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, found, err := s.GetDraft(ctx, "org_1", "cd_1")
		if err != nil || !found || got.Version != 1 || got.Creative.Fields["headline"] != "Glow" {
			t.Fatalf("get %+v %v %v", got, found, err)
		}
		got.Steps = append(got.Steps, campaign.Step{Name: campaign.StepCampaign, PlatformID: "c1"})
		got.Version = 2
		if err := s.UpdateDraft(ctx, got); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateDraft(ctx, got); !errors.Is(err, campaign.ErrStale) {
			t.Fatalf("stale update: %v", err)
		}
		missing := got
		missing.ID = "cd_none"
		if err := s.UpdateDraft(ctx, missing); !errors.Is(err, campaign.ErrNotFound) {
			t.Fatalf("missing update: %v", err)
		}
		got, _, _ = s.GetDraft(ctx, "org_1", "cd_1")
		if got.StepID(campaign.StepCampaign) != "c1" || got.Version != 2 {
			t.Fatalf("after update %+v", got)
		}
		ds, next, err := s.ListDrafts(ctx, "org_1", "", 10)
		if err != nil || len(ds) != 1 || next != "" {
			t.Fatalf("list %+v %q %v", ds, next, err)
		}
		if ds, _, _ := s.ListDrafts(ctx, "org_2", "", 10); len(ds) != 0 {
			t.Fatal("another organization's drafts listed")
		}
	})
}
