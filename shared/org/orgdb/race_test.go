package orgdb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// beforeTx runs a hook, once, right before the next transaction: what a
// concurrent request could do between a store method's reads and its write.
type beforeTx struct {
	orgdb.DB
	mu   sync.Mutex
	hook func()
}

func (b *beforeTx) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	b.mu.Lock()
	h := b.hook
	b.hook = nil
	b.mu.Unlock()
	if h != nil {
		h()
	}
	return b.DB.TransactWriteItems(ctx, in, opts...)
}

// TestRenameRacingAnInvitationOrAcceptance: a membership or invitation
// written while the organization is renamed never keeps the old name (the
// copy GET /v1/orgs and GET /v1/me/invitations show): the write either
// carries the current name or fails as a conflict.
func TestRenameRacingAnInvitationOrAcceptance(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	hooked, hs := hookedStore(t, tb)
	o, owner := newOrg(t, s)
	rename := func(name string) func() {
		return func() {
			snap, err := s.Load(ctx, o.ID, owner.ID, org.Want{Org: true})
			if err != nil {
				t.Fatal(err)
			}
			cur := *snap.Org
			cur.CompanyName, cur.Version, cur.UpdatedAt = name, cur.Version+1, time.Now()
			if err := s.Update(ctx, org.ActorFor(owner.ID, org.UpdateOrg), cur, true); err != nil {
				t.Fatal(err)
			}
		}
	}

	// An invitation written with the name read before the rename.
	email := ids.New("m") + "@glow.example"
	inv := org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, email), Status: org.Invited, Role: org.Viewer, Email: email, OrgName: o.CompanyName, OrgStatus: org.Active, InvitedBy: owner.ID, At: time.Now(), UpdatedAt: time.Now(), Version: 1}
	hooked.hook = rename("Renamed Once")
	err := hs.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), inv)
	if err == nil {
		ms, _, _ := s.ListInvitations(ctx, email, org.Page{Limit: 10})
		if len(ms) != 1 || ms[0].OrgName != "Renamed Once" {
			t.Fatalf("the invitation kept the old name: %+v", ms)
		}
	} else if !errors.Is(err, org.ErrConflict) {
		t.Fatalf("invite racing a rename: %v", err)
	}

	// An acceptance copying the invitation read before the rename.
	email = ids.New("m") + "@glow.example"
	inv = org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, email), Status: org.Invited, Role: org.Viewer, Email: email, OrgName: "Renamed Once", OrgStatus: org.Active, InvitedBy: owner.ID, At: time.Now(), UpdatedAt: time.Now(), Version: 1}
	if err := s.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), inv); err != nil {
		t.Fatal(err)
	}
	uid := ids.UserID(ids.New("sub"))
	hooked.hook = rename("Renamed Twice")
	m, err := hs.Accept(ctx, o.ID, uid, email, time.Now())
	if err == nil {
		ms, _, _ := s.ListForUser(ctx, uid, org.Page{Limit: 10})
		if m.OrgName != "Renamed Twice" || len(ms) != 1 || ms[0].OrgName != "Renamed Twice" {
			t.Fatalf("the membership kept the old name: %+v %+v", m, ms)
		}
	} else if !errors.Is(err, org.ErrConflict) {
		t.Fatalf("accept racing a rename: %v", err)
	}
}

// TestAcceptRacingARoleChange: an invitation changed between Accept's read
// and its write is still there, so the acceptance is a conflict to retry,
// not "no invitation".
func TestAcceptRacingARoleChange(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	hooked, hs := hookedStore(t, tb)
	o, owner := newOrg(t, s)
	email := ids.New("m") + "@glow.example"
	inv := org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, email), Status: org.Invited, Role: org.Viewer, Email: email, OrgName: o.CompanyName, OrgStatus: org.Active, InvitedBy: owner.ID, At: time.Now(), UpdatedAt: time.Now(), Version: 1}
	if err := s.Invite(ctx, org.ActorFor(owner.ID, org.InviteMembers), inv); err != nil {
		t.Fatal(err)
	}
	hooked.hook = func() {
		if _, err := s.ChangeRole(ctx, org.ActorFor(owner.ID, org.ChangeRoles), inv, org.Marketer, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := hs.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), email, time.Now()); !errors.Is(err, org.ErrConflict) {
		t.Fatalf("accept racing a role change: %v", err)
	}
	m, err := hs.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), email, time.Now())
	if err != nil || m.Role != org.Marketer {
		t.Fatalf("the retry: %+v %v", m, err)
	}
}

// hookedStore is a second store on tb whose transactions first run the
// hook set on the returned beforeTx: a way to slip a write in between a
// store's read and its write.
func hookedStore(t *testing.T, tb *dynamo.Table) (*beforeTx, *orgdb.Store) {
	t.Helper()
	hooked := &beforeTx{DB: tb.DB.(orgdb.DB)}
	htb := *tb
	htb.DB = hooked
	hs, err := orgdb.New(&htb)
	if err != nil {
		t.Fatal(err)
	}
	return hooked, hs
}
