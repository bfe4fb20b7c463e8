package privacy

import (
	"context"
	"time"
)

// NoticeStatus is where one email to the requester is.
type NoticeStatus string

// The notice statuses.
const (
	// NoticePending: recorded with the change that calls for it, not yet sent.
	NoticePending NoticeStatus = "pending"
	// NoticeSending: a sender claimed it (a conditional write) and is
	// sending; a claim older than NoticeClaimTTL is abandoned and taken over.
	NoticeSending NoticeStatus = "sending"
	// NoticeSent: the provider accepted it (MessageID).
	NoticeSent NoticeStatus = "sent"
	// NoticeRejected: the provider refused it for good (email.ErrRejected).
	NoticeRejected NoticeStatus = "rejected"
	// NoticeSkipped: nothing to send (no address on file, or a code for a
	// request no longer waiting for one).
	NoticeSkipped NoticeStatus = "skipped"
)

// NoticeClaimTTL is how long a claim holds before another delivery may
// take the notice over (a sender that crashed mid-send).
const NoticeClaimTTL = 10 * time.Minute

// Notice is one email the request calls for, as recorded on the request:
// the sent marker that keeps it from being lost or sent twice.
type Notice struct {
	Kind      string       `json:"kind"`
	Status    NoticeStatus `json:"status"`
	QueuedAt  time.Time    `json:"queuedAt"`
	ClaimedAt time.Time    `json:"claimedAt,omitzero"`
	SentAt    time.Time    `json:"sentAt,omitzero"`
	Attempts  int          `json:"attempts,omitempty"`
	MessageID string       `json:"messageId,omitempty"`
	// Reason says why a notice was rejected or skipped.
	Reason string `json:"reason,omitempty"`
	// Data is what the message says besides the request ID (the new due
	// date of an extension, a denial's reason); never the code.
	Data map[string]string `json:"data,omitempty"`
}

// Notifier hands a notice recorded on a request to its sender. In the API
// it queues the notice for the privacy function (privacyapi.Notices),
// which claims, sends and marks it; the privacy function itself and tests
// deliver at once (notify.Inline). A func rather than an interface: each
// binary then reaches only the sender it is given (infra/iam checks that
// the API's role cannot send email).
type Notifier func(ctx context.Context, r Request, kind string) error

// AddNotice records a pending notice of kind on r (saved with the change
// that calls for it). A notice of the same kind already pending or being
// sent is replaced, so a code asked for twice goes once, with the last code.
func (r *Request) AddNotice(kind string, now time.Time, data map[string]string) {
	for i := range r.Notices {
		if n := &r.Notices[i]; n.Kind == kind && (n.Status == NoticePending || n.Status == NoticeSending) {
			*n = Notice{Kind: kind, Status: NoticePending, QueuedAt: now.UTC(), Data: data}
			return
		}
	}
	r.Notices = append(r.Notices, Notice{Kind: kind, Status: NoticePending, QueuedAt: now.UTC(), Data: data})
}

// Notice returns the last notice of kind, or nil.
func (r *Request) Notice(kind string) *Notice {
	for i := len(r.Notices) - 1; i >= 0; i-- {
		if r.Notices[i].Kind == kind {
			return &r.Notices[i]
		}
	}
	return nil
}

// Due reports whether a delivery may send n now: pending, or claimed by a
// sender that has not finished within NoticeClaimTTL.
func (n Notice) Due(now time.Time) bool {
	return n.Status == NoticePending || n.Status == NoticeSending && now.Sub(n.ClaimedAt) >= NoticeClaimTTL
}

// Unsent lists the kinds of r's notices not yet sent (pending or claimed),
// for the daily sweep that catches a notice whose queue message was lost.
func (r Request) Unsent() []string {
	var out []string
	for _, n := range r.Notices {
		if n.Status == NoticePending || n.Status == NoticeSending {
			out = append(out, n.Kind)
		}
	}
	return out
}
