// Package notify sends the emails a privacy request calls for (the
// one-time verification code, the receipt, the completion, the extension,
// the denial, the automatic closing) and the privacy team's daily summary.
//
// Why a sent marker on the request rather than a send from the API: a
// notice is recorded on the request (privacy.Notice) in the same
// conditional write as the change that calls for it, so it cannot be lost
// once the change is saved. Delivering it is then claim, send, mark: the
// claim is a conditional write of the request (its version), so of two
// deliveries of the same notice (a queue redelivery, the daily sweep) one
// claims and the other finds it claimed and does nothing; the send; the
// sent marker with its audit entry. A send that fails releases the claim
// for the retry; a sender that dies between the send and the marker is
// the one case that can send twice, after NoticeClaimTTL, which no email
// provider lets us close (SES has no idempotency key).
//
// The verification code is drawn here, at the claim, and stored hashed on
// the request by the same write: it never travels through a queue or a
// log, and exists in clear only in the email. A claim that is retried
// draws a new code, so only the code of the email that went out is valid.
//
// Emails carry the request's reference and what the requester needs to
// act, never the data itself: the completion of an export says where to
// download it (signed in), not a link that would hand the data to anyone
// holding the email.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// Deliverer sends the notices recorded on requests.
type Deliverer struct {
	Store  privacy.Store
	Sender email.Sender
	// Address finds the address on file for a user ("" when none); nil
	// uses the subject's email as given.
	Address func(ctx context.Context, userID string) (string, error)
	// ConfirmURL is the public confirmation page
	// (https://<api>/v1/privacy/confirm); the code email links to it with
	// the request's ID.
	ConfirmURL string
	Now        func() time.Time
}

// actor records the notices' audit entries.
const actor = "privacy-notify"

// Inline is a privacy.Notifier that delivers at once, for code already
// running in the privacy function (the worker, the daily run) and tests.
func Inline(d Deliverer) privacy.Notifier {
	return func(ctx context.Context, r privacy.Request, kind string) error { return d.Deliver(ctx, r.ID, kind) }
}

// Deliver sends request id's notice of kind if it is due, and records the
// outcome on the request. nil means nothing is left to do (sent, sent by
// someone else, rejected for good, nothing to send); an error means a
// retry may help.
func (d Deliverer) Deliver(ctx context.Context, id, kind string) error {
	for attempt := 0; ; attempt++ {
		err := d.deliver(ctx, id, kind)
		if errors.Is(err, privacy.ErrStale) && attempt < 3 {
			continue
		}
		return err
	}
}

func (d Deliverer) deliver(ctx context.Context, id, kind string) error {
	r, err := d.Store.Get(ctx, id)
	if errors.Is(err, privacy.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	now := d.Now().UTC()
	n := r.Notice(kind)
	if n == nil || !n.Due(now) {
		return nil
	}
	to, err := d.address(ctx, r)
	if err != nil {
		return err
	}
	if to == "" {
		return d.finish(ctx, id, kind, privacy.NoticeSkipped, "no address on file", "")
	}
	var code string
	if kind == privacy.NoticeCode {
		if r.Status != privacy.IdentityUnverified {
			return d.finish(ctx, id, kind, privacy.NoticeSkipped, "no longer waiting for verification", "")
		}
		if code, err = r.NewCode(now); err != nil {
			return err
		}
	}
	msg, err := d.message(r, kind, to, code)
	if err != nil {
		return d.finish(ctx, id, kind, privacy.NoticeRejected, err.Error(), "")
	}
	// The claim: only the delivery whose write matches the version read
	// sends; a concurrent one gets ErrStale, reads again and finds it
	// claimed.
	n = r.Notice(kind)
	n.Status, n.ClaimedAt = privacy.NoticeSending, now
	n.Attempts++
	if err := d.save(ctx, &r); err != nil {
		return err
	}
	msgID, err := d.Sender.Send(ctx, msg)
	switch {
	case errors.Is(err, email.ErrRejected):
		return d.finish(ctx, id, kind, privacy.NoticeRejected, rejection(err), "")
	case err != nil:
		// Release the claim so the redelivery sends at once rather than
		// after NoticeClaimTTL; if even that fails, the TTL frees it.
		_ = d.update(ctx, id, kind, func(n *privacy.Notice) bool {
			if n.Status != privacy.NoticeSending || !n.ClaimedAt.Equal(now) {
				return false
			}
			n.Status = privacy.NoticePending
			return true
		}, nil)
		return fmt.Errorf("notify: %s for %s: %w", kind, id, err)
	}
	return d.finish(ctx, id, kind, privacy.NoticeSent, "", msgID)
}

// rejection is why the provider refused, without the address it names.
func rejection(err error) string {
	s := err.Error()
	if i := strings.Index(s, "recipient"); i >= 0 {
		return "the provider refused the recipient"
	}
	return s
}

func (d Deliverer) address(ctx context.Context, r privacy.Request) (string, error) {
	if r.Subject.UserID != "" && d.Address != nil {
		if a, err := d.Address(ctx, r.Subject.UserID); err != nil || a != "" {
			return a, err
		}
	}
	return r.Subject.Email, nil
}

func (d Deliverer) save(ctx context.Context, r *privacy.Request, es ...audit.Entry) error {
	return privacy.SaveWith(ctx, d.Store, r, d.Now().UTC(), es...)
}

// finish records a notice's outcome with its audit entry.
func (d Deliverer) finish(ctx context.Context, id, kind string, st privacy.NoticeStatus, reason, msgID string) error {
	now := d.Now().UTC()
	return d.update(ctx, id, kind, func(n *privacy.Notice) bool {
		if n.Status == privacy.NoticeSent {
			return false
		}
		n.Status, n.Reason, n.MessageID = st, reason, msgID
		if st == privacy.NoticeSent {
			n.SentAt = now
		}
		return true
	}, func(r privacy.Request) audit.Entry {
		return privacy.Entry(r, actor, "notice_"+string(st), reason, now, map[string]string{"kind": kind})
	})
}

// update changes the notice of kind with fn (false: leave it) and saves,
// reading again after a concurrent change.
func (d Deliverer) update(ctx context.Context, id, kind string, fn func(*privacy.Notice) bool, entry func(privacy.Request) audit.Entry) error {
	for attempt := 0; ; attempt++ {
		r, err := d.Store.Get(ctx, id)
		if err != nil {
			return err
		}
		n := r.Notice(kind)
		if n == nil || !fn(n) {
			return nil
		}
		var es []audit.Entry
		if entry != nil {
			es = append(es, entry(r))
		}
		err = d.save(ctx, &r, es...)
		if errors.Is(err, privacy.ErrStale) && attempt < 5 {
			continue
		}
		return err
	}
}

var typeNames = map[privacy.Type]string{
	privacy.Access:          "a copy of your data (access)",
	privacy.Portability:     "a machine-readable copy of your data (portability)",
	privacy.Correction:      "correction of your data",
	privacy.Deletion:        "deletion of your data",
	privacy.Restriction:     "restriction of processing",
	privacy.Objection:       "objection to processing",
	privacy.MarketingOptOut: "opting out of marketing",
	privacy.AIOptOut:        "opting out of AI processing",
	privacy.ChildDeletion:   "deletion of a child's data",
}

const signature = "\n\nMed Spa AI privacy team\nThis message is about a privacy request made under our privacy policy (section 8). Reply to this email if you have a question."

// message composes the email for kind. Only what the requester needs:
// the request's reference, dates, the code for NoticeCode.
func (d Deliverer) message(r privacy.Request, kind, to, code string) (email.Message, error) {
	n := r.Notice(kind)
	data := map[string]string{}
	if n != nil && n.Data != nil {
		data = n.Data
	}
	ref := "Reference: " + r.ID
	what := typeNames[r.Type]
	m := email.Message{To: []string{to}, Kind: kind}
	switch kind {
	case privacy.NoticeCode:
		link := d.ConfirmURL
		if link != "" {
			link += "?request=" + url.QueryEscape(r.ID)
		}
		m.Subject = "Your verification code for your privacy request"
		m.Text = fmt.Sprintf("Your verification code is %s. It is valid for %d minutes.\n\n"+
			"To confirm that the request for %s is yours, open %s and enter the code, "+
			"or read the code to our privacy team if they ask you for it. After %d wrong attempts the code stops working.\n\n"+
			"If you did not make this request, ignore this email: nothing happens without the code.\n\n%s%s",
			code, int(privacy.CodeTTL/time.Minute), what, link, privacy.MaxAttempts, ref, signature)
	case privacy.NoticeReceipt:
		m.Subject = "We received your privacy request"
		m.Text = fmt.Sprintf("We received your request for %s on %s. We will answer by %s.\n\n%s%s",
			what, r.ReceivedAt.UTC().Format(time.DateOnly), data["dueAt"], ref, signature)
		if r.Status == privacy.IdentityUnverified {
			m.Text = fmt.Sprintf("We received your request for %s on %s. We sent you a verification code in a separate email: "+
				"we act on the request once you confirm it. We will answer by %s.\n\n%s%s",
				what, r.ReceivedAt.UTC().Format(time.DateOnly), data["dueAt"], ref, signature)
		}
	case privacy.NoticeCompletion:
		m.Subject = "Your privacy request is complete"
		m.Text = fmt.Sprintf("We have completed your request for %s.\n\n%s%s", what, ref, signature)
		if r.Type.Exports() {
			m.Text = fmt.Sprintf("We have completed your request for %s. Your copy is ready: sign in to Med Spa AI and open "+
				"your privacy requests to download it; the download link there is valid for 7 days. "+
				"If you have no account with us, reply to this email and our privacy team will send you a secure link.\n\n%s%s",
				what, ref, signature)
		}
	case privacy.NoticeClosed:
		m.Subject = "Your privacy request was closed"
		m.Text = fmt.Sprintf("We closed your request for %s because it was not confirmed with the verification code within %d days. "+
			"Nothing was done with your data. You can make a new request at any time.\n\n%s%s",
			what, int(privacy.VerifyWindow/(24*time.Hour)), ref, signature)
	case privacy.NoticeExtended:
		m.Subject = "We need more time for your privacy request"
		m.Text = fmt.Sprintf("We need more time to complete your request for %s: %s. We will answer by %s.\n\n%s%s",
			what, data["reason"], data["dueAt"], ref, signature)
	case privacy.NoticeDenied:
		m.Subject = "About your privacy request"
		m.Text = fmt.Sprintf("We cannot carry out your request for %s: %s.\n\n%s%s", what, data["reason"], ref, signature)
	default:
		return email.Message{}, fmt.Errorf("%w: no email for notice kind %q", email.ErrRejected, kind)
	}
	return m, m.Validate()
}

// Summary emails the privacy team's daily summary to team: the counts and
// the IDs, due dates and days left of requests due within SoonDays and
// overdue (no subject's data: the team opens each in the API).
func Summary(ctx context.Context, s email.Sender, team string, day time.Time, sum privacy.Summary) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Privacy requests on %s: %d open, %d due within %d days, %d overdue.\n", day.UTC().Format(time.DateOnly),
		sum.Open, sum.DueSoon, privacy.SoonDays, sum.Overdue)
	list := func(title string, ids []string) {
		if len(ids) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, id := range ids {
			fmt.Fprintf(&b, "- %s, due %s\n", id, sum.Due[id].UTC().Format(time.DateOnly))
		}
	}
	list("Overdue", sum.OverdueIDs)
	list(fmt.Sprintf("Due within %d days", privacy.SoonDays), sum.DueSoonIDs)
	b.WriteString("\nThe same lists: GET /v1/privacy/requests?due=overdue and ?due=soon.\n")
	subject := fmt.Sprintf("Privacy requests: %d overdue, %d due soon", sum.Overdue, sum.DueSoon)
	return s.Send(ctx, email.Message{To: []string{team}, Subject: subject, Text: b.String(), Kind: "privacy_summary"})
}
