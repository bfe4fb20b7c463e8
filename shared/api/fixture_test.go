package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention/holds"

	"github.com/medspa-ai/backend/shared/connector"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
)

// orgFixture is an organization with one member of each role and one
// support message. Marker strings let tests check that nothing of it leaks.
type orgFixture struct {
	id      string
	conn    string // a Meta connection of the organization
	name    string
	subject string
	owner   *user
	admin   *user
	market  *user
	viewer  *user
	// content is a queued content request of the organization.
	content string
	// rec is a proposed budget recommendation of this week; change an
	// applied one.
	rec, change string
	// asset is a verified image upload; draft a published Meta draft using it.
	asset, draft string
	// team is a privacy-team member; privacy a privacy request under review.
	team    *user
	privacy string
	// hold is a legal hold in force on the organization.
	hold string
	// unsub is an unsubscribe token: the default reports subscription of a
	// user of its own, who never chose.
	unsub string
}

// callerFor is who calls a route in the tests that call every route: the
// privacy team for its routes, else def.
func (f *orgFixture) callerFor(path string, def *user) *user {
	if strings.HasPrefix(path, "/v1/privacy") {
		return f.team
	}
	return def
}

func (f *orgFixture) path(rest string) string { return "/v1/orgs/" + f.id + rest }

func (f *orgFixture) byRole(role string) *user {
	return map[string]*user{"owner": f.owner, "admin": f.admin, "marketer": f.market, "viewer": f.viewer}[role]
}

// markers are strings only this org's data holds.
func (f *orgFixture) markers() []string {
	return []string{f.name, f.subject, f.owner.email, f.admin.email, f.market.email, f.viewer.email}
}

func validOrg(name string) map[string]any {
	return map[string]any{
		"companyName": name, "website": "https://glowmedspa.example", "timeZone": "America/Chicago",
		"locations":  []map[string]string{{"city": "Austin", "state": "TX"}},
		"services":   []string{"HydraFacial", "Microneedling"},
		"brandVoice": "Warm, friendly and science-backed.",
	}
}

func (w *world) newOrg(t testing.TB) *orgFixture {
	t.Helper()
	tag := strings.TrimPrefix(ids.New("x"), "x_")[:8]
	f := &orgFixture{name: "Marker Spa " + tag, subject: "Marker subject " + tag,
		owner: newUser("owner"), admin: newUser("admin"), market: newUser("marketer"), viewer: newUser("viewer")}
	o := must(t, w.do(t, f.owner, "POST", "/v1/orgs", validOrg(f.name), nil), 201)
	f.id = str(o, "id")
	for _, role := range []string{"admin", "marketer", "viewer"} {
		u := f.byRole(role)
		must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": u.email, "role": role}, nil), 201)
		must(t, w.do(t, u, "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil), 200)
	}
	must(t, w.do(t, f.owner, "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": f.subject, "body": "Our Meta account does not connect."}, nil), 201)
	cr := must(t, w.do(t, f.owner, "POST", f.path("/content-requests"), map[string]any{"kind": "copy", "placement": "meta_feed", "service": "HydraFacial", "callToAction": "Book now"}, nil), 202)
	f.content = str(cr, "id")
	var cs []connector.Connection
	for i, acct := range []string{"1" + tag, "2" + tag} {
		c := connector.Connection{OrgID: f.id, ID: ids.ConnectionID(f.id, "meta", acct), Platform: connector.Meta, AccountID: acct,
			AccountName: "Ads " + tag + " " + strings.Repeat("I", i+1), Currency: "USD", TimeZone: "America/Chicago", Status: connector.Active,
			ConnectedBy: f.owner.id(), ConnectedAt: time.Now().UTC().Truncate(time.Second), UpdatedAt: time.Now().UTC().Truncate(time.Second)}
		sealed, err := w.deps.Connector.Vault.Seal(context.Background(), c.OrgID, c.ID, connector.Tokens{Access: "fixture-token-" + tag})
		if err != nil {
			t.Fatal(err)
		}
		c.Sealed = sealed
		cs = append(cs, c)
	}
	if err := w.deps.Connector.Store.Save(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	f.conn = cs[0].ID
	// The optimiser proposed a budget change this week.
	now := time.Now().UTC()
	week := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	recs := budget.FromPlan(budget.Plan{OrgID: f.id, WeekStart: week.Format("2006-01-02"), Changes: []budget.BudgetChange{
		{Platform: budget.Meta, CampaignID: "1" + tag, Current: budget.FromDollars(40), Recommended: budget.FromDollars(48), Reason: "Raise the daily budget."},
		{Platform: budget.Meta, CampaignID: "2" + tag, Current: budget.FromDollars(30), Recommended: budget.FromDollars(24), Reason: "Lower the daily budget."},
	}}, now.Truncate(time.Second))
	for _, r := range recs {
		if err := w.deps.Recommendations.Create(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	applied := recs[1]
	for _, to := range []budget.Status{budget.Approved, budget.Applied} {
		next, err := applied.Move(to, f.market.id(), now, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.deps.Recommendations.Update(context.Background(), next); err != nil {
			t.Fatal(err)
		}
		applied = next
	}
	f.rec, f.change = recs[0].ID, recs[1].ID
	f.asset, f.draft = w.newCampaign(t, f)
	// The organization checked out once: it has a Stripe customer.
	if _, err := w.deps.Billing.Store.PutCustomer(context.Background(), billing.Customer{OrgID: f.id, CustomerID: "cus_" + tag,
		Brand: "visa", Last4: "4242", EventAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f.team = newUser("privacy")
	f.team.groups = "[" + api.PrivacyTeam + "]"
	if w.privacy != nil {
		f.privacy = w.privacy.seed(t, privacy.PendingReview)
	}
	h, err := w.deps.Holds.Place(context.Background(), f.team.id(), holds.Scope{Kind: holds.Org, ID: f.id}, "Pending litigation", "MATTER-"+tag)
	if err != nil {
		t.Fatal(err)
	}
	f.hold = h.ID
	f.unsub = unsubscribeToken(marketing.Claim{UserID: ids.UserID(ids.New("sub")), Topic: profile.Reports})
	return f
}
