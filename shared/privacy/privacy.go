// Package privacy is the privacy requests of policy section 8 (and section
// 10's deletion of a child's data): their types, their lifecycle as a state
// machine, their deadlines and the verification of the requester's
// identity. It imports no AWS package; privacydb keeps requests in the
// privacy table, and privacy/audit is their hash-chained audit trail.
//
// Lifecycle (from the reference of how trustworthy systems behave):
//
//	received -> identity_unverified -> pending_review -> approved | denied | duplicate
//	approved -> in_processing <-> requires_input | paused (legal_hold)
//	in_processing -> error -> (retry, resumes at the failed step) -> in_processing
//	in_processing -> awaiting_finalization -> complete
//	any non-final state -> canceled
//	identity_unverified -> closed_unverified (after VerifyWindow, with a notice)
package privacy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// Type is a right the requester exercises.
type Type string

// The request types.
const (
	Access          Type = "access"
	Portability     Type = "portability"
	Correction      Type = "correction"
	Deletion        Type = "deletion"
	Restriction     Type = "restriction"
	Objection       Type = "objection"
	MarketingOptOut Type = "marketing_opt_out"
	AIOptOut        Type = "ai_opt_out"
	// ChildDeletion is policy section 10: data of a child under 13 is
	// deleted promptly; it is a deletion that skips the review queue's wait.
	ChildDeletion Type = "child_deletion"
)

// Types lists every type, in the policy's order.
var Types = []Type{Access, Portability, Correction, Deletion, Restriction, Objection, MarketingOptOut, AIOptOut, ChildDeletion}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// Erases reports whether the type deletes the subject's data.
func (t Type) Erases() bool { return t == Deletion || t == ChildDeletion }

// Exports reports whether the type delivers a copy of the data.
func (t Type) Exports() bool { return t == Access || t == Portability }

// Status is where a request is in its lifecycle.
type Status string

// The statuses.
const (
	Received             Status = "received"
	IdentityUnverified   Status = "identity_unverified"
	PendingReview        Status = "pending_review"
	Approved             Status = "approved"
	Denied               Status = "denied"
	Duplicate            Status = "duplicate"
	InProcessing         Status = "in_processing"
	RequiresInput        Status = "requires_input"
	Paused               Status = "paused"
	Failed               Status = "error"
	AwaitingFinalization Status = "awaiting_finalization"
	Complete             Status = "complete"
	Canceled             Status = "canceled"
	ClosedUnverified     Status = "closed_unverified"
)

// Statuses lists every status.
var Statuses = []Status{Received, IdentityUnverified, PendingReview, Approved, Denied, Duplicate, InProcessing,
	RequiresInput, Paused, Failed, AwaitingFinalization, Complete, Canceled, ClosedUnverified}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Final reports whether nothing more happens to a request in s.
func (s Status) Final() bool {
	switch s {
	case Denied, Duplicate, Complete, Canceled, ClosedUnverified:
		return true
	}
	return false
}

// next is the state machine: every allowed transition. Canceling is
// allowed from every non-final state and is not listed.
var next = map[Status][]Status{
	Received:             {IdentityUnverified, PendingReview},
	IdentityUnverified:   {PendingReview, ClosedUnverified},
	PendingReview:        {Approved, Denied, Duplicate},
	Approved:             {InProcessing},
	InProcessing:         {RequiresInput, Paused, Failed, AwaitingFinalization, InProcessing},
	RequiresInput:        {InProcessing},
	Paused:               {InProcessing},
	Failed:               {InProcessing},
	AwaitingFinalization: {Complete},
}

// CanMove reports whether a request may go from one status to another.
func CanMove(from, to Status) bool {
	if from.Final() {
		return false
	}
	if to == Canceled {
		return true
	}
	return slices.Contains(next[from], to)
}

// Errors. The API maps ErrTransition and ErrExtension to 409,
// ErrNotFound to 404, ErrInvalid to 400.
var (
	ErrNotFound   = errors.New("privacy: no such request")
	ErrTransition = errors.New("privacy: not allowed in the request's status")
	ErrExtension  = errors.New("privacy: the deadline cannot be extended")
	ErrInvalid    = errors.New("privacy: invalid request")
	ErrStale      = errors.New("privacy: the request changed since it was read")
	ErrLocked     = errors.New("privacy: verification locked after too many attempts")
	ErrCode       = errors.New("privacy: wrong or expired verification code")
)

// Subject is whom the request is about. At least one is set; a member's
// own request has both.
type Subject struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
}

// Verification method names.
const (
	// VerifiedByCode: the subject gave back a one-time code sent to the
	// address on file.
	VerifiedByCode = "one_time_code"
	// VerifiedBySignIn: the subject submitted the request signed in.
	VerifiedBySignIn = "sign_in"
)

// Verification records how the subject's identity was verified.
type Verification struct {
	// Method is VerifiedByCode, VerifiedBySignIn, or how a privacy-team
	// member verified the subject ("video_call", "id_document", ...).
	Method string    `json:"method"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// StepStatus is where one step of the work is.
type StepStatus string

// The step statuses.
const (
	StepPending StepStatus = "pending"
	StepDone    StepStatus = "done"
	StepFailed  StepStatus = "failed"
)

// Step is one checkpointed unit of the work. Done steps are never redone.
type Step struct {
	Name     string            `json:"name"`
	Status   StepStatus        `json:"status"`
	Attempts int               `json:"attempts"`
	Error    string            `json:"error,omitempty"`
	DoneAt   time.Time         `json:"doneAt,omitzero"`
	Result   map[string]string `json:"result,omitempty"`
}

// Request is one privacy request.
type Request struct {
	ID      string  `json:"id"`
	Type    Type    `json:"type"`
	Subject Subject `json:"subject"`
	// Channel is how the request reached us: "email", "api", "member", ...
	Channel string `json:"channel"`
	// Corrections maps a data-map field ("profile.name") to its new value.
	Corrections map[string]string `json:"corrections,omitempty"`
	Status      Status            `json:"status"`
	// Reason is why the request is in its status (denied, paused,
	// canceled, requires_input, error).
	Reason string `json:"reason,omitempty"`
	// ReceivedAt is stored once; nothing resets it (CCPA's clock starts at
	// receipt, not verification).
	ReceivedAt      time.Time     `json:"receivedAt"`
	DueAt           time.Time     `json:"dueAt"`
	ExtendedAt      time.Time     `json:"extendedAt,omitzero"`
	ExtensionReason string        `json:"extensionReason,omitempty"`
	Verification    *Verification `json:"verification,omitempty"`
	Code            *Code         `json:"code,omitempty"`
	Steps           []Step        `json:"steps,omitempty"`
	// Download is the object key of an access or portability export.
	Download  string `json:"download,omitempty"`
	CreatedBy string `json:"createdBy"`
	// Notices are the emails the request called for and whether each was
	// sent: the sent markers that keep a notice from being lost or sent
	// twice (see Notice).
	Notices []Notice `json:"notices,omitempty"`
	// Audit is the head of the request's audit trail.
	Audit     audit.Head `json:"audit"`
	UpdatedAt time.Time  `json:"updatedAt"`
	// ClosedAt is when the request reached a final status: its records'
	// retention (privacy records, 24 months or the configured time) runs
	// from here, so an open request, however old, keeps its record and
	// trail.
	ClosedAt time.Time `json:"closedAt,omitzero"`
	// Version counts saves; 0 for a request never saved.
	Version int64 `json:"version"`
}

// Store keeps requests.
type Store interface {
	// Save writes r if the stored version is r.Version-1 (none for
	// Version 1), else ErrStale, together with the audit entries that
	// record the change (chained after the stored head), all or nothing.
	Save(ctx context.Context, r Request, entries ...audit.Entry) error
	// Get reads one request, ErrNotFound when there is none.
	Get(ctx context.Context, id string) (Request, error)
	// Trail reads a request and its audit trail together (one read).
	Trail(ctx context.Context, id string) (Request, []audit.Entry, error)
	audit.Reader
	// List returns every request, oldest first.
	List(ctx context.Context) ([]Request, error)
	// BySubject returns the requests about one user, oldest first.
	BySubject(ctx context.Context, userID string) ([]Request, error)
}

// Validate checks a new request's fields.
func (r Request) Validate() error {
	var errs []error
	if !r.Type.Valid() {
		errs = append(errs, fmt.Errorf("%w: type: unknown request type %q", ErrInvalid, r.Type))
	}
	if r.Subject.Email == "" && r.Subject.UserID == "" {
		errs = append(errs, fmt.Errorf("%w: subject: an email or a userId is required", ErrInvalid))
	}
	if r.Type == Correction && len(r.Corrections) == 0 {
		errs = append(errs, fmt.Errorf("%w: corrections: a correction request names what to correct", ErrInvalid))
	}
	if r.Type != Correction && len(r.Corrections) > 0 {
		errs = append(errs, fmt.Errorf("%w: corrections: only a correction request carries corrections", ErrInvalid))
	}
	return errors.Join(errs...)
}

// Step returns the named step, or nil.
func (r *Request) Step(name string) *Step {
	for i := range r.Steps {
		if r.Steps[i].Name == name {
			return &r.Steps[i]
		}
	}
	return nil
}

// DownloadUntil is when the request's export leaves the bucket: linkDays
// (the lifecycle rule's ExportLinkDays) after its publish step finished,
// the zip being uploaded just before. Zero without an export.
func (r *Request) DownloadUntil(linkDays int) time.Time {
	s := r.Step(StepPublish)
	if r.Download == "" || s == nil || s.Status != StepDone || s.DoneAt.IsZero() {
		return time.Time{}
	}
	return s.DoneAt.AddDate(0, 0, linkDays)
}

// NextStep returns the first step not done, or nil when all are.
func (r *Request) NextStep() *Step {
	for i := range r.Steps {
		if r.Steps[i].Status != StepDone {
			return &r.Steps[i]
		}
	}
	return nil
}
