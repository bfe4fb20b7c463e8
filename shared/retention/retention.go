// Package retention is the one place that knows the data categories of the
// privacy policy (section 7) and how long each is kept. Every item written to
// DynamoDB carries its category and an expiresAt computed here.
package retention

import (
	"fmt"
	"time"
)

// Category is a data category from the privacy policy.
type Category string

const (
	// Account: organization, members, profiles, platform configuration,
	// connections, support messages, generated content. Kept while the
	// customer relationship lasts, then 3 years.
	Account Category = "account"
	// Analytics: feature usage, campaign metrics, audience insights, spend.
	// Kept 2 years from the event, or less on a deletion request.
	Analytics Category = "analytics"
	// Logs: request logs (IP, user agent, device) and error logs. 1 year.
	Logs Category = "logs"
	// Marketing: subscription state and messages sent. Kept until the person
	// unsubscribes or asks for deletion.
	Marketing Category = "marketing"
	// Billing: processor references, billing address, invoices. 7 years
	// (legal obligation; survives account deletion, anonymized).
	Billing Category = "billing"
	// Privacy: privacy requests, verification, audit trail. At least 24
	// months; configurable upward.
	Privacy Category = "privacy"
	// Ephemeral: OAuth state, idempotency keys, locks. Minutes to a day.
	Ephemeral Category = "ephemeral"
)

// Categories lists every category, in the policy's order.
var Categories = []Category{Account, Analytics, Logs, Marketing, Billing, Privacy, Ephemeral}

// MaxEphemeral bounds how long ephemeral items may live.
const MaxEphemeral = 24 * time.Hour

// Anchor says from when a category's clock runs.
type Anchor int

const (
	// FromEvent: the clock starts when the item is written (or when the
	// event it records happened).
	FromEvent Anchor = iota
	// FromEnd: the item has no expiry while the relationship (account) or
	// subscription (marketing) lasts; the clock starts when it ends.
	FromEnd
)

// Rule is one category's retention.
type Rule struct {
	Category Category
	Anchor   Anchor
	Years    int
	Months   int
	// Basis is the policy text this rule implements, for docs and audits.
	Basis string
}

// Schedule is the retention schedule. PrivacyMonths may be raised above the
// policy's minimum of 24 by configuration.
type Schedule struct {
	PrivacyMonths int
}

// MinPrivacyMonths is the policy's record-keeping minimum for privacy records.
const MinPrivacyMonths = 24

// Default is the policy's schedule with the minimum privacy retention.
var Default = Schedule{PrivacyMonths: MinPrivacyMonths}

// NewSchedule validates a configured privacy retention.
func NewSchedule(privacyMonths int) (Schedule, error) {
	if privacyMonths < MinPrivacyMonths {
		return Schedule{}, fmt.Errorf("retention: privacy records must be kept at least %d months, got %d", MinPrivacyMonths, privacyMonths)
	}
	return Schedule{PrivacyMonths: privacyMonths}, nil
}

// Rule returns c's rule, or an error for an unknown category: a write with a
// made-up category must fail loudly, not be kept forever.
func (s Schedule) Rule(c Category) (Rule, error) {
	switch c {
	case Account:
		return Rule{c, FromEnd, 3, 0, "retained during the service relationship plus 3 years"}, nil
	case Analytics:
		return Rule{c, FromEvent, 2, 0, "retained for 2 years or until deletion request"}, nil
	case Logs:
		return Rule{c, FromEvent, 1, 0, "retained for 1 year for security and troubleshooting"}, nil
	case Marketing:
		return Rule{c, FromEnd, 0, 0, "until you unsubscribe or request deletion"}, nil
	case Billing:
		return Rule{c, FromEvent, 7, 0, "retained for 7 years for tax and legal compliance"}, nil
	case Privacy:
		return Rule{c, FromEvent, 0, s.PrivacyMonths, "privacy request records, at least 24 months"}, nil
	case Ephemeral:
		return Rule{c, FromEvent, 0, 0, "minutes to a day (OAuth state, idempotency keys, locks)"}, nil
	}
	return Rule{}, fmt.Errorf("retention: unknown data category %q", c)
}

// ExpiresAt computes when an item of category c must be gone.
//
// For FromEvent categories, at is the event time. For FromEnd categories, at
// is when the relationship or subscription ended; a zero at means it has not
// ended, and the item has no expiry (ok is false). Ephemeral items need a ttl
// in (0, MaxEphemeral]; other categories must pass ttl 0.
func (s Schedule) ExpiresAt(c Category, at time.Time, ttl time.Duration) (exp time.Time, ok bool, err error) {
	r, err := s.Rule(c)
	if err != nil {
		return time.Time{}, false, err
	}
	if c == Ephemeral {
		if ttl <= 0 || ttl > MaxEphemeral {
			return time.Time{}, false, fmt.Errorf("retention: ephemeral items need a ttl between 1s and %s, got %s", MaxEphemeral, ttl)
		}
		if at.IsZero() {
			return time.Time{}, false, fmt.Errorf("retention: ephemeral item without a start time")
		}
		return at.Add(ttl), true, nil
	}
	if ttl != 0 {
		return time.Time{}, false, fmt.Errorf("retention: category %s has a fixed schedule; a ttl is only for ephemeral items", c)
	}
	if at.IsZero() {
		if r.Anchor == FromEnd {
			return time.Time{}, false, nil
		}
		return time.Time{}, false, fmt.Errorf("retention: category %s needs the event time", c)
	}
	return at.AddDate(r.Years, r.Months, 0), true, nil
}
