// Package worker carries out approved privacy requests step by step. Each
// step is idempotent, and its completion is checkpointed in the request
// record together with its audit entry in one write: a crash or a
// redelivery resumes at the first step not done, never redoes a finished
// one and never writes an audit row twice. Everything a step needs is read
// from the request record and the data stores, so a request approved days
// after its receipt runs the same.
package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// Step does one named step of a request and returns what it did (IDs and
// counts for the audit trail, never personal data).
type Step func(ctx context.Context, r privacy.Request) (map[string]string, error)

// Pause stops a request without failing it: paused (a legal hold) or
// requires_input (an organization's last owner, an unreachable system).
type Pause struct {
	Status privacy.Status
	Reason string
}

func (p *Pause) Error() string { return string(p.Status) + ": " + p.Reason }

// Paused returns a Pause error.
func Paused(reason string) error { return &Pause{Status: privacy.Paused, Reason: reason} }

// NeedsInput returns a requires_input Pause error.
func NeedsInput(reason string) error { return &Pause{Status: privacy.RequiresInput, Reason: reason} }

// ReasonLegalHold is why an erasure under a legal hold is paused.
const ReasonLegalHold = "legal_hold"

// Runner runs requests.
type Runner struct {
	Store privacy.Store
	Steps map[string]Step
	Now   func() time.Time
	// Notify (optional) sends the completion notice, which is recorded on
	// the request with its completion (a redelivered job sends it if it is
	// still unsent).
	Notify privacy.Notifier
}

const actor = "privacy-worker"

func (w Runner) save(ctx context.Context, r *privacy.Request, es ...audit.Entry) error {
	return privacy.SaveWith(ctx, w.Store, r, w.Now().UTC(), es...)
}

// Run carries request id as far as it goes. A request that is not approved
// or in processing is left alone (canceled, paused, already complete: a
// redelivered job is a no-op). An error is returned only when the request
// could not be read or saved; the message is then redelivered and resumes.
func (w Runner) Run(ctx context.Context, id string) error {
	r, err := w.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	now := w.Now().UTC()
	switch r.Status {
	case privacy.Approved:
		if len(r.Steps) == 0 {
			r.Steps = privacy.PlanSteps(r.Type)
		}
		if err := r.Move(privacy.InProcessing, ""); err != nil {
			return err
		}
		if err := w.save(ctx, &r, privacy.Entry(r, actor, "started", "", now, nil)); err != nil {
			return err
		}
	case privacy.InProcessing:
	case privacy.Complete:
		return w.notifyCompletion(ctx, r)
	default:
		return nil
	}
	for s := r.NextStep(); s != nil; s = r.NextStep() {
		name := s.Name
		fn, ok := w.Steps[name]
		if !ok {
			return w.fail(ctx, &r, name, fmt.Errorf("no implementation of step %q", name))
		}
		result, err := fn(ctx, r)
		now := w.Now().UTC()
		var p *Pause
		switch {
		case errors.As(err, &p):
			if err := r.Move(p.Status, p.Reason); err != nil {
				return err
			}
			return w.save(ctx, &r, privacy.Entry(r, actor, string(p.Status), p.Reason, now, map[string]string{"step": name}))
		case err != nil:
			return w.fail(ctx, &r, name, err)
		}
		s = r.Step(name)
		s.Status, s.Error, s.DoneAt, s.Result = privacy.StepDone, "", now, result
		if name == privacy.StepPublish {
			r.Download = result["key"]
		}
		s.Attempts++
		if err := w.save(ctx, &r, privacy.Entry(r, actor, "step_done", "", now, withStep(result, name))); err != nil {
			return err
		}
	}
	now = w.Now().UTC()
	if err := r.Move(privacy.AwaitingFinalization, ""); err != nil {
		return err
	}
	if err := r.Move(privacy.Complete, ""); err != nil {
		return err
	}
	r.AddNotice(privacy.NoticeCompletion, now, nil)
	if err := w.save(ctx, &r, privacy.Entry(r, actor, "complete", "", now, nil)); err != nil {
		return err
	}
	return w.notifyCompletion(ctx, r)
}

// notifyCompletion sends the completion notice if it is still unsent; an
// error has the job redelivered, which lands here again.
func (w Runner) notifyCompletion(ctx context.Context, r privacy.Request) error {
	if n := r.Notice(privacy.NoticeCompletion); w.Notify == nil || n == nil || n.Status != privacy.NoticePending {
		return nil
	}
	return w.Notify(ctx, r, privacy.NoticeCompletion)
}

func withStep(m map[string]string, step string) map[string]string {
	out := map[string]string{"step": step}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// fail records a step's error: the request waits in error for the
// privacy team's retry, which resumes at this step.
func (w Runner) fail(ctx context.Context, r *privacy.Request, name string, cause error) error {
	now := w.Now().UTC()
	s := r.Step(name)
	s.Status, s.Error = privacy.StepFailed, cause.Error()
	s.Attempts++
	if err := r.Move(privacy.Failed, "step "+name+" failed"); err != nil {
		return err
	}
	return w.save(ctx, r, privacy.Entry(*r, actor, "step_failed", cause.Error(), now, map[string]string{"step": name}))
}
