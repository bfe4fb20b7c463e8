// Package contract is the behaviour every implementation of the domain's
// stores shares: the DynamoDB adapters' tests run it on the emulators, the
// fakes' tests in memory, so a fake cannot drift from what it stands for.
package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
)

var ctx = context.Background()

// now is a timestamp as stores keep it: UTC, no monotonic reading.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// same compares two values as printed: equal instants in UTC print alike,
// and a nil slice prints as an empty one, as either store may return.
func same(a, b any) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

func is(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

func ok(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// newOrg creates an organization owned by a fresh user.
func newOrg(t *testing.T, s org.Store) (org.Org, org.Member, org.Settings) {
	t.Helper()
	at := now()
	o := org.Org{ID: ids.New("org"), CompanyProfile: org.CompanyProfile{CompanyName: "Glow Med Spa " + ids.New("n"), Website: "https://glow.example", TimeZone: "America/Chicago",
		Locations: []org.Location{{City: "Austin", State: "TX"}}, Services: []string{"HydraFacial"}, BrandVoice: "Warm."},
		Status: org.Active, CreatedAt: at, UpdatedAt: at, Version: 1, MemberCount: 1, OwnerCount: 1}
	owner := org.Member{OrgID: o.ID, ID: ids.UserID(ids.New("sub")), Status: org.Joined, Role: org.Owner, Email: ids.New("owner") + "@glow.example",
		OrgName: o.CompanyName, OrgStatus: org.Active, At: at, UpdatedAt: at, Version: 1}
	o.CreatedBy = owner.ID
	st := org.DefaultSettings(o.ID, at, owner.ID)
	ok(t, "create", s.Create(ctx, o, owner, st))
	return o, owner, st
}

func invitation(o org.Org, by org.Member, role org.Role) org.Member {
	email := ids.New("m") + "@glow.example"
	return org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, email), Status: org.Invited, Role: role, Email: email, OrgName: o.CompanyName,
		OrgStatus: org.Active, InvitedBy: by.ID, At: now(), UpdatedAt: now(), Version: 1}
}

// join invites a fresh user with role and accepts for them.
func join(t *testing.T, s org.Store, o org.Org, by org.Member, role org.Role) org.Member {
	t.Helper()
	inv := invitation(o, by, role)
	ok(t, "invite", s.Invite(ctx, org.ActorFor(by.ID, org.InviteMembers), inv))
	m, err := s.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), inv.Email, now())
	ok(t, "accept", err)
	return m
}

func load(t *testing.T, s org.Store, orgID, userID string, w org.Want) org.Snapshot {
	t.Helper()
	snap, err := s.Load(ctx, orgID, userID, w)
	ok(t, "load", err)
	return snap
}

// Orgs runs the org.Store contract on stores made by newStore (one per
// subtest; stores may share their data between calls, so every check
// makes its own organizations and users).
func Orgs(t *testing.T, newStore func(t *testing.T) org.Store) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, org.Store)
	}{
		{"CreateAndLoad", orgCreateAndLoad},
		{"UpdateAtVersion", orgUpdate},
		{"RolesAndTheLastOwner", orgRoles},
		{"InviteAndAccept", orgInvite},
		{"MemberLimit", orgMemberLimit},
		{"Remove", orgRemove},
		{"SettingsVersion", orgSettings},
		{"SupportPages", orgSupport},
		{"Cancel", orgCancel},
		{"Reactivate", orgReactivate},
		{"ListForUserPages", orgListForUser},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, newStore(t)) })
	}
}

func orgCreateAndLoad(t *testing.T, s org.Store) {
	o, owner, st := newOrg(t, s)
	snap := load(t, s, o.ID, owner.ID, org.Want{Org: true, Settings: true, Target: owner.ID})
	if !same(snap.Caller, &owner) || !same(snap.Org, &o) || !same(snap.Settings, &st) || !same(snap.Target, &owner) {
		t.Fatalf("loaded %+v %+v %+v %+v", snap.Caller, snap.Org, snap.Settings, snap.Target)
	}
	if snap.Support != nil || snap.Members != nil || snap.Messages != nil {
		t.Fatalf("loaded what was not asked: %+v", snap)
	}
	stranger := load(t, s, o.ID, ids.UserID(ids.New("sub")), org.Want{Org: true, Target: owner.ID})
	if stranger.Caller != nil || !same(stranger.Org, &o) || !same(stranger.Target, &owner) {
		t.Fatalf("a stranger's load: %+v", stranger)
	}
	if none := load(t, s, ids.New("org"), owner.ID, org.Want{Org: true, Settings: true}); none.Caller != nil || none.Org != nil || none.Settings != nil {
		t.Fatalf("an unknown org's load: %+v", none)
	}
	is(t, "create again", s.Create(ctx, o, owner, st), org.ErrConflict)
	ms, _, err := s.ListForUser(ctx, owner.ID, org.Page{Limit: 10})
	ok(t, "list for user", err)
	if len(ms) != 1 || !same(ms[0], owner) {
		t.Fatalf("the owner's orgs: %+v", ms)
	}
}

func orgUpdate(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	viewer := join(t, s, o, owner, org.Viewer)
	next := *load(t, s, o.ID, owner.ID, org.Want{Org: true}).Org
	next.BrandVoice, next.Version, next.UpdatedAt = "Bold.", 2, now()
	ok(t, "update", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), next, false))
	is(t, "update at a stale version", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), next, false), org.ErrStale)
	renamed := next
	renamed.CompanyName, renamed.Version = "Renamed "+o.ID, 3
	is(t, "update by a viewer", s.Update(ctx, org.ActorFor(viewer.ID, org.UpdateOrg), renamed, true), org.ErrForbidden)
	ok(t, "rename", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), renamed, true))
	got := load(t, s, o.ID, viewer.ID, org.Want{Org: true})
	if !same(got.Org, &renamed) || got.Caller.OrgName != renamed.CompanyName {
		t.Fatalf("after the rename: %+v %+v", got.Org, got.Caller)
	}
	ms, _, err := s.ListForUser(ctx, owner.ID, org.Page{Limit: 10})
	if err != nil || len(ms) != 1 || ms[0].OrgName != renamed.CompanyName {
		t.Fatalf("the owner's membership kept the old name: %+v %v", ms, err)
	}
	unknown := renamed
	unknown.ID = ids.New("org")
	is(t, "update of an unknown org", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), unknown, false), org.ErrNotFound)
}

func orgRoles(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	a := org.ActorFor(owner.ID, org.ChangeRoles)
	_, err := s.ChangeRole(ctx, a, owner, org.Admin, now())
	is(t, "demoting the last owner", err, org.ErrLastOwner)
	is(t, "removing the last owner", s.Remove(ctx, org.ActorFor(owner.ID, org.RemoveMembers), owner), org.ErrLastOwner)
	second := join(t, s, o, owner, org.Owner)
	at := now()
	demoted, err := s.ChangeRole(ctx, a, owner, org.Admin, at)
	ok(t, "demoting one of two owners", err)
	if demoted.Role != org.Admin || demoted.Version != 2 || !demoted.UpdatedAt.Equal(at) {
		t.Fatalf("demoted: %+v", demoted)
	}
	snap := load(t, s, o.ID, second.ID, org.Want{Org: true, Target: owner.ID})
	if snap.Org.OwnerCount != 1 || snap.Org.MemberCount != 2 || !same(snap.Target, &demoted) {
		t.Fatalf("after the demotion: %+v %+v", snap.Org, snap.Target)
	}
	_, err = s.ChangeRole(ctx, org.ActorFor(second.ID, org.ChangeRoles), owner, org.Viewer, now())
	is(t, "a change at a stale version", err, org.ErrStale)
	viewer := join(t, s, o, second, org.Viewer)
	// The demoted owner, now admin, may no longer act as an owner.
	_, err = s.ChangeRole(ctx, org.Actor{UserID: owner.ID, Roles: []org.Role{org.Owner}}, viewer, org.Owner, now())
	is(t, "an owner's write after the demotion", err, org.ErrForbidden)
	admin := join(t, s, o, second, org.Admin)
	_, err = s.ChangeRole(ctx, org.ActorFor(second.ID, org.ChangeRoles), admin, org.Viewer, now())
	ok(t, "demoting the admin", err)
	_, err = s.ChangeRole(ctx, org.ActorFor(admin.ID, org.ChangeRoles), viewer, org.Marketer, now())
	is(t, "a write by a demoted admin", err, org.ErrForbidden)
	_, err = s.ChangeRole(ctx, org.ActorFor(second.ID, org.ChangeRoles), org.Member{OrgID: o.ID, ID: ids.UserID("nobody"), Status: org.Joined, Role: org.Viewer, Version: 1}, org.Admin, now())
	is(t, "a change of nobody", err, org.ErrNotFound)
	promoted, err := s.ChangeRole(ctx, org.ActorFor(second.ID, org.ChangeRoles), viewer, org.Owner, now())
	ok(t, "promoting the viewer", err)
	if got := load(t, s, o.ID, second.ID, org.Want{Org: true}); got.Org.OwnerCount != 2 || promoted.Role != org.Owner {
		t.Fatalf("after the promotion: %+v", got.Org)
	}
}

func orgInvite(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	a := org.ActorFor(owner.ID, org.InviteMembers)
	inv := invitation(o, owner, org.Marketer)
	ok(t, "invite", s.Invite(ctx, a, inv))
	is(t, "invite again", s.Invite(ctx, a, inv), org.ErrInvited)
	member := invitation(o, owner, org.Viewer)
	member.Email = strings.ToUpper(owner.Email)
	member.ID = ids.InviteID(o.ID, member.Email)
	is(t, "inviting a member's address", s.Invite(ctx, a, member), org.ErrAlreadyMember)
	viewer := join(t, s, o, owner, org.Viewer)
	is(t, "an invitation by a viewer", s.Invite(ctx, org.ActorFor(viewer.ID, org.InviteMembers), invitation(o, viewer, org.Viewer)), org.ErrForbidden)
	stale := invitation(o, owner, org.Viewer)
	stale.OrgName = "An old name"
	is(t, "an invitation with another name than the org's", s.Invite(ctx, a, stale), org.ErrConflict)

	invs, _, err := s.ListInvitations(ctx, " "+strings.ToUpper(inv.Email), org.Page{Limit: 10})
	if err != nil || len(invs) != 1 || !same(invs[0], inv) {
		t.Fatalf("invitations to %s: %+v %v", inv.Email, invs, err)
	}
	snap, err := s.ListMembers(ctx, o.ID, viewer.ID)
	ok(t, "list members", err)
	var got []string
	for _, m := range snap.Members {
		got = append(got, m.ID)
	}
	want := []string{inv.ID, owner.ID, viewer.ID}
	if owner.ID > viewer.ID {
		want = []string{inv.ID, viewer.ID, owner.ID}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || !same(snap.Caller, &viewer) {
		t.Fatalf("members %v, want %v; caller %+v", got, want, snap.Caller)
	}
	if got := load(t, s, o.ID, owner.ID, org.Want{Org: true}); got.Org.MemberCount != 3 || got.Org.OwnerCount != 1 {
		t.Fatalf("counts: %+v", got.Org)
	}

	uid := ids.UserID(ids.New("sub"))
	_, err = s.Accept(ctx, o.ID, uid, "someone-else@glow.example", now())
	is(t, "accepting without an invitation", err, org.ErrNotFound)
	_, err = s.Accept(ctx, o.ID, viewer.ID, inv.Email, now())
	is(t, "accepting as a member", err, org.ErrAlreadyMember)
	at := now()
	m, err := s.Accept(ctx, o.ID, uid, strings.ToUpper(inv.Email), at)
	ok(t, "accept", err)
	wantM := inv
	wantM.ID, wantM.Status, wantM.At, wantM.UpdatedAt, wantM.Version = uid, org.Joined, at, at, 1
	if !same(m, wantM) {
		t.Fatalf("accepted %+v, want %+v", m, wantM)
	}
	_, err = s.Accept(ctx, o.ID, uid, inv.Email, now())
	is(t, "accepting twice", err, org.ErrAlreadyMember)
	_, err = s.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), inv.Email, now())
	is(t, "accepting an accepted invitation as someone else", err, org.ErrNotFound)
	if snap := load(t, s, o.ID, uid, org.Want{Org: true}); !same(snap.Caller, &m) || snap.Org.MemberCount != 3 {
		t.Fatalf("after accepting: %+v %+v", snap.Caller, snap.Org)
	}
	if invs, _, _ := s.ListInvitations(ctx, inv.Email, org.Page{Limit: 10}); len(invs) != 0 {
		t.Fatalf("an accepted invitation is listed: %+v", invs)
	}
	owner2 := invitation(o, owner, org.Owner)
	ok(t, "invite an owner", s.Invite(ctx, a, owner2))
	_, err = s.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), owner2.Email, now())
	ok(t, "accept ownership", err)
	if got := load(t, s, o.ID, owner.ID, org.Want{Org: true}); got.Org.OwnerCount != 2 || got.Org.MemberCount != 4 {
		t.Fatalf("counts after an owner joined: %+v", got.Org)
	}
}

func orgMemberLimit(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	a := org.ActorFor(owner.ID, org.InviteMembers)
	for i := 1; i < org.MaxMembers; i++ {
		ok(t, fmt.Sprint("invitation ", i), s.Invite(ctx, a, invitation(o, owner, org.Viewer)))
	}
	is(t, "one past the limit", s.Invite(ctx, a, invitation(o, owner, org.Viewer)), org.ErrMemberLimit)
	snap, err := s.ListMembers(ctx, o.ID, owner.ID)
	if err != nil || len(snap.Members) != org.MaxMembers {
		t.Fatalf("%d members, %v", len(snap.Members), err)
	}
	// A rename reaches every membership and invitation.
	next := o
	next.CompanyName, next.Version = "Full "+o.ID, 2
	ok(t, "rename a full org", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), next, true))
	snap, _ = s.ListMembers(ctx, o.ID, owner.ID)
	for _, m := range snap.Members {
		if m.OrgName != next.CompanyName {
			t.Fatalf("%s kept the old name", m.ID)
		}
	}
	// Revoking one makes room for one.
	ok(t, "revoke", s.Remove(ctx, org.ActorFor(owner.ID, org.RemoveMembers), snap.Members[0]))
	inv := invitation(next, owner, org.Viewer)
	ok(t, "invite after a revocation", s.Invite(ctx, a, inv))
}

func orgRemove(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	a := org.ActorFor(owner.ID, org.RemoveMembers)
	viewer := join(t, s, o, owner, org.Viewer)
	inv := invitation(o, owner, org.Admin)
	ok(t, "invite", s.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), inv))
	stale := viewer
	stale.Version = 9
	is(t, "removal at a stale version", s.Remove(ctx, a, stale), org.ErrStale)
	is(t, "removal by a viewer", s.Remove(ctx, org.ActorFor(viewer.ID, org.RemoveMembers), inv), org.ErrForbidden)
	ok(t, "revoke", s.Remove(ctx, a, inv))
	is(t, "revoke again", s.Remove(ctx, a, inv), org.ErrNotFound)
	ok(t, "leave", s.Remove(ctx, org.ActorFor(viewer.ID, org.LeaveOrg), viewer))
	is(t, "leave again", s.Remove(ctx, org.ActorFor(viewer.ID, org.LeaveOrg), viewer), org.ErrForbidden)
	if snap := load(t, s, o.ID, viewer.ID, org.Want{Org: true}); snap.Caller != nil || snap.Org.MemberCount != 1 || snap.Org.OwnerCount != 1 {
		t.Fatalf("after the removals: %+v %+v", snap.Caller, snap.Org)
	}
	if ms, _, _ := s.ListForUser(ctx, viewer.ID, org.Page{Limit: 10}); len(ms) != 0 {
		t.Fatalf("a former member still lists the org: %+v", ms)
	}
}

func orgSettings(t *testing.T, s org.Store) {
	o, owner, st := newOrg(t, s)
	marketer := join(t, s, o, owner, org.Marketer)
	viewer := join(t, s, o, owner, org.Viewer)
	next := st
	next.Goals, next.TargetCostPerLeadCents, next.Notes = []org.Goal{org.Leads, org.Bookings}, 4500, "Spring offers."
	next.MonthlyBudgetCapsCents = map[connector.Platform]int64{connector.Meta: 300000}
	next.Automations = map[org.Automation]bool{org.CampaignOptimization: true, org.ContentGeneration: false, org.AudienceTargeting: false, org.BudgetManagement: false}
	next.AutoApply = map[org.AutoRule]org.AutoApply{org.AutoBudget: {Enabled: true, MaxChangePercent: 15, MaxDailyBudgetCents: 20000, UpdatedBy: owner.ID, UpdatedAt: now()}}
	next.UpdatedAt, next.UpdatedBy, next.Version = now(), marketer.ID, 2
	is(t, "settings by a viewer", s.PutSettings(ctx, org.ActorFor(viewer.ID, org.UpdateSettings), next), org.ErrForbidden)
	ok(t, "settings by a marketer", s.PutSettings(ctx, org.ActorFor(marketer.ID, org.UpdateSettings), next))
	is(t, "settings at a stale version", s.PutSettings(ctx, org.ActorFor(marketer.ID, org.UpdateSettings), next), org.ErrStale)
	if got := load(t, s, o.ID, viewer.ID, org.Want{Settings: true}); !same(got.Settings, &next) {
		t.Fatalf("settings %+v, want %+v", got.Settings, next)
	}
	unknown := next
	unknown.OrgID = ids.New("org")
	is(t, "settings of an unknown org", s.PutSettings(ctx, org.ActorFor(marketer.ID, org.UpdateSettings), unknown), org.ErrNotFound)
}

func orgSupport(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	viewer := join(t, s, o, owner, org.Viewer)
	for range 3 {
		join(t, s, o, owner, org.Viewer) // memberships sorting around the owner's
	}
	var sent []org.SupportMessage
	for i := 1; i <= 7; i++ {
		m, err := s.AddSupport(ctx, org.ActorFor(viewer.ID, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: fmt.Sprint("s", i), Body: "b", AuthorID: viewer.ID, Status: "open", CreatedAt: now()})
		if err != nil || m.Seq != int64(i) {
			t.Fatalf("message %d: seq %d, %v", i, m.Seq, err)
		}
		sent = append(sent, m)
	}
	_, err := s.AddSupport(ctx, org.ActorFor(ids.UserID("nobody"), org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: "x", Body: "x", Status: "open", CreatedAt: now()})
	is(t, "a message from a stranger", err, org.ErrForbidden)
	var got, nexts []int64
	before := int64(0)
	for page := 0; page < 5; page++ {
		snap, err := s.ListSupport(ctx, o.ID, owner.ID, before, 3)
		ok(t, "list support", err)
		if !same(snap.Caller, &owner) {
			t.Fatalf("page %d: caller %+v", page, snap.Caller)
		}
		for _, m := range snap.Messages {
			if !same(m, sent[m.Seq-1]) {
				t.Fatalf("message %d: %+v, want %+v", m.Seq, m, sent[m.Seq-1])
			}
			got = append(got, m.Seq)
		}
		nexts = append(nexts, snap.NextSupport)
		if before = snap.NextSupport; before == 0 {
			break
		}
	}
	if fmt.Sprint(got) != "[7 6 5 4 3 2 1]" || fmt.Sprint(nexts) != "[4 1 0]" {
		t.Fatalf("pages gave %v, continuing at %v", got, nexts)
	}
	if snap, _ := s.ListSupport(ctx, o.ID, owner.ID, 0, 10); len(snap.Messages) != 7 || snap.NextSupport != 0 {
		t.Fatalf("one page of all: %d messages, next %d", len(snap.Messages), snap.NextSupport)
	}
	if snap, _ := s.ListSupport(ctx, o.ID, ids.UserID("nobody"), 0, 3); snap.Caller != nil {
		t.Fatalf("a stranger's page has a caller: %+v", snap.Caller)
	}
	if snap := load(t, s, o.ID, owner.ID, org.Want{Support: 2, Org: true}); !same(snap.Support, &sent[1]) || snap.Org.SupportSeq != 7 {
		t.Fatalf("message 2: %+v; org %+v", snap.Support, snap.Org)
	}
	if snap := load(t, s, o.ID, owner.ID, org.Want{Support: 8}); snap.Support != nil {
		t.Fatalf("message 8: %+v", snap.Support)
	}
}

func orgCancel(t *testing.T, s org.Store) {
	o, owner, st := newOrg(t, s)
	viewer := join(t, s, o, owner, org.Viewer)
	at := now()
	_, err := s.Cancel(ctx, org.ActorFor(viewer.ID, org.CancelOrg), o.ID, at)
	is(t, "cancel by a viewer", err, org.ErrForbidden)
	c, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at)
	ok(t, "cancel", err)
	want := o
	want.Status, want.CancelledAt, want.UpdatedAt, want.Version, want.MemberCount = org.Cancelled, at, at, 2, 2
	if !same(c, want) {
		t.Fatalf("cancelled %+v, want %+v", c, want)
	}
	_, err = s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at)
	is(t, "cancel again", err, org.ErrCancelled)
	next := c
	next.BrandVoice, next.Version = "After", 3
	is(t, "update after cancel", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), next, false), org.ErrCancelled)
	is(t, "invite after cancel", s.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), invitation(o, owner, org.Viewer)), org.ErrCancelled)
	st.Version = 2
	is(t, "settings after cancel", s.PutSettings(ctx, org.ActorFor(owner.ID, org.UpdateSettings), st), org.ErrCancelled)
	_, err = s.AddSupport(ctx, org.ActorFor(owner.ID, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: "x", Body: "x", Status: "open", CreatedAt: now()})
	is(t, "support after cancel", err, org.ErrCancelled)
	is(t, "leave after cancel", s.Remove(ctx, org.ActorFor(viewer.ID, org.LeaveOrg), viewer), org.ErrCancelled)
	_, err = s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), ids.New("org"), at)
	is(t, "cancel of an unknown org", err, org.ErrNotFound)
	ms, _, err := s.ListForUser(ctx, viewer.ID, org.Page{Limit: 10})
	if err != nil || len(ms) != 1 || ms[0].OrgStatus != org.Cancelled {
		t.Fatalf("the viewer's orgs after cancel: %+v %v", ms, err)
	}
	if snap := load(t, s, o.ID, viewer.ID, org.Want{Org: true}); snap.Caller.OrgStatus != org.Cancelled || !same(snap.Org, &want) {
		t.Fatalf("loaded after cancel: %+v %+v", snap.Caller, snap.Org)
	}
}

// orgReactivate: only an owner reactivates, only a cancelled
// organization; afterwards it takes writes again and every member sees it
// active.
func orgReactivate(t *testing.T, s org.Store) {
	o, owner, _ := newOrg(t, s)
	viewer := join(t, s, o, owner, org.Viewer)
	at := now()
	_, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, at)
	is(t, "reactivate an active org", err, org.ErrNotCancelled)
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
		t.Fatal(err)
	}
	_, err = s.Reactivate(ctx, org.ActorFor(viewer.ID, org.ReactivateOrg), o.ID, at.Add(time.Hour))
	is(t, "reactivate by a viewer", err, org.ErrForbidden)
	later := at.Add(48 * time.Hour)
	r, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, later)
	ok(t, "reactivate", err)
	if r.Status != org.Active || !r.CancelledAt.IsZero() || !r.ReactivatedAt.Equal(later) || r.Version != 3 {
		t.Fatalf("reactivated %+v", r)
	}
	_, err = s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, later)
	is(t, "reactivate again", err, org.ErrNotCancelled)
	_, err = s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), ids.New("org"), later)
	is(t, "reactivate an unknown org", err, org.ErrNotFound)
	next := r
	next.BrandVoice, next.Version = "Back", 4
	ok(t, "update after reactivation", s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), next, false))
	ms, _, err := s.ListForUser(ctx, viewer.ID, org.Page{Limit: 10})
	if err != nil || len(ms) != 1 || ms[0].OrgStatus != org.Active {
		t.Fatalf("the viewer's orgs after reactivation: %+v %v", ms, err)
	}
}

func orgListForUser(t *testing.T, s org.Store) {
	var user org.Member
	want := map[string]bool{}
	for i := range 5 {
		o, owner, _ := newOrg(t, s)
		if i == 0 {
			user = owner
		} else {
			inv := invitation(o, owner, org.Marketer)
			inv.Email, inv.ID = user.Email, ids.InviteID(o.ID, user.Email)
			ok(t, "invite the user", s.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), inv))
			if i%2 == 0 {
				_, err := s.Accept(ctx, o.ID, user.ID, user.Email, now())
				ok(t, "accept", err)
				want[o.ID] = true
			}
			continue
		}
		want[o.ID] = true
	}
	walk := func(list func(org.Page) ([]org.Member, string, error)) []string {
		var got []string
		after := ""
		for pages := 0; pages < 10; pages++ {
			ms, next, err := list(org.Page{After: after, Limit: 2})
			ok(t, "list", err)
			if len(ms) > 2 {
				t.Fatalf("a page of %d", len(ms))
			}
			for _, m := range ms {
				got = append(got, m.OrgID)
			}
			if next == "" {
				return got
			}
			after = next
		}
		t.Fatal("the pages do not end")
		return nil
	}
	got := walk(func(p org.Page) ([]org.Member, string, error) { return s.ListForUser(ctx, user.ID, p) })
	if len(got) != len(want) || !sortedUnique(got) {
		t.Fatalf("memberships %v, want %v in org ID order", got, want)
	}
	for _, id := range got {
		if !want[id] {
			t.Fatalf("%s is listed", id)
		}
	}
	// A full page has a next key even when nothing follows (a DynamoDB
	// Query stopped by its limit does not look ahead); the next page is empty.
	full, next, err := s.ListForUser(ctx, user.ID, org.Page{Limit: len(want)})
	if err != nil || len(full) != len(want) || next != full[len(full)-1].OrgID {
		t.Fatalf("a full page: %d memberships, next %q, %v", len(full), next, err)
	}
	if rest, next, err := s.ListForUser(ctx, user.ID, org.Page{After: next, Limit: len(want)}); err != nil || len(rest) != 0 || next != "" {
		t.Fatalf("after the full page: %+v %q %v", rest, next, err)
	}
	invs := walk(func(p org.Page) ([]org.Member, string, error) { return s.ListInvitations(ctx, user.Email, p) })
	if len(invs) != 2 || !sortedUnique(invs) || want[invs[0]] || want[invs[1]] {
		t.Fatalf("invitations %v", invs)
	}
}

func sortedUnique(ss []string) bool {
	for i := 1; i < len(ss); i++ {
		if ss[i-1] >= ss[i] {
			return false
		}
	}
	return true
}

// Profiles runs the profile.Store contract.
func Profiles(t *testing.T, newStore func(t *testing.T) profile.Store) {
	s := newStore(t)
	uid := ids.UserID(ids.New("sub"))
	p, found, err := s.Get(ctx, uid)
	if err != nil || found || !same(p, profile.Default(uid, "")) {
		t.Fatalf("a fresh profile: %+v %v %v", p, found, err)
	}
	at := now()
	p.Email, p.Name, p.Phone, p.JobTitle, p.AIOptOut = "a@b.example", "Ana", "+15125550123", "Manager", true
	p.Communication.ProductUpdates = true
	p.MarketingEmails, p.MarketingConsentAt = true, at
	p.Version, p.CreatedAt, p.UpdatedAt = 1, at, at
	ok(t, "put", s.Put(ctx, p))
	is(t, "a second create", s.Put(ctx, p), profile.ErrStale)
	got, found, err := s.Get(ctx, uid)
	if err != nil || !found || !same(got, p.Settled()) || len(got.Consents) != 3 {
		t.Fatalf("after put: %+v, want %+v (%v)", got, p.Settled(), err)
	}
	skip := got
	skip.Version = 3
	is(t, "a put skipping a version", s.Put(ctx, skip), profile.ErrStale)
	got.MarketingEmails, got.Phone, got.Version = false, "", 2
	ok(t, "withdraw consent", s.Put(ctx, got))
	back, _, _ := s.Get(ctx, uid)
	want := got.Settled()
	want.MarketingConsentAt = time.Time{} // withdrawn consent keeps no date
	if !same(back, want) || len(back.Consents) != 2 {
		t.Fatalf("after withdrawal: %+v, want %+v", back, want)
	}
	// Consenting again starts a new record.
	again := back
	again.MarketingEmails, again.MarketingConsentAt, again.UpdatedAt, again.Version = true, at.Add(time.Minute), at.Add(time.Minute), 3
	ok(t, "consent again", s.Put(ctx, again))
	back, _, _ = s.Get(ctx, uid)
	if c := back.Consents[profile.Marketing]; c.ID == "" || c.ID == got.Consents[profile.Marketing].ID || !c.At.Equal(at.Add(time.Minute)) {
		t.Fatalf("consent given again: %+v (first %+v)", c, got.Consents[profile.Marketing])
	}
	if u, isU := s.(interface {
		Unsubscribe(context.Context, string, profile.Topic, string, time.Time) (bool, error)
	}); isU {
		// A link for the first consent ends nothing; one for the live
		// consent ends it, once.
		for i, x := range []struct {
			id   string
			want bool
		}{{got.Consents[profile.Marketing].ID, false}, {back.Consents[profile.Marketing].ID, true}, {back.Consents[profile.Marketing].ID, false}} {
			if ended, err := u.Unsubscribe(ctx, uid, profile.Marketing, x.id, at.Add(2*time.Minute)); err != nil || ended != x.want {
				t.Fatalf("unsubscribe %d: %v %v, want %v", i, ended, err, x.want)
			}
		}
		if p, _, _ := s.Get(ctx, uid); p.MarketingEmails || p.Consents[profile.Marketing].ID != "" || p.Version != 3 || !p.Communication.ProductUpdates {
			t.Fatalf("after the link: %+v", p)
		}
		// A user who never chose: the default reports subscription ends
		// with the empty consent ID, once.
		fresh := ids.UserID(ids.New("sub"))
		for i, want := range []bool{true, false} {
			if ended, err := u.Unsubscribe(ctx, fresh, profile.Reports, "", at); err != nil || ended != want {
				t.Fatalf("default unsubscribe %d: %v %v", i, ended, err)
			}
		}
		if p, found, _ := s.Get(ctx, fresh); found || p.Subscribed(profile.Reports) {
			t.Fatalf("after the default link: %+v %v", p, found)
		}
		if ended, _ := u.Unsubscribe(ctx, fresh, profile.Marketing, "", at); ended {
			t.Fatal("an empty consent ID ended a subscription that is not a default")
		}
	}
	other := profile.Default(ids.UserID(ids.New("sub")), "b@b.example")
	other.Version = 2
	is(t, "an update of a profile never saved", s.Put(ctx, other), profile.ErrStale)
}

// Idempotency runs the idempotency.Store contract (the claim's lock and
// the key's expiry depend on the clock and are left to each store's own
// tests).
func Idempotency(t *testing.T, newStore func(t *testing.T) idempotency.Store) {
	s := newStore(t)
	key := ids.New("key")
	runs := 0
	work := func(res string) func(context.Context) ([]byte, error) {
		return func(context.Context) ([]byte, error) { runs++; return []byte(res), nil }
	}
	out, err := s.Do(ctx, key, "fp1", work("first"))
	if err != nil || out.Replayed || string(out.Result) != "first" || runs != 1 {
		t.Fatalf("first run: %+v %v", out, err)
	}
	out, err = s.Do(ctx, key, "fp2", work("second"))
	if err != nil || !out.Replayed || string(out.Result) != "first" || out.Fingerprint != "fp1" || runs != 1 {
		t.Fatalf("replay: %+v %v", out, err)
	}
	// While a claim runs, the key is in progress for others.
	held := ids.New("key")
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := s.Do(ctx, held, "fpA", func(context.Context) ([]byte, error) { close(inside); <-release; return nil, nil })
		done <- err
	}()
	<-inside
	out, err = s.Do(ctx, held, "fpB", work("x"))
	if !errors.Is(err, idempotency.ErrInProgress) || out.Fingerprint != "fpA" {
		t.Fatalf("during the first run: %+v %v", out, err)
	}
	close(release)
	ok(t, "the held run", <-done)
	out, err = s.Do(ctx, held, "fpA", work("x"))
	if err != nil || !out.Replayed || out.Result != nil {
		t.Fatalf("replay of a run without a result: %+v %v", out, err)
	}
	// A failed run releases the key.
	failing := ids.New("key")
	boom := errors.New("boom")
	if _, err := s.Do(ctx, failing, "", func(context.Context) ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("a failing run: %v", err)
	}
	out, err = s.Do(ctx, failing, "", work("retry"))
	if err != nil || out.Replayed || string(out.Result) != "retry" {
		t.Fatalf("the retry: %+v %v", out, err)
	}
}

// Content is the content.Store contract.
func Content(t *testing.T, newStore func(t *testing.T) content.Store) {
	s := newStore(t)
	orgID := ids.New("org")
	at := now()
	r := content.Request{OrgID: orgID, ID: "cr_b", Kind: content.Copy, Placement: "meta_feed", Service: "HydraFacial", Variants: 2,
		Brand: content.Brand{CompanyName: "Glow", Locations: []string{"Austin, TX"}}, Status: content.Queued, CreatedAt: at, UpdatedAt: at}
	ok(t, "create", s.Create(ctx, r))
	is(t, "create twice", s.Create(ctx, r), content.ErrExists)
	got, found, err := s.Get(ctx, orgID, "cr_b")
	ok(t, "get", err)
	r.Version = 1
	if !found || !sameJSON(got, r) {
		t.Fatalf("get: %+v, want %+v", got, r)
	}
	if _, found, _ := s.Get(ctx, ids.New("org"), "cr_b"); found {
		t.Fatal("another organization sees the request")
	}
	got.Status, got.Version = content.Ready, 2
	got.Results = []content.Result{{Fields: map[string]string{"headline": "Hi"}, Asset: &content.Asset{Key: "assets/x/1.png", ContentType: "image/png", Width: 1080, Height: 1080}, Checks: []string{"phi"}}}
	got.Usage = content.Usage{InputTokens: 10, CostMicros: 3}
	ok(t, "update", s.Update(ctx, got))
	is(t, "stale update", s.Update(ctx, got), content.ErrStale)
	missing := got
	missing.ID = "cr_missing"
	is(t, "update missing", s.Update(ctx, missing), content.ErrNotFound)
	again, _, _ := s.Get(ctx, orgID, "cr_b")
	if !sameJSON(again, got) {
		t.Fatalf("after update: %+v, want %+v", again, got)
	}
	for _, id := range []string{"cr_a", "cr_c"} {
		x := r
		x.ID = id
		ok(t, "create "+id, s.Create(ctx, x))
	}
	page, next, err := s.List(ctx, orgID, "", 2)
	ok(t, "list", err)
	if len(page) != 2 || page[0].ID != "cr_a" || page[1].ID != "cr_b" || next != "cr_b" {
		t.Fatalf("page 1: %d next %q", len(page), next)
	}
	page, next, err = s.List(ctx, orgID, next, 2)
	ok(t, "list 2", err)
	if len(page) != 1 || page[0].ID != "cr_c" || next != "" {
		t.Fatalf("page 2: %d next %q", len(page), next)
	}
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
