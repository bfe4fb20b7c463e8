// Package profile is a signed-in user's own record: who they are (account
// category), how we may contact them and whether they consented to
// marketing email (marketing communications category), and whether they
// opted out of AI processing. profiledb is its DynamoDB adapter.
package profile

import (
	"context"
	"errors"
	"time"
)

// Profile is one user's profile and preferences.
type Profile struct {
	UserID   string
	Email    string
	Name     string
	Phone    string
	JobTitle string
	// AIOptOut: the user objects to AI processing of their data (policy
	// sections 4 and 8.4); features that need it must check it.
	AIOptOut bool
	// Restricted: a privacy restriction (policy section 8) limits the
	// processing of the user's data; AI features refuse to run for them.
	// Set by the privacy team, never by the user.
	Restricted bool

	Communication Communication
	// MarketingEmails is opt-in consent; MarketingConsentAt is when it was
	// given (zero without consent).
	MarketingEmails    bool
	MarketingConsentAt time.Time

	// PolicyVersion is the privacy policy version the user last accepted
	// (policy section 11), PolicyAcceptedAt when; empty and zero if never.
	PolicyVersion    string
	PolicyAcceptedAt time.Time
	// PolicyNotice is the sent marker of the email announcing a policy
	// version ("<version>#sending" or "<version>#sent"), PolicyNoticeAt
	// when it was set: carried through saves so a save does not erase it.
	PolicyNotice   string
	PolicyNoticeAt time.Time

	CreatedAt time.Time
	UpdatedAt time.Time
	// Version is 0 for a profile never saved.
	Version int64
}

// Communication says which non-marketing emails a user wants. Service
// notices (security, billing, privacy requests) are always sent.
type Communication struct {
	ProductUpdates     bool
	PerformanceReports bool
}

// Default is the profile of a user who never saved one: no marketing, no
// product news, campaign reports on (they are part of the service).
func Default(userID, email string) Profile {
	return Profile{UserID: userID, Email: email, Communication: Communication{PerformanceReports: true}}
}

// ErrStale: the profile changed since the caller read it.
var ErrStale = errors.New("profile: changed since it was read")

// ErrConflict: another write to the profile was under way at the same
// moment; nothing was written, and a retry may succeed.
var ErrConflict = errors.New("profile: a concurrent change was under way; retry")

// Store keeps profiles.
type Store interface {
	// Get reads a profile in one request; found is false for a user who
	// never saved one.
	Get(ctx context.Context, userID string) (p Profile, found bool, err error)
	// Put saves p if the stored version is p.Version-1 (absent for 1), all
	// of it or nothing.
	Put(ctx context.Context, p Profile) error
}
