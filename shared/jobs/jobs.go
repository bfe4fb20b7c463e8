// Package jobs defines the messages the queues carry between functions, and
// checks them: a consumer never acts on a message it has not validated.
package jobs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

func checkID(field, v string) error {
	if v == "" {
		return fmt.Errorf("%s is required", field)
	}
	if !ids.Valid(v) {
		return fmt.Errorf("%s must be 1-64 letters, digits, '_' or '-'", field)
	}
	return nil
}

// Sync asks the sync worker to pull metrics for one connection.
type Sync struct {
	OrgID        string             `json:"orgId"`
	ConnectionID string             `json:"connectionId"`
	Platform     connector.Platform `json:"platform"`
	// Since and Until (YYYY-MM-DD, optional) override the default window:
	// the last 28 days, since platforms keep revising recent metrics.
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
	// Slot identifies the dispatch (the hour it ran), so a redelivered or
	// re-dispatched job for the same hour has one effect.
	Slot string `json:"slot"`
}

// Validate checks every field.
func (j Sync) Validate() error {
	var errs []error
	errs = append(errs, checkID("orgId", j.OrgID), checkID("connectionId", j.ConnectionID), checkID("slot", j.Slot))
	if !j.Platform.Valid() {
		errs = append(errs, connector.ErrPlatform("platform"))
	}
	var since, until time.Time
	var err error
	if j.Since != "" {
		if since, err = time.Parse(time.DateOnly, j.Since); err != nil {
			errs = append(errs, errors.New("since must be a date YYYY-MM-DD"))
		}
	}
	if j.Until != "" {
		if until, err = time.Parse(time.DateOnly, j.Until); err != nil {
			errs = append(errs, errors.New("until must be a date YYYY-MM-DD"))
		}
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		errs = append(errs, errors.New("until is before since"))
	}
	return errors.Join(errs...)
}

// ContentKind is what the generator makes.
type ContentKind string

const (
	Copy  ContentKind = "copy"
	Image ContentKind = "image"
	Video ContentKind = "video"
)

// Content asks the generator to fulfil one content request. The prompt
// itself stays in the account table (it passed the PHI guard there); the
// message carries only IDs.
type Content struct {
	OrgID     string      `json:"orgId"`
	RequestID string      `json:"requestId"`
	Kind      ContentKind `json:"kind"`
	// Poll numbers the generator's own messages that wait for an
	// asynchronous render; 0 is the request's first message.
	Poll int `json:"poll,omitempty"`
}

// Validate checks every field.
func (j Content) Validate() error {
	var errs []error
	errs = append(errs, checkID("orgId", j.OrgID), checkID("requestId", j.RequestID))
	switch j.Kind {
	case Copy, Image, Video:
	default:
		errs = append(errs, fmt.Errorf("kind must be one of %q, %q, %q", Copy, Image, Video))
	}
	if j.Poll < 0 || j.Poll > 0 && j.Kind != Video {
		errs = append(errs, errors.New("poll is for video requests only, from 1"))
	}
	return errors.Join(errs...)
}

// PrivacyRequestType is a right from policy section 8.
type PrivacyRequestType string

// The request types of policy section 8.
const (
	Access       PrivacyRequestType = "access"
	Portability  PrivacyRequestType = "portability"
	Correction   PrivacyRequestType = "correction"
	Deletion     PrivacyRequestType = "deletion"
	MarketingOut PrivacyRequestType = "marketing_opt_out"
	Objection    PrivacyRequestType = "objection"
	Restriction  PrivacyRequestType = "restriction"
	AIOptOut     PrivacyRequestType = "ai_opt_out"
	// ChildDeletion: policy section 10, a child's data deleted promptly.
	ChildDeletion PrivacyRequestType = "child_deletion"
)

// PrivacyRequestTypes lists every supported type.
var PrivacyRequestTypes = []PrivacyRequestType{Access, Portability, Correction, Deletion, MarketingOut, Objection, Restriction, AIOptOut, ChildDeletion}

// Privacy asks the privacy worker to carry out (or resume) an approved
// request. The request's state lives in the privacy table, never in the
// message, so a redelivery resumes at the step that failed.
type Privacy struct {
	RequestID string             `json:"requestId"`
	Type      PrivacyRequestType `json:"type"`
	// Version is the request's version when it was queued (optional): an
	// approval and each later retry are distinct jobs.
	Version int64 `json:"version,omitempty"`
	// Notice (optional) makes the job "send the request's notice of this
	// kind" (privacy.Notice*) instead of "carry out the request". The
	// message never carries the code or any address: the sender reads the
	// request and draws the code itself.
	Notice string `json:"notice,omitempty"`
	// PolicyVersion (instead of a request) makes the job "email every
	// registered user about this privacy policy version", from Cursor on
	// (policymail; a job queues its own continuation).
	PolicyVersion string `json:"policyVersion,omitempty"`
	Cursor        string `json:"cursor,omitempty"`
}

// Validate checks every field.
func (j Privacy) Validate() error {
	if j.PolicyVersion != "" {
		if j.RequestID != "" || j.Notice != "" {
			return errors.New("a policy job names no request or notice")
		}
		if len(j.PolicyVersion) > 40 || len(j.Cursor) > 1024 {
			return errors.New("policyVersion is at most 40 characters, cursor 1024")
		}
		return nil
	}
	errs := []error{checkID("requestId", j.RequestID)}
	if j.Notice != "" {
		errs = append(errs, checkID("notice", j.Notice))
	}
	ok := false
	for _, t := range PrivacyRequestTypes {
		ok = ok || j.Type == t
	}
	if !ok {
		names := make([]string, len(PrivacyRequestTypes))
		for i, t := range PrivacyRequestTypes {
			names[i] = string(t)
		}
		errs = append(errs, fmt.Errorf("type must be one of %s", strings.Join(names, ", ")))
	}
	return errors.Join(errs...)
}

// Key identifies a sync job: one connection's sync for one dispatch slot.
func (j Sync) Key() string { return "sync#" + j.OrgID + "#" + j.ConnectionID + "#" + j.Slot }

// Key identifies a content job.
func (j Content) Key() string {
	if j.Poll > 0 {
		return "content#" + j.OrgID + "#" + j.RequestID + "#poll" + strconv.Itoa(j.Poll)
	}
	return "content#" + j.OrgID + "#" + j.RequestID
}

// Key identifies a privacy job. Steps inside the request are checkpointed
// by the privacy worker itself; this key only collapses duplicate sends.
// A notice job is keyed by its kind and the version that recorded it (a
// code asked for again is a new job); its sent marker on the request is
// what keeps the email from going twice.
func (j Privacy) Key() string {
	if j.PolicyVersion != "" {
		return "privacy#policy#" + j.PolicyVersion + "#" + j.Cursor
	}
	k := "privacy#" + j.RequestID + "#" + string(j.Type) + "#" + strconv.FormatInt(j.Version, 10)
	if j.Notice != "" {
		k += "#notice#" + j.Notice
	}
	return k
}

// Publish asks the publisher to publish (or resume publishing) an approved
// campaign draft. The draft's steps live in the account table, never in
// the message, so a redelivery resumes at the step that failed.
type Publish struct {
	OrgID   string `json:"orgId"`
	DraftID string `json:"draftId"`
	// Action is PublishDraft (the default), PublishReview (read the
	// platform's review again) or PublishDelivery (pause, resume, archive).
	Action string `json:"action,omitempty"`
	// Delivery (paused, active, archived) and Actor (who asked) for
	// PublishDelivery.
	Delivery string `json:"delivery,omitempty"`
	Actor    string `json:"actor,omitempty"`
	// Poll counts the review polls the publisher scheduled itself.
	Poll int `json:"poll,omitempty"`
}

// Publish actions.
const (
	PublishDraft    = ""
	PublishReview   = "review"
	PublishDelivery = "delivery"
)

// Validate checks every field.
func (j Publish) Validate() error {
	errs := []error{checkID("orgId", j.OrgID), checkID("draftId", j.DraftID)}
	switch j.Action {
	case PublishDraft, PublishReview:
	case PublishDelivery:
		if j.Delivery != "paused" && j.Delivery != "active" && j.Delivery != "archived" {
			errs = append(errs, errors.New("delivery must be paused, active or archived"))
		}
		errs = append(errs, checkID("actor", j.Actor))
	default:
		errs = append(errs, fmt.Errorf("action must be empty, %q or %q", PublishReview, PublishDelivery))
	}
	return errors.Join(errs...)
}

// Optimize asks the optimiser to run for one organization: the week's
// budget plan and advice (the week holding Day), expiries and retries.
type Optimize struct {
	OrgID string `json:"orgId"`
	// Day (YYYY-MM-DD, UTC) is the day the run was asked for: the daily
	// schedule's day. Runs of one week write the same recommendations, so a
	// second day's run adds nothing new but still expires and retries.
	Day string `json:"day"`
	// RecommendationID, when set, makes the job the apply of one budget
	// recommendation a member approved (Actor, their user ID) instead of
	// a run: approving in the API queues it, so the change reaches the
	// platform within seconds rather than at the next day's run.
	RecommendationID string `json:"recommendationId,omitempty"`
	Actor            string `json:"actor,omitempty"`
}

// Validate checks every field.
func (j Optimize) Validate() error {
	err := checkID("orgId", j.OrgID)
	if _, perr := time.Parse(time.DateOnly, j.Day); perr != nil {
		err = errors.Join(err, errors.New("day must be a date YYYY-MM-DD"))
	}
	if j.RecommendationID != "" || j.Actor != "" {
		err = errors.Join(err, checkID("recommendationId", j.RecommendationID), checkID("actor", j.Actor))
	}
	return err
}

// Key identifies an optimiser job: one organization's run for one day, or
// the apply of one approved recommendation (approved once, so applied
// once), so a redelivered or doubled message runs once.
func (j Optimize) Key() string {
	if j.RecommendationID != "" {
		return "optimize#" + j.OrgID + "#apply#" + j.RecommendationID
	}
	return "optimize#" + j.OrgID + "#" + j.Day
}
