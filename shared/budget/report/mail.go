package report

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

// Topic is the subscription topic of report emails: the unsubscribe link
// names it, and the send-time gate checks it.
const Topic = "reports"

// Mailer sends one message (email.Sender). The wiring may wrap the plain
// sender in a gate that drops mail to someone unsubscribed from its topic.
type Mailer interface {
	Send(ctx context.Context, m email.Message) (string, error)
}

// Recipient is a member the report goes to.
type Recipient struct {
	UserID string
	Email  string
}

// Recipients are the organization's owners, admins and marketers who
// want performance reports.
type Recipients interface {
	Recipients(ctx context.Context, orgID string) ([]Recipient, error)
}

// SentLog records which recipients got a week's report, so a rerun sends
// nobody a second copy (budgetdb).
type SentLog interface {
	// Sent lists the user IDs the week's report went to.
	Sent(ctx context.Context, orgID, week string) (map[string]bool, error)
	// MarkSent records that it went to userID.
	MarkSent(ctx context.Context, orgID, week, userID string, at time.Time) error
}

// Mailing sends an organization's weekly report.
type Mailing struct {
	Mailer     Mailer
	From       string
	Recipients Recipients
	Sent       SentLog
	// UnsubscribeURL, when set, is each recipient's one-click unsubscribe
	// link for a topic (RFC 8058): the email carries it in its body and
	// List-Unsubscribe headers. Nil: no link (the plain sender, no gate).
	// "" means none for this recipient (the gate will not let it go).
	UnsubscribeURL func(ctx context.Context, userID, topic string) (string, error)
}

// Outcome says what a mailing did.
type Outcome struct {
	Sent, Already, Failed int
}

// Send mails r (the week starting r.From) to every recipient who has not
// had it yet. A recipient the provider refuses for good is recorded sent
// (it will not deliver on a retry); any other failure is returned after
// the others are tried, for the run to be retried.
func (m Mailing) Send(ctx context.Context, orgID string, r Report, at time.Time) (Outcome, error) {
	var out Outcome
	monday, err := time.Parse(time.DateOnly, r.From)
	if err != nil {
		return out, err
	}
	week := WeekName(monday)
	to, err := m.Recipients.Recipients(ctx, orgID)
	if err != nil || len(to) == 0 {
		return out, err
	}
	done, err := m.Sent.Sent(ctx, orgID, week)
	if err != nil {
		return out, err
	}
	charts, err := Charts(r)
	if err != nil {
		return out, err
	}
	subject := fmt.Sprintf("%s: your week %s to %s", r.OrgName, r.From, r.To)
	var errs []error
	for _, rc := range to {
		if done[rc.UserID] {
			out.Already++
			continue
		}
		mine := r
		mine.UnsubscribeURL = ""
		if m.UnsubscribeURL != nil {
			if mine.UnsubscribeURL, err = m.UnsubscribeURL(ctx, rc.UserID, Topic); err != nil {
				out.Failed++
				errs = append(errs, err)
				continue
			}
		}
		raw, err := Email(m.From, rc.Email, subject, mine, charts)
		if err != nil {
			return out, err
		}
		// Marked as marketing mail of the reports topic to this member, so
		// a gating Mailer (marketing.Sender) checks the subscription and
		// the suppression list at send time.
		_, err = m.Mailer.Send(marketing.For(ctx, rc.UserID, profile.Reports), email.Message{From: m.From, To: []string{rc.Email}, Subject: subject, Raw: raw, Kind: "weekly_report"})
		switch {
		case err == nil || errors.Is(err, email.ErrRejected):
			if err != nil {
				out.Failed++
			} else {
				out.Sent++
			}
			if merr := m.Sent.MarkSent(ctx, orgID, week, rc.UserID, at); merr != nil {
				errs = append(errs, merr)
			}
		default:
			out.Failed++
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}
