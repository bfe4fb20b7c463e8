package campaign

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
)

// Target is the ad account publishing acts on, with the connection's
// tokens (never logged: connector.Tokens prints as "[tokens]").
type Target struct {
	AccountID string
	Tokens    connector.Tokens
}

// Ads is one platform's write API.
type Ads interface {
	// Find looks up the object of a step created by an earlier attempt
	// whose answer was lost (by the draft's tag in its name); "" if none.
	Find(ctx context.Context, t Target, d Draft, step string) (string, error)
	// Create makes the object of a step; earlier steps' IDs are in d.Steps.
	// media is the file, for the media step.
	Create(ctx context.Context, t Target, d Draft, step string, media []byte) (string, error)
	// Review reads the platform's review of the published ad.
	Review(ctx context.Context, t Target, d Draft) (Review, error)
	// SetDelivery pauses, resumes or archives the published campaign and ad.
	SetDelivery(ctx context.Context, t Target, d Draft, to Delivery) error
}

// PlatformError is the platform's refusal, in plain words. Retryable ones
// (throttling, 5xx) are retried by redelivery; others end the draft failed.
type PlatformError struct {
	Platform  connector.Platform
	Code      string
	Message   string
	Retryable bool
}

func (e *PlatformError) Error() string {
	return fmt.Sprintf("%s refused the request (%s): %s", e.Platform, e.Code, e.Message)
}

// Targets gives the account and fresh tokens of a connection.
type Targets interface {
	Target(ctx context.Context, orgID, connectionID string) (Target, error)
}

// Publisher publishes approved drafts.
type Publisher struct {
	Store   Store
	Ads     map[connector.Platform]Ads
	Targets Targets
	// Media reads an asset's bytes by key.
	Media func(ctx context.Context, key string) ([]byte, error)
	// OptedOut reports whether the organization or the user opted out of
	// AI processing (nil: nobody has).
	OptedOut func(ctx context.Context, orgID, userID string) (bool, error)
	Now      func() time.Time
	// StepLease is how long a step another attempt started is left to it
	// before this one looks it up and retries it (default 2 minutes, more
	// than the function's timeout).
	StepLease time.Duration
	// AfterStep runs after each step's ID is recorded (tests stop there).
	AfterStep func(step string) error
	// ReviewLater queues a review poll for later (nil: polls come only
	// from reads of the draft). Polls stop when the review is final or
	// after MaxReviewPolls.
	ReviewLater func(ctx context.Context, j jobs.Publish) error
}

// MaxReviewPolls bounds the review polls the publisher schedules itself
// (with PublishQueue's 15-minute delay, about 6 hours); reads of the draft
// keep polling after that.
const MaxReviewPolls = 24

// ErrInProgress: another attempt is working on the draft's next step.
var ErrInProgress = errors.New("campaign: another attempt is publishing this draft")

// PermanentError ends a job: the draft cannot be published as it is.
type PermanentError struct{ Reason string }

func (e *PermanentError) Error() string { return "campaign: " + e.Reason }

func (p *Publisher) now() time.Time {
	if p.Now == nil {
		return time.Now().UTC()
	}
	return p.Now().UTC()
}

func (p *Publisher) save(ctx context.Context, d *Draft) error {
	d.Version++
	d.UpdatedAt = p.now()
	return p.Store.UpdateDraft(ctx, *d)
}

// Run publishes draft id of orgID, resuming after the last recorded step.
// A published draft is left alone; a failed one reports its reason again.
func (p *Publisher) Run(ctx context.Context, orgID, id string) error {
	d, found, err := p.Store.GetDraft(ctx, orgID, id)
	if err != nil {
		return err
	}
	if !found {
		return &PermanentError{Reason: fmt.Sprintf("draft %s of %s not found", id, orgID)}
	}
	switch d.Status {
	case Published:
		return nil
	case Failed:
		return &PermanentError{Reason: d.Reason}
	case Drafted:
		return &PermanentError{Reason: "the draft is not approved"}
	}
	ads := p.Ads[d.Platform]
	if ads == nil {
		return &PermanentError{Reason: "no publisher for platform " + string(d.Platform)}
	}
	if p.OptedOut != nil && d.Creative.Origin != Own {
		for _, u := range []string{d.CreatedBy, d.ApprovedBy} {
			out, err := p.OptedOut(ctx, d.OrgID, u)
			if err != nil {
				return err
			}
			if out {
				return p.fail(ctx, &d, "AI processing was opted out of; only the organization's own creatives and settings can be published")
			}
		}
	}
	if d.Status == Approved {
		d.Status = Publishing
		d.Audit = append(d.Audit, Event{At: p.now(), Actor: "publisher", Action: "publishing", Detail: fmt.Sprintf("%s account %s", d.Platform, d.AccountID)})
		if err := p.save(ctx, &d); err != nil {
			return err
		}
	}
	t, err := p.Targets.Target(ctx, d.OrgID, d.ConnectionID)
	if err != nil {
		return p.platformFailure(ctx, &d, err)
	}
	lease := p.StepLease
	if lease == 0 {
		lease = 2 * time.Minute
	}
	for _, step := range Steps(d) {
		i := stepIndex(d, step)
		if i >= 0 && d.Steps[i].PlatformID != "" {
			continue
		}
		id := ""
		if i >= 0 {
			// An earlier attempt started this step: it may have succeeded.
			if started := d.Steps[i].DoneAt; p.now().Sub(started) < lease {
				return ErrInProgress
			}
			if id, err = ads.Find(ctx, t, d, step); err != nil {
				return p.platformFailure(ctx, &d, err)
			}
		}
		if i < 0 {
			d.Steps = append(d.Steps, Step{Name: step, DoneAt: p.now()})
			i = len(d.Steps) - 1
		} else {
			d.Steps[i].DoneAt = p.now()
		}
		if id == "" {
			// Claim the step before calling the platform: a concurrent
			// attempt's claim makes this write stale and this attempt stops.
			if err := p.save(ctx, &d); err != nil {
				return err
			}
			var media []byte
			if step == StepImage || step == StepVideo {
				if media, err = p.Media(ctx, d.Creative.MediaKey); err != nil {
					return err
				}
			}
			if id, err = ads.Create(ctx, t, d, step, media); err != nil {
				return p.platformFailure(ctx, &d, err)
			}
		}
		d.Steps[i].PlatformID, d.Steps[i].DoneAt = id, p.now()
		if err := p.save(ctx, &d); err != nil {
			return err
		}
		if p.AfterStep != nil {
			if err := p.AfterStep(step); err != nil {
				return err
			}
		}
	}
	d.Status, d.Reason, d.Delivery = Published, "", d.Launch
	d.Review = &Review{Status: InReview, CheckedAt: p.now()}
	d.Audit = append(d.Audit, Event{At: p.now(), Actor: "publisher", Action: "published", Detail: fmt.Sprintf("%d objects, %s", len(d.Steps), d.Launch)})
	return p.save(ctx, &d)
}

func stepIndex(d Draft, name string) int {
	for i, s := range d.Steps {
		if s.Name == name {
			return i
		}
	}
	return -1
}

func (p *Publisher) platformFailure(ctx context.Context, d *Draft, err error) error {
	var pe *PlatformError
	if !errors.As(err, &pe) || pe.Retryable {
		return err
	}
	return p.fail(ctx, d, pe.Error())
}

func (p *Publisher) fail(ctx context.Context, d *Draft, reason string) error {
	d.Status, d.Reason = Failed, reason
	d.Attempts++
	d.Audit = append(d.Audit, Event{At: p.now(), Actor: "publisher", Action: "failed", Detail: reason})
	if err := p.save(ctx, d); err != nil {
		return err
	}
	return &PermanentError{Reason: reason}
}

// Refresh reads the platform's review of a published draft and keeps it.
func (p *Publisher) Refresh(ctx context.Context, orgID, id string) (Draft, error) {
	d, found, err := p.Store.GetDraft(ctx, orgID, id)
	if err != nil {
		return d, err
	}
	if !found {
		return d, ErrNotFound
	}
	if d.Status != Published {
		return d, nil
	}
	t, err := p.Targets.Target(ctx, d.OrgID, d.ConnectionID)
	if err != nil {
		return d, err
	}
	r, err := p.Ads[d.Platform].Review(ctx, t, d)
	if err != nil {
		return d, err
	}
	r.CheckedAt = p.now()
	if d.Review != nil && d.Review.Status == r.Status && d.Review.Reason == r.Reason && d.Review.PlatformStatus == r.PlatformStatus {
		return d, nil
	}
	d.Review = &r
	d.Audit = append(d.Audit, Event{At: p.now(), Actor: "publisher", Action: "review", Detail: string(r.Status)})
	return d, p.save(ctx, &d)
}

// ErrNotPublished: pause, resume and archive need a published draft.
var ErrNotPublished = errors.New("campaign: the draft is not published")

// SetDelivery pauses, resumes or archives a published draft at the
// platform, then records it with who asked.
func (p *Publisher) SetDelivery(ctx context.Context, d Draft, to Delivery, actor string) (Draft, error) {
	if d.Status != Published {
		return d, ErrNotPublished
	}
	if d.Delivery == to {
		return d, nil
	}
	t, err := p.Targets.Target(ctx, d.OrgID, d.ConnectionID)
	if err != nil {
		return d, err
	}
	if err := p.Ads[d.Platform].SetDelivery(ctx, t, d, to); err != nil {
		return d, err
	}
	d.Delivery = to
	d.Audit = append(d.Audit, Event{At: p.now(), Actor: actor, Action: string(to)})
	return d, p.save(ctx, &d)
}

// Job is the queue worker's work: one publish message. A draft no retry
// will publish is reported as poison, so the message reaches the DLQ with
// the reason logged.
func (p *Publisher) Job(ctx context.Context, j jobs.Publish) error {
	var err error
	switch j.Action {
	case jobs.PublishReview:
		var d Draft
		if d, err = p.Refresh(ctx, j.OrgID, j.DraftID); errors.Is(err, ErrNotFound) {
			err = &PermanentError{Reason: "draft not found"}
		}
		if err == nil && d.Review != nil && d.Review.Status == InReview && j.Poll > 0 && j.Poll < MaxReviewPolls {
			err = p.later(ctx, jobs.Publish{OrgID: j.OrgID, DraftID: j.DraftID, Action: jobs.PublishReview, Poll: j.Poll + 1})
		}
	case jobs.PublishDelivery:
		var d Draft
		var found bool
		if d, found, err = p.Store.GetDraft(ctx, j.OrgID, j.DraftID); err == nil && !found {
			err = &PermanentError{Reason: "draft not found"}
		}
		if err == nil {
			_, err = p.SetDelivery(ctx, d, Delivery(j.Delivery), j.Actor)
		}
		if errors.Is(err, ErrNotPublished) {
			err = &PermanentError{Reason: err.Error()}
		}
		var pe *PlatformError
		if errors.As(err, &pe) && !pe.Retryable {
			err = &PermanentError{Reason: pe.Error()}
		}
	default:
		if err = p.Run(ctx, j.OrgID, j.DraftID); err == nil {
			err = p.later(ctx, jobs.Publish{OrgID: j.OrgID, DraftID: j.DraftID, Action: jobs.PublishReview, Poll: 1})
		}
	}
	var pe *PermanentError
	if errors.As(err, &pe) {
		return sqsbatch.Poison("draft %s of %s: %s", j.DraftID, j.OrgID, pe.Reason)
	}
	return err
}

// Handle is the SQS record handler (sqsbatch.Handle) for publish jobs.
func (p *Publisher) Handle(ctx context.Context, _ events.SQSMessage, j jobs.Publish) error {
	return p.Job(ctx, j)
}

func (p *Publisher) later(ctx context.Context, j jobs.Publish) error {
	if p.ReviewLater == nil {
		return nil
	}
	return p.ReviewLater(ctx, j)
}
