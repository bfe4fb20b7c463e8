package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/org"
)

// interleaved is the org store with a hook that runs between the API's
// authorization and the store's write: what a concurrent request could do
// in that window.
type interleaved struct {
	org.Store
	between func()
}

func (s interleaved) hook() {
	if s.between != nil {
		s.between()
	}
}

func (s interleaved) Invite(ctx context.Context, a org.Actor, m org.Member) error {
	s.hook()
	return s.Store.Invite(ctx, a, m)
}

func (s interleaved) ChangeRole(ctx context.Context, a org.Actor, t org.Member, to org.Role, at time.Time) (org.Member, error) {
	s.hook()
	return s.Store.ChangeRole(ctx, a, t, to, at)
}

func (s interleaved) Remove(ctx context.Context, a org.Actor, t org.Member) error {
	s.hook()
	return s.Store.Remove(ctx, a, t)
}

// withStore is w's API wired to another org store.
func (w *world) withStore(t *testing.T, orgs org.Store) *world {
	t.Helper()
	d := w.deps
	d.Orgs = orgs
	h, err := api.New(d)
	if err != nil {
		t.Fatal(err)
	}
	c := *w
	c.h, c.adapter, c.deps = h, httpadapter.NewV2(h), d
	return &c
}

// TestOwnershipIsRecheckedInTheWrite: an owner who is demoted to admin
// between the API's check and the write must not finish granting, taking
// away or removing ownership, nor invite an owner: the write re-checks the
// role the ownership rules need, not only the route's permission.
func TestOwnershipIsRecheckedInTheWrite(t *testing.T) {
	eachWorld(t, testOwnershipIsRecheckedInTheWrite)
}

func testOwnershipIsRecheckedInTheWrite(t *testing.T, w *world) {
	f := w.newOrg(t)
	// Three owners: the owner, the marketer and the admin.
	for _, u := range []*user{f.market, f.admin} {
		must(t, w.do(t, f.owner, "PATCH", f.path("/members/"+u.id()), map[string]any{"role": "owner"}, versionOf(t, w, f, "/members/"+u.id())), 200)
	}
	// ownerBecomes is the marketer (an owner) giving the owner role.
	ownerBecomes := func(role string) func() {
		return func() {
			hdr := versionOf(t, w, f, "/members/"+f.owner.id())
			must(t, w.do(t, f.market, "PATCH", f.path("/members/"+f.owner.id()), map[string]any{"role": role}, hdr), 200)
		}
	}
	demote := ownerBecomes("admin")
	s := &interleaved{Store: w.orgs}
	racy := w.withStore(t, s)
	// again makes the owner an owner once more, to be demoted in the
	// next write.
	again := func() {
		s.between = nil
		ownerBecomes("owner")()
		s.between = demote
	}

	s.between = demote
	if r := racy.do(t, f.owner, "PATCH", f.path("/members/"+f.viewer.id()), map[string]any{"role": "owner"}, versionOf(t, w, f, "/members/"+f.viewer.id())); r.status != 403 {
		t.Errorf("granting ownership after being demoted: %s", r)
	}
	if got := str(memberOf(t, w, f, f.viewer), "role"); got != "viewer" {
		t.Errorf("the viewer became %s", got)
	}

	again()
	if r := racy.do(t, f.owner, "DELETE", f.path("/members/"+f.admin.id()), nil, nil); r.status != 403 {
		t.Errorf("removing an owner after being demoted: %s", r)
	}
	if got := str(memberOf(t, w, f, f.admin), "role"); got != "owner" {
		t.Errorf("the removed owner is %q", got)
	}

	again()
	if r := racy.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": newUser("new").email, "role": "owner"}, nil); r.status != 403 {
		t.Errorf("inviting an owner after being demoted: %s", r)
	}
}
