// Package profile is a signed-in user's own record: who they are (account
// category), how we may contact them and whether they consented to
// marketing email (marketing communications category), and whether they
// opted out of AI processing. profiledb is its DynamoDB adapter.
package profile

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
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
	// Consents is the live consent record behind each subscribed topic, as
	// Get read it. The three switches above say what the user wants; Put
	// starts a record for a topic switched on without one and ends the
	// record of a topic switched off (Settled is what it leaves).
	Consents map[Topic]Consent

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

// Topic is a kind of email a person subscribes to. Each subscription is a
// consent record in the marketing table (marketing communications: kept
// until the person unsubscribes or asks for deletion).
type Topic string

const (
	ProductUpdates Topic = "product_updates"
	Marketing      Topic = "marketing"
	Reports        Topic = "reports"
)

// Topics lists every topic.
var Topics = []Topic{ProductUpdates, Marketing, Reports}

// ParseTopic returns the topic named s.
func ParseTopic(s string) (Topic, bool) {
	for _, t := range Topics {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// Consent is one consent record: a subscription to a topic from At until
// it is withdrawn. ID names this record and no later one, so an
// unsubscribe link made for it cannot end a consent given afterwards.
type Consent struct {
	ID string
	At time.Time
}

// ConsentID is the ID of the consent userID gave to topic at at: derived,
// so a store and its fake agree without a generator.
func ConsentID(userID string, t Topic, at time.Time) string {
	h := sha256.Sum256([]byte("medspa-consent:" + userID + "|" + string(t) + "|" + at.UTC().Format(time.RFC3339Nano)))
	return "cns_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:15]))
}

// Subscribed reports whether the user wants topic t.
func (p Profile) Subscribed(t Topic) bool {
	switch t {
	case ProductUpdates:
		return p.Communication.ProductUpdates
	case Marketing:
		return p.MarketingEmails
	case Reports:
		return p.Communication.PerformanceReports
	}
	return false
}

// Subscribe switches topic t on or off; marketing's consent time is at
// when on, zero when off.
func (p *Profile) Subscribe(t Topic, on bool, at time.Time) {
	switch t {
	case ProductUpdates:
		p.Communication.ProductUpdates = on
	case Marketing:
		p.MarketingEmails, p.MarketingConsentAt = on, time.Time{}
		if on {
			p.MarketingConsentAt = at
		}
	case Reports:
		p.Communication.PerformanceReports = on
	}
}

// Settled returns p with Consents as Put leaves them: a topic switched off
// loses its record, a topic switched on without one gets a new record from
// its consent time (MarketingConsentAt for marketing, UpdatedAt otherwise).
func (p Profile) Settled() Profile {
	out := make(map[Topic]Consent, len(Topics))
	for _, t := range Topics {
		c, had := p.Consents[t]
		switch {
		case !p.Subscribed(t):
		case had:
			out[t] = c
		default:
			at := p.UpdatedAt
			if t == Marketing && !p.MarketingConsentAt.IsZero() {
				at = p.MarketingConsentAt
			}
			at = at.UTC()
			out[t] = Consent{ID: ConsentID(p.UserID, t, at), At: at}
		}
	}
	p.Consents = out
	if c, ok := out[Marketing]; ok {
		p.MarketingConsentAt = c.At
	} else {
		p.MarketingConsentAt = time.Time{}
	}
	return p
}

// Default is the profile of a user who never saved one: no marketing, no
// product news, campaign reports on (they are part of the service).
func Default(userID, email string) Profile {
	return Profile{UserID: userID, Email: email, Communication: Communication{PerformanceReports: true}, Consents: map[Topic]Consent{}}
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
