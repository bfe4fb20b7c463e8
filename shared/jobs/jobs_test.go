package jobs

import (
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/connector"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		job  interface{ Validate() error }
		want string // "" means valid
	}{
		{"sync ok", Sync{OrgID: "org_1", ConnectionID: "c-1", Platform: connector.Meta, Slot: "2026112715"}, ""},
		{"sync window ok", Sync{OrgID: "o", ConnectionID: "c", Platform: connector.Google, Slot: "s", Since: "2026-01-01", Until: "2026-01-31"}, ""},
		{"sync bad platform", Sync{OrgID: "o", ConnectionID: "c", Platform: "tiktok", Slot: "s"}, "platform"},
		{"sync missing org", Sync{ConnectionID: "c", Platform: connector.Meta, Slot: "s"}, "orgId is required"},
		{"sync id with key separator", Sync{OrgID: "o#1", ConnectionID: "c", Platform: connector.Meta, Slot: "s"}, "orgId must be"},
		{"sync bad date", Sync{OrgID: "o", ConnectionID: "c", Platform: connector.Meta, Slot: "s", Since: "01/02/2026"}, "since must be a date"},
		{"sync reversed window", Sync{OrgID: "o", ConnectionID: "c", Platform: connector.Meta, Slot: "s", Since: "2026-02-01", Until: "2026-01-01"}, "until is before since"},
		{"content ok", Content{OrgID: "o", RequestID: "r", Kind: Image}, ""},
		{"content bad kind", Content{OrgID: "o", RequestID: "r", Kind: "gif"}, "kind must be"},
		{"privacy ok", Privacy{RequestID: "pr_1", Type: Deletion}, ""},
		{"privacy bad type", Privacy{RequestID: "pr_1", Type: "sell"}, "type must be one of"},
		{"optimize ok", Optimize{OrgID: "org_1", Day: "2026-12-01"}, ""},
		{"optimize missing org", Optimize{Day: "2026-12-01"}, "orgId is required"},
		{"optimize bad day", Optimize{OrgID: "o", Day: "2026-12"}, "day must be a date"},
		{"optimize apply ok", Optimize{OrgID: "o", Day: "2026-12-01", RecommendationID: "rec_20261130_budget_meta_1", Actor: "usr_1"}, ""},
		{"optimize apply without actor", Optimize{OrgID: "o", Day: "2026-12-01", RecommendationID: "rec_20261130_budget_meta_1"}, "actor is required"},
		{"optimize apply bad id", Optimize{OrgID: "o", Day: "2026-12-01", RecommendationID: "rec#1", Actor: "usr_1"}, "recommendationId must be"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.job.Validate()
			if tc.want == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestPublishValidate(t *testing.T) {
	for _, c := range []struct {
		j  Publish
		ok bool
	}{
		{Publish{OrgID: "org_1", DraftID: "cd_1"}, true},
		{Publish{OrgID: "org_1", DraftID: "cd_1", Action: PublishReview, Poll: 3}, true},
		{Publish{OrgID: "org_1", DraftID: "cd_1", Action: PublishDelivery, Delivery: "paused", Actor: "usr_1"}, true},
		{Publish{OrgID: "org_1", DraftID: "cd_1", Action: PublishDelivery, Delivery: "deleted", Actor: "usr_1"}, false},
		{Publish{OrgID: "org_1", DraftID: "cd_1", Action: PublishDelivery, Delivery: "paused"}, false},
		{Publish{OrgID: "org_1", DraftID: "cd_1", Action: "delete"}, false},
		{Publish{OrgID: "", DraftID: "cd_1"}, false},
		{Publish{OrgID: "org_1", DraftID: "../x"}, false},
	} {
		if err := c.j.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: %v", c.j, err)
		}
	}
}

// A run and an apply of the same organization and day are different jobs,
// and one recommendation's apply is one job whatever day it is queued.
func TestOptimizeKeys(t *testing.T) {
	run := Optimize{OrgID: "org_1", Day: "2026-12-01"}
	apply := Optimize{OrgID: "org_1", Day: "2026-12-01", RecommendationID: "rec_20261130_budget_meta_1", Actor: "usr_1"}
	later := apply
	later.Day = "2026-12-02"
	if run.Key() == apply.Key() {
		t.Fatalf("run and apply share the key %s", run.Key())
	}
	if apply.Key() != later.Key() {
		t.Fatalf("one recommendation's apply has keys %s and %s", apply.Key(), later.Key())
	}
	if !strings.HasPrefix(apply.Key(), "optimize#") {
		t.Fatalf("key %s is outside the optimizer's idempotency prefix", apply.Key())
	}
}
