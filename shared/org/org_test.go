package org

import (
	"fmt"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
)

func TestNewOrg(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	cases := []struct {
		name string
		p    CompanyProfile
	}{
		{"full profile", CompanyProfile{CompanyName: "Glow", Website: "https://glow.example", Locations: []Location{{"Austin", "TX"}},
			Services: []string{"Botox"}, BrandVoice: "Warm.", TimeZone: "America/Chicago"}},
		{"required fields only", CompanyProfile{CompanyName: "Glow", TimeZone: "UTC"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, m, s := NewOrg("org_1", c.p, "usr_1", "ana@glow.example", at)
			want := Org{ID: "org_1", CompanyProfile: c.p, Status: Active, CreatedAt: at, CreatedBy: "usr_1", UpdatedAt: at,
				Version: 1, MemberCount: 1, OwnerCount: 1}
			if fmt.Sprintf("%+v", o) != fmt.Sprintf("%+v", want) {
				t.Errorf("org %+v\nwant %+v", o, want)
			}
			wantM := Member{OrgID: "org_1", ID: "usr_1", Status: Joined, Role: Owner, Email: "ana@glow.example", OrgName: c.p.CompanyName,
				OrgStatus: Active, At: at, UpdatedAt: at, Version: 1}
			if m != wantM {
				t.Errorf("owner %+v\nwant %+v", m, wantM)
			}
			if fmt.Sprintf("%+v", s) != fmt.Sprintf("%+v", DefaultSettings("org_1", at, "usr_1")) {
				t.Errorf("settings %+v", s)
			}
		})
	}
}

func TestPatchApply(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	before := Org{ID: "org_1", CompanyProfile: CompanyProfile{CompanyName: "Glow", Website: "https://glow.example", Locations: []Location{{"Austin", "TX"}},
		Services: []string{"Botox"}, BrandVoice: "Warm.", TimeZone: "UTC"}, Status: Active, CreatedAt: at.Add(-time.Hour),
		CreatedBy: "usr_1", UpdatedAt: at.Add(-time.Hour), Version: 3, MemberCount: 4, OwnerCount: 2, SupportSeq: 9}
	str := func(s string) *string { return &s }
	cases := []struct {
		name    string
		p       Patch
		change  func(*Org)
		renamed bool
	}{
		{"nothing named", Patch{}, func(*Org) {}, false},
		{"rename", Patch{CompanyName: str("Glow Aesthetics")}, func(o *Org) { o.CompanyName = "Glow Aesthetics" }, true},
		{"the same name", Patch{CompanyName: str("Glow")}, func(*Org) {}, false},
		{"every other field", Patch{Website: str(""), Locations: &[]Location{{"Dallas", "TX"}}, Services: &[]string{}, BrandVoice: str("Bold."), TimeZone: str("America/Chicago")},
			func(o *Org) {
				o.Website, o.Locations, o.Services, o.BrandVoice, o.TimeZone = "", []Location{{"Dallas", "TX"}}, []string{}, "Bold.", "America/Chicago"
			}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := before
			c.change(&want)
			want.UpdatedAt, want.Version = at, 4
			got, renamed := c.p.Apply(before, at)
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) || renamed != c.renamed {
				t.Errorf("got %+v %v\nwant %+v %v", got, renamed, want, c.renamed)
			}
		})
	}
}

func TestSettingsNext(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	cur := DefaultSettings("org_1", at.Add(-time.Hour), "usr_1")
	cur.Version = 5
	cur.Notes = "old"
	cases := []struct {
		name string
		in   Settings
		want Settings
	}{
		{"everything set", Settings{OrgID: "org_other", Goals: []Goal{Leads, Bookings}, TargetCostPerLeadCents: 4500,
			MonthlyBudgetCapsCents: map[connector.Platform]int64{connector.Meta: 300000, connector.Google: 0},
			Automations:            map[Automation]bool{CampaignOptimization: true, ContentGeneration: true, AudienceTargeting: true, BudgetManagement: true},
			Notes:                  "new", Version: 99},
			Settings{OrgID: "org_1", Goals: []Goal{Leads, Bookings}, TargetCostPerLeadCents: 4500,
				MonthlyBudgetCapsCents: map[connector.Platform]int64{connector.Meta: 300000, connector.Google: 0},
				Automations:            map[Automation]bool{CampaignOptimization: true, ContentGeneration: true, AudienceTargeting: true, BudgetManagement: true},
				Notes:                  "new", UpdatedAt: at, UpdatedBy: "usr_2", Version: 6}},
		{"missing caps and automations", Settings{Goals: []Goal{Bookings}, Automations: map[Automation]bool{AudienceTargeting: true}},
			Settings{OrgID: "org_1", Goals: []Goal{Bookings}, MonthlyBudgetCapsCents: map[connector.Platform]int64{},
				Automations: map[Automation]bool{CampaignOptimization: false, ContentGeneration: false, AudienceTargeting: true, BudgetManagement: false},
				UpdatedAt:   at, UpdatedBy: "usr_2", Version: 6}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := cur.Next(c.in, "usr_2", at)
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
			if c.in.MonthlyBudgetCapsCents != nil {
				c.in.MonthlyBudgetCapsCents[connector.Google] = 7
				if got.MonthlyBudgetCapsCents[connector.Google] == 7 {
					t.Error("the next settings share the input's caps")
				}
			}
		})
	}
}
