package org

import "time"

// MemberStatus tells a membership from a pending invitation.
type MemberStatus string

const (
	Joined  MemberStatus = "active"
	Invited MemberStatus = "invited"
)

// Member is a person's membership in an organization, or an invitation to
// one. ID is the user's ID (ids.UserID) for a membership and the invitation
// ID (ids.InviteID) for an invitation.
type Member struct {
	OrgID  string
	ID     string
	Status MemberStatus
	Role   Role
	Email  string
	// OrgName and OrgStatus are copies of the organization's, kept in step by
	// the store, so a user's organizations list is one query.
	OrgName   string
	OrgStatus Status
	InvitedBy string
	// At is when the member joined, or when the invitation was sent.
	At        time.Time
	UpdatedAt time.Time
	Version   int64
}

// Active reports whether m is a joined member of a live or cancelled org.
func (m *Member) Active() bool { return m != nil && m.Status == Joined }
