package org

import (
	"maps"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
)

// Goal is what campaigns optimize for.
type Goal string

const (
	Leads    Goal = "leads"
	Bookings Goal = "bookings"
)

// Goals lists every goal.
var Goals = []Goal{Leads, Bookings}

// Automation is an AI automation an organization switches on or off
// (privacy policy section 4).
type Automation string

const (
	CampaignOptimization Automation = "campaignOptimization"
	ContentGeneration    Automation = "contentGeneration"
	AudienceTargeting    Automation = "audienceTargeting"
	BudgetManagement     Automation = "budgetManagement"
)

// Automations lists every automation.
var Automations = []Automation{CampaignOptimization, ContentGeneration, AudienceTargeting, BudgetManagement}

// Settings is an organization's campaign configuration ("platform
// configuration" in the privacy policy). Money is in US cents.
type Settings struct {
	OrgID                  string
	Goals                  []Goal
	TargetCostPerLeadCents int64 // 0: no target
	MonthlyBudgetCapsCents map[connector.Platform]int64
	Automations            map[Automation]bool
	Notes                  string
	// AIOptOut: the organization opted out of AI processing (policy
	// section 4): nothing of it is sent to a model. Only owners change it.
	AIOptOut bool
	// AutoApply is, per kind of recommendation, an owner's permission for
	// the optimiser to apply it without a person's approval, within its
	// limits. Only owners change it.
	AutoApply map[AutoRule]AutoApply
	UpdatedAt time.Time
	UpdatedBy string
	Version   int64
}

// DefaultSettings are a new organization's: aim for leads, no caps, every
// automation off until someone switches it on.
func DefaultSettings(orgID string, at time.Time, by string) Settings {
	auto := map[Automation]bool{}
	for _, a := range Automations {
		auto[a] = false
	}
	return Settings{OrgID: orgID, Goals: []Goal{Leads}, MonthlyBudgetCapsCents: map[connector.Platform]int64{}, Automations: auto, UpdatedAt: at, UpdatedBy: by, Version: 1}
}

// Next is the settings that replace s with the campaign configuration of
// in (its goals, target, caps, automations and notes), written by the user
// by at at: s's next version. A missing cap means none and a missing
// automation is off.
func (s Settings) Next(in Settings, by string, at time.Time) Settings {
	next := Settings{OrgID: s.OrgID, Goals: in.Goals, TargetCostPerLeadCents: in.TargetCostPerLeadCents,
		MonthlyBudgetCapsCents: map[connector.Platform]int64{}, Automations: map[Automation]bool{}, Notes: in.Notes,
		AIOptOut: s.AIOptOut, AutoApply: maps.Clone(s.AutoApply), UpdatedAt: at, UpdatedBy: by, Version: s.Version + 1}
	for p, c := range in.MonthlyBudgetCapsCents {
		next.MonthlyBudgetCapsCents[p] = c
	}
	for _, a := range Automations {
		next.Automations[a] = in.Automations[a]
	}
	return next
}

// ChangesCampaigns reports whether an enabled automation or auto-apply
// rule changes campaigns at the ad platforms (so the next connect asks for
// the write scope).
func (s Settings) ChangesCampaigns() bool {
	for _, a := range s.AutoApply {
		if a.Enabled {
			return true
		}
	}
	return s.Automations[CampaignOptimization] || s.Automations[AudienceTargeting] || s.Automations[BudgetManagement]
}

// AutoRule is a kind of recommendation an owner may let apply itself.
// Only budget changes are carried out at the platforms today; bid,
// creative and targeting advice always waits for a person.
type AutoRule string

// AutoBudget: daily budget changes within the guardrails.
const AutoBudget AutoRule = "budget"

// AutoRules lists every rule that may apply itself.
var AutoRules = []AutoRule{AutoBudget}

// MaxAutoChangePercent is the largest weekly change an owner may let
// apply itself: the optimiser's own guardrail (learning phases).
const MaxAutoChangePercent = 20

// AutoApply is one rule's auto-apply permission and its limits: a
// recommendation outside them waits for a person's approval.
type AutoApply struct {
	Enabled bool `json:"enabled"`
	// MaxChangePercent is the largest change of a campaign's daily budget
	// applied without approval, 1..MaxAutoChangePercent.
	MaxChangePercent int `json:"maxChangePercent"`
	// MaxDailyBudgetCents, when set, is the largest daily budget set
	// without approval.
	MaxDailyBudgetCents int64     `json:"maxDailyBudgetCents,omitempty"`
	UpdatedBy           string    `json:"updatedBy,omitempty"`
	UpdatedAt           time.Time `json:"updatedAt,omitzero"`
}
