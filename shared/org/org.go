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
	ID string
	CompanyProfile

	Status      Status
	CancelledAt time.Time
	// ReactivatedAt is when a cancelled organization was last reactivated.
	ReactivatedAt time.Time
	CreatedAt     time.Time
	CreatedBy     string
	UpdatedAt     time.Time
	Version       int64

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
	ErrNotCancelled  = errors.New("org: the organization is not cancelled")
	ErrLastOwner     = errors.New("org: an organization keeps at least one owner")
	ErrMemberLimit   = errors.New("org: the organization has the maximum number of members")
	ErrAlreadyMember = errors.New("org: already a member")
	ErrInvited       = errors.New("org: already invited")
	ErrForbidden     = errors.New("org: the caller's role no longer allows this")
	ErrConflict      = errors.New("org: a concurrent change got there first; retry")
)

// CompanyProfile is what a customer tells us about their business: what
// campaigns say about it.
type CompanyProfile struct {
	CompanyName string
	Website     string
	Locations   []Location
	Services    []string
	BrandVoice  string
	TimeZone    string
}

// NewOrg is a new organization with profile p, created at at by the user
// ownerID (signed in as email): active at version 1, with that user as its
// one member and owner, and the default settings. A Store's Create writes
// the three at once.
func NewOrg(id string, p CompanyProfile, ownerID, email string, at time.Time) (Org, Member, Settings) {
	o := Org{
		ID: id, CompanyProfile: p, Status: Active,
		CreatedAt: at, CreatedBy: ownerID, UpdatedAt: at, Version: 1, MemberCount: 1, OwnerCount: 1,
	}
	owner := Member{OrgID: id, ID: ownerID, Status: Joined, Role: Owner, Email: email,
		OrgName: o.CompanyName, OrgStatus: Active, At: at, UpdatedAt: at, Version: 1}
	return o, owner, DefaultSettings(id, at, ownerID)
}

// Patch changes part of a company profile: a nil field stays as it is.
type Patch struct {
	CompanyName *string
	Website     *string
	Locations   *[]Location
	Services    *[]string
	BrandVoice  *string
	TimeZone    *string
}

// Apply returns o changed by p at at, as its next version, and whether its
// name changed (a Store's Update then copies the name to every membership).
func (p Patch) Apply(o Org, at time.Time) (next Org, renamed bool) {
	renamed = p.CompanyName != nil && *p.CompanyName != o.CompanyName
	set(&o.CompanyName, p.CompanyName)
	set(&o.Website, p.Website)
	set(&o.Locations, p.Locations)
	set(&o.Services, p.Services)
	set(&o.BrandVoice, p.BrandVoice)
	set(&o.TimeZone, p.TimeZone)
	o.UpdatedAt = at
	o.Version++
	return o, renamed
}

// set changes *dst to *v when the patch names a value.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
