package api_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestInviteAcceptListRemove(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	nina := newUser("nina")
	inv := must(t, w.do(t, f.admin, "POST", f.path("/members"), map[string]any{"email": " Nina-X@GlowMedSpa.example ", "role": "marketer"}, nil), 201)
	if str(inv, "status") != "invited" || str(inv, "email") != "nina-x@glowmedspa.example" {
		t.Fatalf("invite: %v", inv)
	}
	if r := w.do(t, f.admin, "POST", f.path("/members"), map[string]any{"email": "nina-x@glowmedspa.example", "role": "viewer"}, nil); r.status != 409 || problemType(t, r) != "already-invited" {
		t.Fatalf("second invite: %s", r)
	}
	// A member's own address: the invitation could never be accepted.
	if r := w.do(t, f.admin, "POST", f.path("/members"), map[string]any{"email": strings.ToUpper(f.market.email), "role": "viewer"}, nil); r.status != 409 || problemType(t, r) != "already-member" {
		t.Fatalf("inviting a member: %s", r)
	}
	// Validation names each field.
	r := w.do(t, f.admin, "POST", f.path("/members"), map[string]any{"email": "not-an-email", "role": "superuser"}, nil)
	if r.status != 422 || len(r.json(t)["errors"].([]any)) != 2 {
		t.Fatalf("bad invite: %s", r)
	}

	// Nina sees and accepts her invitation; only a verified address counts.
	must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": nina.email, "role": "viewer"}, nil), 201)
	unverified := *nina
	unverified.verified = false
	if r := w.do(t, &unverified, "GET", "/v1/me/invitations", nil, nil); r.status != 403 || problemType(t, r) != "email-unverified" {
		t.Fatalf("unverified: %s", r)
	}
	invs := must(t, w.do(t, nina, "GET", "/v1/me/invitations", nil, nil), 200)["items"].([]any)
	if len(invs) != 1 || str(invs[0].(map[string]any), "companyName") != f.name {
		t.Fatalf("invitations: %v", invs)
	}
	// Someone else cannot accept it: the invitation is found by their own address.
	if r := w.do(t, newUser("eve"), "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil); r.status != 404 {
		t.Fatalf("accepting another's invitation: %s", r)
	}
	joined := must(t, w.do(t, nina, "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil), 200)
	if str(joined, "role") != "viewer" {
		t.Fatalf("accept: %v", joined)
	}
	if r := w.do(t, nina, "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil); r.status != 409 || problemType(t, r) != "already-member" {
		t.Fatalf("accepting twice: %s", r)
	}
	orgs := must(t, w.do(t, nina, "GET", "/v1/orgs", nil, nil), 200)["items"].([]any)
	if len(orgs) != 1 || str(orgs[0].(map[string]any), "orgId") != f.id {
		t.Fatalf("nina's orgs: %v", orgs)
	}

	// The list pages (owner, admin, marketer, viewer, nina + nina-x's invitation).
	seen := map[string]bool{}
	cursor := ""
	for {
		v := url.Values{"limit": {"2"}}
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		p := must(t, w.do(t, f.viewer, "GET", f.path("/members")+q(v), nil, nil), 200)
		for _, it := range p["items"].([]any) {
			seen[str(it.(map[string]any), "id")] = true
		}
		if cursor, _ = p["next"].(string); cursor == "" {
			break
		}
	}
	if len(seen) != 6 || !seen[nina.id()] || !seen[str(inv, "id")] {
		t.Fatalf("members pages: %v", seen)
	}

	// Remove with a stale If-Match changes nothing; with none it removes.
	if r := w.do(t, f.admin, "DELETE", f.path("/members/"+nina.id()), nil, map[string]string{"If-Match": `"9"`}); r.status != 412 {
		t.Fatalf("stale remove: %s", r)
	}
	must(t, w.do(t, f.admin, "DELETE", f.path("/members/"+nina.id()), nil, nil), 204)
	if r := w.do(t, nina, "GET", f.path(""), nil, nil); r.status != 404 {
		t.Fatalf("a removed member still reads the org: %s", r)
	}
	// Revoking an invitation.
	must(t, w.do(t, f.admin, "DELETE", f.path("/members/"+str(inv, "id")), nil, nil), 204)
	if r := w.do(t, f.admin, "GET", f.path("/members/"+str(inv, "id")), nil, nil); r.status != 404 {
		t.Fatalf("revoked invitation: %s", r)
	}
	if r := w.do(t, f.admin, "GET", f.path("/members/usr_nobody"), nil, nil); r.status != 404 {
		t.Fatalf("unknown member: %s", r)
	}
}

// TestMemberLimit: invitations stop at the limit, and a rename of a full
// organization still reaches every membership (on DynamoDB: in one
// transaction, which the limit keeps under 100 items).
func TestMemberLimit(t *testing.T) { eachWorld(t, testMemberLimit) }

func testMemberLimit(t *testing.T, w *world) {
	f := w.newOrg(t)
	// The fixture has 4 members; fill up to the limit with invitations.
	for i := 4; i < 50; i++ {
		must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": newUser("x").email, "role": "viewer"}, nil), 201)
	}
	if r := w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": newUser("x").email, "role": "viewer"}, nil); r.status != 409 || problemType(t, r) != "member-limit" {
		t.Fatalf("invite past the limit: %s", r)
	}
	// A rename still reaches every membership in one transaction.
	hdr := versionOf(t, w, f, "")
	must(t, w.do(t, f.owner, "PATCH", f.path(""), map[string]any{"companyName": "Renamed Spa"}, hdr), 200)
	for _, u := range []*user{f.owner, f.viewer} {
		items := must(t, w.do(t, u, "GET", "/v1/orgs", nil, nil), 200)["items"].([]any)
		if str(items[0].(map[string]any), "companyName") != "Renamed Spa" {
			t.Fatalf("%s's membership kept the old name: %v", u.name, items)
		}
	}
}

// TestLeave: any member ends their own membership and loses access at
// once; the last owner cannot leave until someone else is owner.
func TestLeave(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	if r := w.do(t, f.viewer, "POST", f.path("/leave"), nil, nil); r.status != 204 {
		t.Fatalf("viewer leaves: %s", r)
	}
	if r := w.do(t, f.viewer, "GET", f.path(""), nil, nil); r.status != 404 {
		t.Fatalf("after leaving: %s", r)
	}
	if items := must(t, w.do(t, f.viewer, "GET", "/v1/orgs", nil, nil), 200)["items"].([]any); len(items) != 0 {
		t.Fatalf("the viewer still lists the org: %v", items)
	}
	if r := w.do(t, f.viewer, "POST", f.path("/leave"), nil, nil); r.status != 404 {
		t.Fatalf("leaving twice: %s", r)
	}
	members := must(t, w.do(t, f.owner, "GET", f.path("/members"), nil, nil), 200)["items"].([]any)
	for _, m := range members {
		if str(m.(map[string]any), "id") == f.viewer.id() {
			t.Fatalf("the viewer is still listed: %v", members)
		}
	}

	// The only owner stays until ownership is handed over.
	if r := w.do(t, f.owner, "POST", f.path("/leave"), nil, nil); r.status != 409 || problemType(t, r) != "last-owner" {
		t.Fatalf("last owner leaves: %s", r)
	}
	admin := w.do(t, f.owner, "GET", f.path("/members/"+f.admin.id()), nil, nil)
	must(t, admin, 200)
	must(t, w.do(t, f.owner, "PATCH", f.path("/members/"+f.admin.id()), map[string]any{"role": "owner"}, map[string]string{"If-Match": admin.header("ETag")}), 200)
	if r := w.do(t, f.owner, "POST", f.path("/leave"), nil, nil); r.status != 204 {
		t.Fatalf("an owner leaves beside another owner: %s", r)
	}
	if left := must(t, w.do(t, f.admin, "GET", f.path("/members"), nil, nil), 200)["items"].([]any); len(left) != 2 {
		t.Fatalf("members after two left: %v", left)
	}
}
