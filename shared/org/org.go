// Package org is the tenancy domain: organizations (a med spa business),
// their members and roles, campaign settings and support messages, and the
// Store that keeps them. It has no AWS imports; orgdb is its DynamoDB
// adapter.
package org

import (
	"errors"
	"time"
)

// Status of an organization.
type Status string

const (
	Active Status = "active"
	// Cancelled: the customer relationship ended at CancelledAt. The data is
	// kept read-only for the account category's 3 years, then expires.
	Cancelled Status = "cancelled"
)

// MaxMembers bounds members plus pending invitations per organization. The
// bound keeps the member list one Query and lets a rename or cancellation
// update every membership in one transaction (at most 100 items).
const MaxMembers = 50

// Org is an organization's company profile and its bookkeeping.
type Org struct {
	ID          string
	CompanyName string
	Website     string
	Locations   []Location
	Services    []string
	BrandVoice  string
	TimeZone    string

	Status      Status
	CancelledAt time.Time
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	Version     int64

	// Counters kept by the store's transactions: members plus invitations
	// (bounded by MaxMembers), active owners (never below one) and the last
	// support message's sequence number.
	MemberCount int
	OwnerCount  int
	SupportSeq  int64
}

// Location is a place the business operates.
type Location struct {
	City  string
	State string
}

// Errors the store reports. The API maps each to one problem type.
var (
	ErrNotFound      = errors.New("org: not found")
	ErrStale         = errors.New("org: the item changed since it was read")
	ErrCancelled     = errors.New("org: the organization is cancelled")
	ErrLastOwner     = errors.New("org: an organization keeps at least one owner")
	ErrMemberLimit   = errors.New("org: the organization has the maximum number of members")
	ErrAlreadyMember = errors.New("org: already a member")
	ErrInvited       = errors.New("org: already invited")
	ErrForbidden     = errors.New("org: the caller's role no longer allows this")
	ErrConflict      = errors.New("org: a concurrent change got there first; retry")
)
