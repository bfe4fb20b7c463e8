package api

import (
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
)

// settingsView is an organization's campaign settings. Money is integer US
// cents: no floating-point rounding on budgets.
type settingsView struct {
	Goals                  []org.Goal `json:"goals"`
	TargetCostPerLeadCents *int64     `json:"targetCostPerLeadCents"`
	MonthlyBudgetCapsCents capsJSON   `json:"monthlyBudgetCapsCents"`
	Automations            autoJSON   `json:"automations"`
	Notes                  string     `json:"notes"`
	AIOptOut               bool       `json:"aiOptOut"`
	AutoApply              autoView   `json:"autoApply"`
	Currency               string     `json:"currency"`
	UpdatedAt              time.Time  `json:"updatedAt"`
	Version                int64      `json:"version"`
}

// capsJSON: a missing platform has no cap.
type capsJSON struct {
	Meta   *int64 `json:"meta,omitempty"`
	Google *int64 `json:"google,omitempty"`
}

type autoJSON struct {
	CampaignOptimization bool `json:"campaignOptimization"`
	ContentGeneration    bool `json:"contentGeneration"`
	AudienceTargeting    bool `json:"audienceTargeting"`
	BudgetManagement     bool `json:"budgetManagement"`
}

// autoView is the owners' auto-apply rules; a rule never set is off with
// the default limit.
type autoView struct {
	Budget autoRuleView `json:"budget"`
}

type autoRuleView struct {
	Enabled             bool       `json:"enabled"`
	MaxChangePercent    int        `json:"maxChangePercent"`
	MaxDailyBudgetCents *int64     `json:"maxDailyBudgetCents"`
	UpdatedBy           *string    `json:"updatedBy"`
	UpdatedAt           *time.Time `json:"updatedAt"`
}

func viewAuto(a org.AutoApply, set bool) autoRuleView {
	v := autoRuleView{Enabled: a.Enabled, MaxChangePercent: a.MaxChangePercent}
	if !set {
		v.MaxChangePercent = org.MaxAutoChangePercent
	}
	if a.MaxDailyBudgetCents > 0 {
		n := a.MaxDailyBudgetCents
		v.MaxDailyBudgetCents = &n
	}
	if a.UpdatedBy != "" {
		by, at := a.UpdatedBy, a.UpdatedAt
		v.UpdatedBy, v.UpdatedAt = &by, &at
	}
	return v
}

func viewSettings(s org.Settings) settingsView {
	v := settingsView{Goals: s.Goals, Notes: s.Notes, AIOptOut: s.AIOptOut, Currency: "USD", UpdatedAt: s.UpdatedAt, Version: s.Version}
	if v.Goals == nil {
		v.Goals = []org.Goal{}
	}
	if s.TargetCostPerLeadCents > 0 {
		n := s.TargetCostPerLeadCents
		v.TargetCostPerLeadCents = &n
	}
	if n, ok := s.MonthlyBudgetCapsCents[connector.Meta]; ok {
		v.MonthlyBudgetCapsCents.Meta = &n
	}
	if n, ok := s.MonthlyBudgetCapsCents[connector.Google]; ok {
		v.MonthlyBudgetCapsCents.Google = &n
	}
	a := s.Automations
	v.Automations = autoJSON{a[org.CampaignOptimization], a[org.ContentGeneration], a[org.AudienceTargeting], a[org.BudgetManagement]}
	b, set := s.AutoApply[org.AutoBudget]
	v.AutoApply = autoView{Budget: viewAuto(b, set)}
	return v
}

// Limits: a cost per lead up to $10,000 and a monthly cap up to $1,000,000
// per platform catch a misplaced digit without limiting real spas.
const (
	maxCostPerLeadCents = 1_000_000
	maxMonthlyCapCents  = 100_000_000
	maxNotes            = 2000
)

// settingsPut is PUT /v1/orgs/{orgId}/campaign-settings: the whole
// settings document (a missing cap means none, a missing automation off).
type settingsPut struct {
	Goals                  []org.Goal `json:"goals"`
	TargetCostPerLeadCents *jsonInt   `json:"targetCostPerLeadCents"`
	MonthlyBudgetCapsCents capsPut    `json:"monthlyBudgetCapsCents"`
	Automations            autoJSON   `json:"automations"`
	Notes                  string     `json:"notes"`
	// AIOptOut, when present, opts the organization out of (or back
	// into) AI processing; only owners may change it.
	AIOptOut *bool `json:"aiOptOut"`
	// AutoApply, when present, replaces the auto-apply rules; only owners
	// may change them. Absent, they stay as they are.
	AutoApply *autoPut `json:"autoApply"`
}

// autoPut names each rule that may apply itself; bid, creative and
// targeting advice is not carried out at the platforms, so it has none.
type autoPut struct {
	Budget *autoRulePut `json:"budget"`
}

type autoRulePut struct {
	Enabled             bool     `json:"enabled"`
	MaxChangePercent    *jsonInt `json:"maxChangePercent"`
	MaxDailyBudgetCents *jsonInt `json:"maxDailyBudgetCents"`
}

// autoApply is the rules the body sets, stamped by and at; a rule left
// out is off.
func (in *autoPut) rules(by string, at time.Time) map[org.AutoRule]org.AutoApply {
	out := map[org.AutoRule]org.AutoApply{}
	if b := in.Budget; b != nil {
		a := org.AutoApply{Enabled: b.Enabled, MaxChangePercent: org.MaxAutoChangePercent, UpdatedBy: by, UpdatedAt: at}
		if b.MaxChangePercent != nil {
			a.MaxChangePercent = int(b.MaxChangePercent.n)
		}
		if b.MaxDailyBudgetCents != nil {
			a.MaxDailyBudgetCents = b.MaxDailyBudgetCents.n
		}
		out[org.AutoBudget] = a
	}
	return out
}

// sameAuto reports whether two rule sets grant the same (who and when
// aside), so a PUT that repeats the rules needs no owner.
func sameAuto(a, b map[org.AutoRule]org.AutoApply) bool {
	for _, r := range org.AutoRules {
		x, y := a[r], b[r]
		if x.Enabled != y.Enabled || (x.Enabled || y.Enabled) && (x.MaxChangePercent != y.MaxChangePercent || x.MaxDailyBudgetCents != y.MaxDailyBudgetCents) {
			return false
		}
	}
	return true
}

// capsPut: a missing (or null) platform has no cap.
type capsPut struct {
	Meta   *jsonInt `json:"meta"`
	Google *jsonInt `json:"google"`
}

func (in *settingsPut) check(c *checker) {
	if len(in.Goals) == 0 {
		c.fail("goals", "must name at least one goal")
	}
	seen := map[org.Goal]bool{}
	for _, g := range in.Goals {
		if (g != org.Leads && g != org.Bookings) || seen[g] {
			c.fail("goals", "must hold each of leads, bookings at most once")
			break
		}
		seen[g] = true
	}
	if p := in.TargetCostPerLeadCents; p != nil {
		c.integer("targetCostPerLeadCents", p, 1, maxCostPerLeadCents)
	}
	if p := in.MonthlyBudgetCapsCents.Meta; p != nil {
		c.integer("monthlyBudgetCapsCents.meta", p, 0, maxMonthlyCapCents)
	}
	if p := in.MonthlyBudgetCapsCents.Google; p != nil {
		c.integer("monthlyBudgetCapsCents.google", p, 0, maxMonthlyCapCents)
	}
	in.Notes = c.text("notes", in.Notes, 0, maxNotes, true)
	if in.AutoApply != nil && in.AutoApply.Budget != nil {
		b := in.AutoApply.Budget
		if b.MaxChangePercent != nil {
			c.integer("autoApply.budget.maxChangePercent", b.MaxChangePercent, 1, org.MaxAutoChangePercent)
		}
		if b.MaxDailyBudgetCents != nil {
			c.integer("autoApply.budget.maxDailyBudgetCents", b.MaxDailyBudgetCents, 100, maxMonthlyCapCents)
		}
	}
}

// settings is the campaign configuration the body sets.
func (in *settingsPut) settings() org.Settings {
	st := org.Settings{Goals: in.Goals, MonthlyBudgetCapsCents: map[connector.Platform]int64{}, Notes: in.Notes}
	if p := in.TargetCostPerLeadCents; p != nil {
		st.TargetCostPerLeadCents = p.n
	}
	if p := in.MonthlyBudgetCapsCents.Meta; p != nil {
		st.MonthlyBudgetCapsCents[connector.Meta] = p.n
	}
	if p := in.MonthlyBudgetCapsCents.Google; p != nil {
		st.MonthlyBudgetCapsCents[connector.Google] = p.n
	}
	a := in.Automations
	st.Automations = map[org.Automation]bool{org.CampaignOptimization: a.CampaignOptimization, org.ContentGeneration: a.ContentGeneration,
		org.AudienceTargeting: a.AudienceTargeting, org.BudgetManagement: a.BudgetManagement}
	return st
}

func (s *Server) getSettings(c *call) (reply, error) {
	if c.snap.Settings == nil {
		return reply{}, errOrgNotFound()
	}
	return reply{status: 200, body: viewSettings(*c.snap.Settings), etag: etag(c.snap.Settings.Version)}, nil
}

func (s *Server) putSettings(c *call) (reply, error) {
	cur := c.snap.Settings
	if cur == nil {
		return reply{}, errOrgNotFound()
	}
	if !c.matches(cur.Version) {
		return reply{}, errPrecondFailed()
	}
	in := c.in.(*settingsPut)
	st := cur.Next(in.settings(), c.who.UserID, c.now)
	if in.AIOptOut != nil && *in.AIOptOut != cur.AIOptOut {
		if !c.snap.Caller.Role.Can(org.SetAIOptOut) {
			return reply{}, errRole(org.MinRole(org.SetAIOptOut))
		}
		st.AIOptOut = *in.AIOptOut
	}
	if in.AutoApply != nil {
		rules := in.AutoApply.rules(c.who.UserID, c.now)
		if !sameAuto(rules, cur.AutoApply) {
			if !c.snap.Caller.Role.Can(org.SetAutoApply) {
				return reply{}, errRole(org.MinRole(org.SetAutoApply))
			}
			st.AutoApply = rules
		}
	}
	if err := s.d.Orgs.PutSettings(c.ctx, c.actor(), st); err != nil {
		return reply{}, err
	}
	return reply{status: 200, body: viewSettings(st), etag: etag(st.Version)}, nil
}
