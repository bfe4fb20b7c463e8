package orgdb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

func store(t *testing.T) (*orgdb.Store, *dynamo.Table) {
	t.Helper()
	tb := testenv.Table(t, retention.Account)
	s := testenv.Must[*orgdb.Store](t)(orgdb.New(tb))
	return s, tb
}

// newOrg creates an org owned by a fresh user and returns both.
func newOrg(t *testing.T, s *orgdb.Store) (org.Org, org.Member) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	o := org.Org{ID: ids.New("org"), CompanyProfile: org.CompanyProfile{CompanyName: "Glow Med Spa", TimeZone: "America/Chicago"}, Status: org.Active, CreatedAt: now, UpdatedAt: now, Version: 1, MemberCount: 1, OwnerCount: 1}
	owner := org.Member{OrgID: o.ID, ID: ids.UserID(ids.New("sub")), Status: org.Joined, Role: org.Owner, Email: "owner@glow.example", OrgName: o.CompanyName, OrgStatus: org.Active, At: now, UpdatedAt: now, Version: 1}
	o.CreatedBy = owner.ID
	if err := s.Create(context.Background(), o, owner, org.DefaultSettings(o.ID, now, owner.ID)); err != nil {
		t.Fatal(err)
	}
	return o, owner
}

func join(t *testing.T, s *orgdb.Store, o org.Org, by org.Member, role org.Role) org.Member {
	t.Helper()
	ctx := context.Background()
	email := fmt.Sprintf("%s@glow.example", ids.New("m"))
	inv := org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, email), Status: org.Invited, Role: role, Email: email, OrgName: o.CompanyName, OrgStatus: org.Active, InvitedBy: by.ID, At: time.Now(), UpdatedAt: time.Now(), Version: 1}
	if err := s.Invite(ctx, org.ActorFor(by.ID, org.InviteMembers), inv); err != nil {
		t.Fatal(err)
	}
	m, err := s.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), email, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLastOwnerIsKept(t *testing.T) {
	ctx := context.Background()
	s, _ := store(t)
	o, owner := newOrg(t, s)
	if _, err := s.ChangeRole(ctx, org.ActorFor(owner.ID, org.ChangeRoles), owner, org.Admin, time.Now()); !errors.Is(err, org.ErrLastOwner) {
		t.Fatalf("demoting the last owner: %v", err)
	}
	if err := s.Remove(ctx, org.ActorFor(owner.ID, org.RemoveMembers), owner); !errors.Is(err, org.ErrLastOwner) {
		t.Fatalf("removing the last owner: %v", err)
	}
	second := join(t, s, o, owner, org.Owner)
	if _, err := s.ChangeRole(ctx, org.ActorFor(owner.ID, org.ChangeRoles), owner, org.Admin, time.Now()); err != nil {
		t.Fatalf("demoting one of two owners: %v", err)
	}
	snap, err := s.Load(ctx, o.ID, second.ID, org.Want{Org: true})
	if err != nil || snap.Org.OwnerCount != 1 || snap.Org.MemberCount != 2 {
		t.Fatalf("counts after demotion: %+v %v", snap.Org, err)
	}
	// The former owner, now admin, may not take ownership away.
	if _, err := s.ChangeRole(ctx, org.ActorFor(owner.ID, org.ChangeRoles), *snap.Caller, org.Admin, time.Now()); err == nil {
		t.Fatal("a stale version was accepted")
	}
}

func TestGuardStopsAWriteAfterTheRoleChanged(t *testing.T) {
	ctx := context.Background()
	s, _ := store(t)
	o, owner := newOrg(t, s)
	admin := join(t, s, o, owner, org.Admin)
	viewer := join(t, s, o, owner, org.Viewer)
	// The admin was checked, then demoted before writing.
	if _, err := s.ChangeRole(ctx, org.ActorFor(owner.ID, org.ChangeRoles), admin, org.Viewer, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeRole(ctx, org.ActorFor(admin.ID, org.ChangeRoles), viewer, org.Marketer, time.Now()); !errors.Is(err, org.ErrForbidden) {
		t.Fatalf("write by a demoted admin: %v", err)
	}
}

func TestSupportPagesAreOneRequestEach(t *testing.T) {
	ctx := context.Background()
	s, _ := store(t)
	o, owner := newOrg(t, s)
	for range 5 {
		join(t, s, o, owner, org.Viewer) // memberships sorting around the owner's
	}
	for i := 1; i <= 7; i++ {
		m, err := s.AddSupport(ctx, org.ActorFor(owner.ID, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: fmt.Sprint("s", i), Body: "b", AuthorID: owner.ID, Status: "open", CreatedAt: time.Now()})
		if err != nil || m.Seq != int64(i) {
			t.Fatalf("message %d: seq %d, %v", i, m.Seq, err)
		}
	}
	var got []int64
	before := int64(0)
	for page := 0; page < 5; page++ {
		snap, err := s.ListSupport(ctx, o.ID, owner.ID, before, 3)
		if err != nil {
			t.Fatal(err)
		}
		if snap.Caller == nil || snap.Caller.ID != owner.ID {
			t.Fatalf("page %d: caller %+v", page, snap.Caller)
		}
		for _, m := range snap.Messages {
			got = append(got, m.Seq)
		}
		if before = snap.NextSupport; before == 0 {
			break
		}
	}
	if fmt.Sprint(got) != "[7 6 5 4 3 2 1]" {
		t.Fatalf("pages gave %v", got)
	}
	stranger := ids.UserID("nobody")
	snap, err := s.ListSupport(ctx, o.ID, stranger, 0, 3)
	if err != nil || snap.Caller != nil {
		t.Fatalf("a stranger's snapshot has a caller: %+v %v", snap.Caller, err)
	}
}

func TestCancelStampsExpiry(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	o, owner := newOrg(t, s)
	viewer := join(t, s, o, owner, org.Viewer)
	at := time.Now().UTC().Truncate(time.Second)
	if _, err := s.Cancel(ctx, org.ActorFor(viewer.ID, org.CancelOrg), o.ID, at); !errors.Is(err, org.ErrForbidden) {
		t.Fatalf("cancel by a viewer: %v", err)
	}
	c, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at)
	if err != nil || c.Status != org.Cancelled || !c.CancelledAt.Equal(at) {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	want := at.AddDate(3, 0, 0).Unix()
	for _, key := range []dynamo.Item{dynamo.Key("ORG#"+o.ID, "ORG"), dynamo.Key("ORG#"+o.ID, "SETTINGS"), dynamo.Key("ORG#"+o.ID, "MEMBER#"+owner.ID), dynamo.Key("ORG#"+o.ID, "MEMBER#"+viewer.ID)} {
		if got := dynamo.Int(testenv.Stored(t, tb, key), dynamo.ExpiresAt); got != want {
			t.Errorf("%s: expiresAt %d, want %d", dynamo.String(key, dynamo.SK), got, want)
		}
	}
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); !errors.Is(err, org.ErrCancelled) {
		t.Fatalf("second cancel: %v", err)
	}
	ms, _, err := s.ListForUser(ctx, viewer.ID, org.Page{Limit: 10})
	if err != nil || len(ms) != 1 || ms[0].OrgStatus != org.Cancelled {
		t.Fatalf("the viewer's orgs after cancel: %+v %v", ms, err)
	}
}

// TestStampCancelledGivesThePartitionItsExpiry: after a cancel, the rest of
// the organization's partition (here its support messages) gets the same
// expiry from the retention job, once.
func TestStampCancelledGivesThePartitionItsExpiry(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	o, owner := newOrg(t, s)
	for i := range 3 {
		if _, err := s.AddSupport(ctx, org.ActorFor(owner.ID, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: fmt.Sprint("s", i), Body: "b", AuthorID: owner.ID, Status: "open", CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Now().UTC().Truncate(time.Second)
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
		t.Fatal(err)
	}
	n, err := s.StampCancelled(ctx)
	if err != nil || n < 3 {
		t.Fatalf("stamped %d items, %v; want at least the 3 messages", n, err)
	}
	want := at.AddDate(3, 0, 0).Unix()
	items := testenv.Partition(t, tb, "ORG#"+o.ID)
	for _, it := range items {
		if got := dynamo.Int(it, dynamo.ExpiresAt); got != want {
			t.Errorf("%s: expiresAt %d, want %d", dynamo.String(it, dynamo.SK), got, want)
		}
		if dynamo.String(it, dynamo.SK) == "ORG" && dynamo.String(it, "gsi1pk") != "" {
			t.Errorf("the org is still listed as pending: %s", dynamo.String(it, "gsi1pk"))
		}
	}
	if len(items) != 6 { // org, settings, owner, 3 messages
		t.Fatalf("partition holds %d items", len(items))
	}
	if n, err := s.StampCancelled(ctx); err != nil || n != 0 {
		t.Fatalf("second run stamped %d, %v; want 0", n, err)
	}
}
