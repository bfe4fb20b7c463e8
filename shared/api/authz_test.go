package api_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/org"
)

// matrixRequest is how the matrix calls one org-scoped route: with a body
// and preconditions that would succeed for an authorized caller, so only
// authorization can stop it.
type matrixRequest struct {
	path   func(f *orgFixture, w *world) string
	body   any
	ifHdrs func(t *testing.T, f *orgFixture, w *world) map[string]string
}

func memberOf(t *testing.T, w *world, f *orgFixture, u *user) map[string]any {
	t.Helper()
	return must(t, w.do(t, f.owner, "GET", f.path("/members/"+u.id()), nil, nil), 200)
}

func versionOf(t *testing.T, w *world, f *orgFixture, rest string) map[string]string {
	t.Helper()
	r := w.do(t, f.owner, "GET", f.path(rest), nil, nil)
	must(t, r, 200)
	return map[string]string{"If-Match": r.header("ETag")}
}

func fixed(rest string) func(*orgFixture, *world) string {
	return func(f *orgFixture, _ *world) string { return f.path(rest) }
}

// matrix has an entry for every org-scoped route; TestAuthorizationMatrix
// fails when a route has none.
var matrix = map[string]matrixRequest{
	"orgs.get":        {path: fixed("")},
	"orgs.update":     {path: fixed(""), body: map[string]any{"brandVoice": "Hijacked"}, ifHdrs: func(t *testing.T, f *orgFixture, w *world) map[string]string { return versionOf(t, w, f, "") }},
	"orgs.cancel":     {path: fixed("/cancel")},
	"orgs.leave":      {path: fixed("/leave")},
	"orgs.reactivate": {path: fixed("/reactivate")},
	"members.list":    {path: fixed("/members")},
	"members.invite":  {path: fixed("/members"), body: map[string]any{"email": "intruder@evil.example", "role": "viewer"}},
	"members.get":     {path: func(f *orgFixture, _ *world) string { return f.path("/members/" + f.viewer.id()) }},
	"members.update": {path: func(f *orgFixture, _ *world) string { return f.path("/members/" + f.viewer.id()) }, body: map[string]any{"role": "admin"},
		ifHdrs: func(t *testing.T, f *orgFixture, w *world) map[string]string {
			return versionOf(t, w, f, "/members/"+f.viewer.id())
		}},
	"members.remove": {path: func(f *orgFixture, _ *world) string { return f.path("/members/" + f.viewer.id()) }},
	"settings.get":   {path: fixed("/campaign-settings")},
	"settings.replace": {path: fixed("/campaign-settings"), body: validSettings(), ifHdrs: func(t *testing.T, f *orgFixture, w *world) map[string]string {
		return versionOf(t, w, f, "/campaign-settings")
	}},
	"support.list":   {path: fixed("/support-messages")},
	"support.create": {path: fixed("/support-messages"), body: map[string]any{"kind": "feedback", "subject": "intruder", "body": "hello"}},
	"support.get":    {path: fixed("/support-messages/msg_1")},

	"connections.list":      {path: fixed("/connections")},
	"connections.authorize": {path: fixed("/connections/meta/authorize")},
	"connections.update":    {path: func(f *orgFixture, _ *world) string { return f.path("/connections/" + f.conn) }, body: map[string]any{"enabled": false}},
	"connections.delete":    {path: func(f *orgFixture, _ *world) string { return f.path("/connections/" + f.conn) }},
	"billing.get":           {path: fixed("/billing")},
	"metrics.get":           {path: fixed("/metrics")},
	"metrics.overview":      {path: fixed("/metrics/overview")},
	"insights.get":          {path: fixed("/insights")},
	"reports.weekly":        {path: fixed("/reports/weekly")},
	"billing.checkout":      {path: fixed("/billing/checkout"), body: map[string]any{"plan": "growth"}},
	"billing.portal":        {path: fixed("/billing/portal")},

	"recommendations.list":    {path: fixed("/recommendations")},
	"recommendations.get":     {path: func(f *orgFixture, _ *world) string { return f.path("/recommendations/" + f.rec) }},
	"recommendations.approve": {path: func(f *orgFixture, _ *world) string { return f.path("/recommendations/" + f.rec + "/approve") }},
	"recommendations.reject":  {path: func(f *orgFixture, _ *world) string { return f.path("/recommendations/" + f.rec + "/reject") }},
	"recommendations.revert":  {path: func(f *orgFixture, _ *world) string { return f.path("/budget-changes/" + f.change + "/revert") }},
	"assets.create":           {path: fixed("/assets"), body: map[string]any{"name": "intruder", "contentType": "image/png", "bytes": 100}},
	"assets.complete":         {path: func(f *orgFixture, _ *world) string { return f.path("/assets/" + f.asset + "/complete") }},
	"assets.list":             {path: fixed("/assets")},
	"assets.get":              {path: func(f *orgFixture, _ *world) string { return f.path("/assets/" + f.asset) }},
	"assets.delete":           {path: func(f *orgFixture, _ *world) string { return f.path("/assets/" + f.asset) }},
	"drafts.create":           {path: fixed("/campaign-drafts"), body: validDraft("con_x", "as_aaaaaaaaaaaaaaaaaaaaaaaaaa")},
	"drafts.list":             {path: fixed("/campaign-drafts")},
	"drafts.get":              {path: func(f *orgFixture, _ *world) string { return f.path("/campaign-drafts/" + f.draft) }},
	"drafts.approve":          {path: func(f *orgFixture, _ *world) string { return f.path("/campaign-drafts/" + f.draft + "/approve") }},
	"drafts.delivery":         {path: func(f *orgFixture, _ *world) string { return f.path("/campaign-drafts/" + f.draft + "/delivery") }, body: map[string]any{"delivery": "active"}},
}

func validSettings() map[string]any {
	return map[string]any{"goals": []string{"leads", "bookings"}, "targetCostPerLeadCents": 4500,
		"monthlyBudgetCapsCents": map[string]any{"meta": 300000, "google": 200000},
		"automations":            map[string]any{"campaignOptimization": true, "contentGeneration": true},
		"notes":                  "Focus on new-client offers in spring."}
}

// snapshot is what the owner sees of the org; the matrix must not change it.
func snapshotOf(t *testing.T, w *world, f *orgFixture) string {
	t.Helper()
	var b bytes.Buffer
	for _, rest := range []string{"", "/members", "/campaign-settings", "/support-messages"} {
		b.Write(must0(t, w.do(t, f.owner, "GET", f.path(rest), nil, nil)))
	}
	return b.String()
}

func must0(t *testing.T, r resp) []byte {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("%s", r)
	}
	return r.body
}

// TestAuthorizationMatrix calls every org-scoped route as a member of
// another organization, a signed-in user with no membership, a privacy-team
// member without membership, a pending invitee, and each role weaker than
// the route needs. Each gets 404 (not a member) or 403 (too weak), a
// problem document with none of the organization's data, and changes
// nothing.
func TestAuthorizationMatrix(t *testing.T) {
	w := newWorld(t)
	a, b := w.newOrg(t), w.newOrg(t)
	stranger := newUser("stranger")
	privacy := newUser("privacy")
	privacy.groups = "[privacy-team]"
	invitee := newUser("invitee")
	must(t, w.do(t, a.owner, "POST", a.path("/members"), map[string]any{"email": invitee.email, "role": "owner"}, nil), 201)
	before := snapshotOf(t, w, a)

	covered := 0
	for _, rt := range w.h.Routes() {
		if rt.Scope != "org" {
			continue
		}
		covered++
		req, ok := matrix[rt.Name]
		if !ok {
			t.Errorf("route %s %s (%s) has no authorization matrix entry", rt.Method, rt.Path, rt.Name)
			continue
		}
		type actor struct {
			name   string
			u      *user
			status int
		}
		actors := []actor{{"other org's owner", b.owner, 404}, {"no membership", stranger, 404}, {"privacy team, no membership", privacy, 404}, {"pending invitee", invitee, 404}}
		for _, role := range []org.Role{org.Admin, org.Marketer, org.Viewer} {
			if !role.AtLeast(rt.MinRole) {
				actors = append(actors, actor{"weaker role " + string(role), a.byRole(string(role)), 403})
			}
		}
		for _, ac := range actors {
			t.Run(rt.Name+"/"+ac.name, func(t *testing.T) {
				var hdr map[string]string
				if req.ifHdrs != nil {
					hdr = req.ifHdrs(t, a, w)
				}
				r := w.do(t, ac.u, rt.Method, req.path(a, w), req.body, hdr)
				if r.status != ac.status {
					t.Fatalf("got %s, want %d", r, ac.status)
				}
				typ := problemType(t, r)
				if (ac.status == 404 && typ != "not-found") || (ac.status == 403 && typ != "forbidden") {
					t.Errorf("problem type %q", typ)
				}
				for _, m := range a.markers() {
					if strings.Contains(string(r.body), m) {
						t.Errorf("the response leaks %q: %s", m, r.body)
					}
				}
				if r.header("ETag") != "" || r.header("Location") != "" {
					t.Errorf("the response carries resource headers: %v", r.headers)
				}
			})
		}
	}
	if covered < len(matrix) {
		t.Errorf("the matrix has %d entries for %d org-scoped routes", len(matrix), covered)
	}
	if after := snapshotOf(t, w, a); after != before {
		t.Fatalf("the organization changed under refused requests:\nbefore %s\nafter  %s", before, after)
	}
	// The intruder's invitation was never recorded.
	if strings.Contains(before, "intruder") {
		t.Fatal("an intruder invitation exists")
	}
}

// TestEveryRouteNeedsIdentity: without the authorizer's claims every route
// but the public ones answers 401 problem+json.
func TestEveryRouteNeedsIdentity(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	for _, rt := range w.h.Routes() {
		path := strings.NewReplacer("{orgId}", f.id, "{memberId}", f.viewer.id(), "{messageId}", "msg_1", "{requestId}", f.content, "{connectionId}", f.conn, "{provider}", "meta", "{recommendationId}", f.rec, "{changeId}", f.change, "{assetId}", f.asset, "{draftId}", f.draft, "{privacyRequestId}", f.privacy, "{holdId}", f.hold, "{policyVersion}", "2026-11", "/v1/unsubscribe", "/v1/unsubscribe?token="+url.QueryEscape(f.unsub)).Replace(rt.Path)
		r := w.do(t, nil, rt.Method, path, nil, nil)
		switch rt.Scope {
		case "public":
			// The public confirmation takes a body: sent none, it is a
			// client error, never a 401 (it needs no identity).
			if r.status != 200 && !(rt.Method == "POST" && r.status == 415) {
				t.Errorf("%s %s: %s", rt.Method, path, r)
			}
		default:
			if r.status != 401 || problemType(t, r) != "unauthorized" {
				t.Errorf("%s %s without identity: %s", rt.Method, path, r)
			}
		}
	}
}

// TestRoleRules: the rules that depend on the target, not just the route.
func TestRoleRules(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	admin := f.admin
	cases := []struct {
		who    *user
		target *user
		role   string
		status int
	}{
		{admin, f.viewer, "owner", 403},   // only owners grant ownership
		{admin, f.owner, "admin", 403},    // only owners take it away
		{admin, f.viewer, "admin", 200},   // admins manage non-owner roles
		{f.owner, f.owner, "admin", 409},  // the last owner is not demoted
		{f.owner, f.market, "owner", 200}, // owners make owners
	}
	for _, c := range cases {
		hdr := versionOf(t, w, f, "/members/"+c.target.id())
		r := w.do(t, c.who, "PATCH", f.path("/members/"+c.target.id()), map[string]any{"role": c.role}, hdr)
		if r.status != c.status {
			t.Errorf("%s sets %s to %s: %s", c.who.name, c.target.name, c.role, r)
		}
	}
	// Two owners now: one may step down, then the other is the last.
	must(t, w.do(t, f.owner, "PATCH", f.path("/members/"+f.owner.id()), map[string]any{"role": "admin"}, versionOf(t, w, f, "/members/"+f.owner.id())), 200)
	if r := w.do(t, f.market, "DELETE", f.path("/members/"+f.market.id()), nil, nil); r.status != 409 || problemType(t, r) != "last-owner" {
		t.Fatalf("removing the last owner: %s", r)
	}
	if r := w.do(t, admin, "DELETE", f.path("/members/"+f.market.id()), nil, nil); r.status != 403 {
		t.Fatalf("an admin removing an owner: %s", r)
	}
	_ = api.PrivacyTeam
}
