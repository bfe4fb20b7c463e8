// Package policymail emails every registered user once when a material
// change of the privacy policy is published (policy section 11).
//
// Publishing is a deployment that sets the template's PolicyVersion and
// PolicyEffectiveDate; the privacy team then starts the email with
// POST /v1/privacy/policy-versions/{version}/notify, which queues one job.
// A job pages the registered users (profiles) for a time budget and
// queues its continuation with the cursor, so the message chain is the
// checkpoint: a crash redelivers the job and it resumes from its cursor. No
// user is emailed twice: each send is claimed by a conditional write of a
// marker on the user's profile (one claim wins), marked sent after, and a
// failed send releases its claim. As for every email, only a process dying
// between the provider's acceptance and the mark can send twice (its claim
// is taken over after ClaimTTL).
package policymail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

// ClaimTTL is how long a claim holds before another run may take it over.
const ClaimTTL = 10 * time.Minute

// PageSize is how many items one page of the scan evaluates.
const PageSize = 100

// Users are the registered users and their markers (profiledb.Store).
type Users interface {
	Registered(ctx context.Context, after string, limit int) ([]profile.Profile, string, error)
	ClaimPolicyNotice(ctx context.Context, userID, version string, now time.Time, ttl time.Duration) (bool, error)
	MarkPolicyNotice(ctx context.Context, userID, version string, sent bool, now time.Time) error
}

// Policy is the version in force.
type Policy struct {
	Version       string
	EffectiveDate string
	// URL is where the policy is read.
	URL string
}

// Progress is what one run did.
type Progress struct {
	Version string `json:"version"`
	Sent    int    `json:"sent"`
	Skipped int    `json:"skipped"`
	// Next is the cursor to continue from; "" when every user was seen.
	Next string `json:"next,omitempty"`
}

// Broadcaster sends the policy-change email.
type Broadcaster struct {
	Users  Users
	Sender email.Sender
	Policy Policy
	Now    func() time.Time
	Log    *slog.Logger
}

// ErrNotInForce: a job for a version that is not (or no longer) in force
// is dropped, never sent.
var ErrNotInForce = errors.New("policymail: not the policy version in force")

// Run emails the users after cursor until every user was seen or more
// returns false (the time budget), and returns where it stopped.
func (b Broadcaster) Run(ctx context.Context, version, cursor string, more func() bool) (Progress, error) {
	if version != b.Policy.Version || version == "" {
		return Progress{Version: version}, ErrNotInForce
	}
	p := Progress{Version: version, Next: cursor}
	for {
		users, next, err := b.Users.Registered(ctx, p.Next, PageSize)
		if err != nil {
			return p, err
		}
		for _, u := range users {
			sent, err := b.one(ctx, u)
			if err != nil {
				// The page is redone from its start by the retry; users
				// already sent are skipped by their markers.
				return p, err
			}
			if sent {
				p.Sent++
			} else {
				p.Skipped++
			}
		}
		p.Next = next
		if next == "" || !more() {
			return p, nil
		}
	}
}

// one emails u unless already done; it reports whether it sent.
func (b Broadcaster) one(ctx context.Context, u profile.Profile) (bool, error) {
	if u.Email == "" {
		return false, nil
	}
	now := b.Now().UTC()
	ok, err := b.Users.ClaimPolicyNotice(ctx, u.UserID, b.Policy.Version, now, ClaimTTL)
	if err != nil || !ok {
		return false, err
	}
	_, err = b.Sender.Send(ctx, b.message(u.Email))
	switch {
	case errors.Is(err, email.ErrRejected):
		// Refused for good (a suppressed address): marked, never retried.
		if b.Log != nil {
			b.Log.WarnContext(ctx, "policy email refused by the provider", "userId", u.UserID)
		}
		return false, b.Users.MarkPolicyNotice(ctx, u.UserID, b.Policy.Version, true, now)
	case err != nil:
		_ = b.Users.MarkPolicyNotice(ctx, u.UserID, b.Policy.Version, false, now)
		return false, fmt.Errorf("policymail: %s: %w", u.UserID, err)
	}
	return true, b.Users.MarkPolicyNotice(ctx, u.UserID, b.Policy.Version, true, now)
}

func (b Broadcaster) message(to string) email.Message {
	return email.Message{To: []string{to}, Kind: "policy_change", Subject: "We updated our privacy policy",
		Text: fmt.Sprintf("We changed our privacy policy. The new version (%s) takes effect on %s.\n\n"+
			"Read it at %s. When you next sign in, we ask you to accept it.\n\n"+
			"You receive this email because you have a Med Spa AI account; it is a service notice, sent once for this version.\n\n"+
			"Med Spa AI privacy team", b.Policy.Version, b.Policy.EffectiveDate, b.Policy.URL)}
}
