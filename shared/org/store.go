package org

import (
	"context"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
)

// Want says what to read together with the caller's membership. A Load reads
// it all in one request, so authorizing a read costs no extra round trip.
type Want struct {
	Org      bool
	Settings bool
	// Target is another member's (or invitation's) ID.
	Target string
	// Support is a support message's sequence number.
	Support int64
}

// Snapshot is what a Load or list found. Caller is nil when the user is not
// a member (or the organization does not exist): the API answers 404 then,
// without telling the two apart.
type Snapshot struct {
	Caller   *Member
	Org      *Org
	Settings *Settings
	Target   *Member
	Support  *SupportMessage

	Members  []Member
	Messages []SupportMessage
	// Next continues a list ("" or 0: no more).
	NextSupport int64

	// Connections are the organization's ad-account connections (without
	// their sealed tokens); NextConnection continues the list.
	Connections    []connector.Connection
	NextConnection string
}

// Actor is who performs a write, and the roles that may perform it. Stores
// re-check the actor's role inside the write's transaction, so a role taken
// away between the check and the write stops the write.
type Actor struct {
	UserID string
	Roles  []Role
}

// ActorFor returns the actor for a user doing p.
func ActorFor(userID string, p Permission) Actor {
	min := MinRole(p)
	var rs []Role
	for _, r := range Roles {
		if r.AtLeast(min) {
			rs = append(rs, r)
		}
	}
	return Actor{UserID: userID, Roles: rs}
}

// Page asks for one page of a list.
type Page struct {
	// After is where the previous page stopped (an ID, or "" for the first page).
	After string
	Limit int
}

// Store keeps organizations. Every read method costs one DynamoDB request.
type Store interface {
	// Load reads the caller's membership and what w asks for.
	Load(ctx context.Context, orgID, userID string, w Want) (Snapshot, error)
	// ListMembers reads every member and invitation of an organization
	// (at most MaxMembers), the caller's membership among them.
	ListMembers(ctx context.Context, orgID, userID string) (Snapshot, error)
	// ListSupport reads the caller's membership and support messages newest
	// first, starting below sequence number before (0: the newest).
	ListSupport(ctx context.Context, orgID, userID string, before int64, limit int) (Snapshot, error)
	// ListConnections reads the caller's membership and a page of the
	// organization's connections (by ID, after the given one) together.
	ListConnections(ctx context.Context, orgID, userID, after string, limit int) (Snapshot, error)
	// ListForUser lists a user's memberships; After is an org ID.
	ListForUser(ctx context.Context, userID string, p Page) ([]Member, string, error)
	// ListInvitations lists invitations to an address; After is an org ID.
	ListInvitations(ctx context.Context, email string, p Page) ([]Member, string, error)

	// Create writes an organization, its default settings and its first
	// owner at once.
	Create(ctx context.Context, o Org, owner Member, s Settings) error
	// Update writes o's profile if the stored version is still o.Version-1;
	// a changed name is copied to every membership in the same transaction.
	Update(ctx context.Context, a Actor, o Org, renamed bool) error
	// Cancel ends the customer relationship at at, starting the retention
	// clock of the organization's items.
	Cancel(ctx context.Context, a Actor, orgID string, at time.Time) (Org, error)
	// Reactivate resumes the relationship of an organization cancelled
	// less than the account category's 3 years ago (ErrNotCancelled if it
	// is active): the organization, settings and memberships lose their
	// expiry at once; the rest of the partition afterwards (orgdb's
	// ClearReactivated, run by the sweep).
	Reactivate(ctx context.Context, a Actor, orgID string, at time.Time) (Org, error)
	// Invite records an invitation (m.Status Invited).
	Invite(ctx context.Context, a Actor, m Member) error
	// Accept turns the invitation of email into userID's membership.
	Accept(ctx context.Context, orgID, userID, email string, at time.Time) (Member, error)
	// ChangeRole gives target the role to if its version is still version.
	ChangeRole(ctx context.Context, a Actor, target Member, to Role, at time.Time) (Member, error)
	// Remove deletes a membership or invitation if it is still at its version.
	Remove(ctx context.Context, a Actor, target Member) error
	// PutSettings replaces the settings if the stored version is s.Version-1.
	PutSettings(ctx context.Context, a Actor, s Settings) error
	// AddSupport stores a message under the next sequence number, which it
	// sets on the returned message.
	AddSupport(ctx context.Context, a Actor, m SupportMessage) (SupportMessage, error)
}
