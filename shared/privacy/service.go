package privacy

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// Notice kinds the requester receives.
const (
	NoticeCode       = "verification_code"
	NoticeReceipt    = "receipt"
	NoticeExtended   = "extended"
	NoticeDenied     = "denied"
	NoticeClosed     = "closed_unverified"
	NoticeCompletion = "completion"
)

// Queue hands an approved request to the worker.
type Queue interface {
	Enqueue(ctx context.Context, r Request) error
}

// Service is the lifecycle: every change is saved with its audit entry in
// one write.
//
// Emails are recorded on the request (Notices) in the same conditional
// write as the change that calls for them, then handed to Notify. A notice
// whose hand-over fails is not lost: it stays pending on the request and
// the daily run (SweepNotices) hands it over again; the sender's claim and
// sent marker keep it from going twice.
type Service struct {
	Store  Store
	Notify Notifier
	Queue  Queue
	Now    func() time.Time
	NewID  func() string
	// Log (optional) records a notice whose hand-over failed (request ID
	// and kind only).
	Log *slog.Logger
}

// New is what a submitter gives.
type New struct {
	Type        Type
	Subject     Subject
	Channel     string
	Corrections map[string]string
	// Verification is how a privacy-team member verified the subject; nil
	// sends a one-time code.
	Verification *Verification
}

// Entry builds an audit entry for the request's next save.
func Entry(r Request, actor, action, reason string, at time.Time, detail map[string]string) audit.Entry {
	return audit.Entry{RequestID: r.ID, At: at, Actor: actor, Action: action, Reason: reason, Detail: detail}
}

// save chains es after r's head, bumps its version and writes both.
func (v Service) save(ctx context.Context, r *Request, es ...audit.Entry) error {
	return SaveWith(ctx, v.Store, r, v.Now().UTC(), es...)
}

// SaveWith chains es after r's head, bumps its version and writes both to
// st (ErrStale when r changed since it was read); r is updated on success.
func SaveWith(ctx context.Context, st Store, r *Request, now time.Time, es ...audit.Entry) error {
	chained, h := audit.Chain(r.Audit, es...)
	next := *r
	next.Version++
	next.Audit = h
	next.UpdatedAt = now
	if next.Status.Final() && next.ClosedAt.IsZero() {
		next.ClosedAt = now
	}
	if err := st.Save(ctx, next, chained...); err != nil {
		return err
	}
	*r = next
	return nil
}

// Submit records a new request. A verified one (privacy-team verification
// or a signed-in member) goes to review; otherwise a one-time code goes
// to the address on file.
func (v Service) Submit(ctx context.Context, actor string, in New) (Request, error) {
	now := v.Now().UTC()
	r := Request{ID: v.NewID(), Type: in.Type, Subject: in.Subject, Channel: in.Channel, Corrections: in.Corrections,
		Status: Received, ReceivedAt: now, DueAt: DueAt(now), CreatedBy: actor}
	if err := r.Validate(); err != nil {
		return Request{}, err
	}
	es := []audit.Entry{Entry(r, actor, "received", "", now, map[string]string{"type": string(r.Type), "channel": r.Channel})}
	if in.Verification != nil {
		vf := *in.Verification
		vf.By, vf.At = actor, now
		if err := r.RecordVerification(vf); err != nil {
			return Request{}, err
		}
		es = append(es, Entry(r, actor, "verified", "", now, map[string]string{"method": vf.Method}))
	} else {
		if err := r.Move(IdentityUnverified, ""); err != nil {
			return Request{}, err
		}
		// The code itself is drawn by the sender when it sends (notify):
		// it never travels through the queue and exists only in the email
		// and, hashed, on the request.
		r.AddNotice(NoticeCode, now, nil)
		es = append(es, Entry(r, "system", "verification_requested", "", now, nil))
	}
	r.AddNotice(NoticeReceipt, now, map[string]string{"dueAt": r.DueAt.Format(time.DateOnly)})
	if err := v.save(ctx, &r, es...); err != nil {
		return Request{}, err
	}
	v.notify(ctx, r, NoticeCode, NoticeReceipt)
	return r, nil
}

// notify hands r's unsent notices of the given kinds to the sender. A
// failure is logged, not returned: the change is saved and the notice
// stays pending on the request for SweepNotices.
func (v Service) notify(ctx context.Context, r Request, kinds ...string) {
	if v.Notify == nil {
		return
	}
	for _, k := range kinds {
		if n := r.Notice(k); n == nil || n.Status != NoticePending {
			continue
		}
		if err := v.Notify(ctx, r, k); err != nil && v.Log != nil {
			v.Log.WarnContext(ctx, "privacy notice not handed over; the daily run retries it", "requestId", r.ID, "kind", k, "error", err.Error())
		}
	}
}

// SweepNotices hands over again every notice still unsent whose claim is
// not held (a lost queue message, a sender that crashed); it returns how
// many it handed over.
func (v Service) SweepNotices(ctx context.Context) (int, error) {
	all, err := v.Store.List(ctx)
	if err != nil || v.Notify == nil {
		return 0, err
	}
	now, n := v.Now(), 0
	var errs []error
	for _, r := range all {
		for _, k := range r.Unsent() {
			if !r.Notice(k).Due(now) {
				continue
			}
			if err := v.Notify(ctx, r, k); err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
	}
	return n, errors.Join(errs...)
}

// change reads, changes and saves a request, retrying once on a
// concurrent change.
func (v Service) change(ctx context.Context, id string, fn func(r *Request, now time.Time) ([]audit.Entry, error)) (Request, error) {
	for attempt := 0; ; attempt++ {
		r, err := v.Store.Get(ctx, id)
		if err != nil {
			return Request{}, err
		}
		now := v.Now().UTC()
		es, err := fn(&r, now)
		if err != nil {
			return Request{}, err
		}
		err = v.save(ctx, &r, es...)
		if errors.Is(err, ErrStale) && attempt < 2 {
			continue
		}
		return r, err
	}
}

// VerifyCode checks a code given back by the subject (public link) or
// read to a privacy-team member (actor).
func (v Service) VerifyCode(ctx context.Context, id, code, actor string) (Request, error) {
	var checkErr error
	r, err := v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		before := 0
		if r.Code != nil {
			before = r.Code.Attempts
		}
		checkErr = r.CheckCode(code, actor, now)
		switch {
		case checkErr == nil:
			return []audit.Entry{Entry(*r, actor, "verified", "", now, map[string]string{"method": VerifiedByCode})}, nil
		case r.Code != nil && r.Code.Attempts > before:
			// A wrong attempt is saved too, so the lockout holds across calls.
			action := "verification_failed"
			if r.Code.Locked {
				action = "verification_locked"
			}
			return []audit.Entry{Entry(*r, actor, action, "", now, nil)}, nil
		}
		return nil, checkErr
	})
	if err != nil {
		return r, err
	}
	return r, checkErr
}

// RecordVerification records a privacy-team verification.
func (v Service) RecordVerification(ctx context.Context, id, actor string, vf Verification) (Request, error) {
	return v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		vf.By, vf.At = actor, now
		if err := r.RecordVerification(vf); err != nil {
			return nil, err
		}
		return []audit.Entry{Entry(*r, actor, "verified", "", now, map[string]string{"method": vf.Method})}, nil
	})
}

// Approve approves a verified request and hands it to the worker. The
// worker reads everything from the request record, so approval days
// after receipt runs the same as at once.
func (v Service) Approve(ctx context.Context, id, actor string) (Request, error) {
	r, err := v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		if err := r.Move(Approved, ""); err != nil {
			return nil, err
		}
		r.Steps = PlanSteps(r.Type)
		return []audit.Entry{Entry(*r, actor, "approved", "", now, nil)}, nil
	})
	if err != nil {
		return r, err
	}
	return r, v.Queue.Enqueue(ctx, r)
}

// Deny closes a request under review, for a reason.
func (v Service) Deny(ctx context.Context, id, actor, reason string) (Request, error) {
	r, err := v.simple(ctx, id, actor, Denied, "denied", reason, NoticeDenied)
	if err == nil {
		v.notify(ctx, r, NoticeDenied)
	}
	return r, err
}

// Cancel ends a request that is not final, for a reason.
func (v Service) Cancel(ctx context.Context, id, actor, reason string) (Request, error) {
	return v.simple(ctx, id, actor, Canceled, "canceled", reason, "")
}

// simple moves the request for a reason; notice (optional) is recorded
// with the move, carrying the reason.
func (v Service) simple(ctx context.Context, id, actor string, to Status, action, reason, notice string) (Request, error) {
	if reason == "" {
		return Request{}, ErrInvalid
	}
	return v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		if err := r.Move(to, reason); err != nil {
			return nil, err
		}
		if notice != "" {
			r.AddNotice(notice, now, map[string]string{"reason": reason})
		}
		return []audit.Entry{Entry(*r, actor, action, reason, now, nil)}, nil
	})
}

// Extend uses the request's one extension.
func (v Service) Extend(ctx context.Context, id, actor, reason string) (Request, error) {
	r, err := v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		if err := r.Extend(reason, now); err != nil {
			return nil, err
		}
		r.AddNotice(NoticeExtended, now, map[string]string{"dueAt": r.DueAt.Format(time.DateOnly), "reason": reason})
		return []audit.Entry{Entry(*r, actor, "extended", reason, now, map[string]string{"dueAt": r.DueAt.Format(time.RFC3339)})}, nil
	})
	if err == nil {
		v.notify(ctx, r, NoticeExtended)
	}
	return r, err
}

// Retry resumes a failed, paused or input-waiting request at its first
// step not done.
func (v Service) Retry(ctx context.Context, id, actor string) (Request, error) {
	r, err := v.change(ctx, id, func(r *Request, now time.Time) ([]audit.Entry, error) {
		switch r.Status {
		case Failed, Paused, RequiresInput:
		default:
			return nil, ErrTransition
		}
		step := ""
		if s := r.NextStep(); s != nil {
			step = s.Name
		}
		if err := r.Move(InProcessing, ""); err != nil {
			return nil, err
		}
		return []audit.Entry{Entry(*r, actor, "retried", "", now, map[string]string{"step": step})}, nil
	})
	if err != nil {
		return r, err
	}
	return r, v.Queue.Enqueue(ctx, r)
}

// CloseStale closes every request unverified past VerifyWindow, with a
// notice; it returns how many it closed.
func (v Service) CloseStale(ctx context.Context) (int, error) {
	all, err := v.Store.List(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range all {
		if !r.Stale(v.Now()) {
			continue
		}
		r, err := v.change(ctx, r.ID, func(r *Request, now time.Time) ([]audit.Entry, error) {
			if !r.Stale(now) {
				return nil, ErrTransition
			}
			r.Code = nil
			if err := r.Move(ClosedUnverified, "identity not verified in time"); err != nil {
				return nil, err
			}
			r.AddNotice(NoticeClosed, now, nil)
			return []audit.Entry{Entry(*r, "system", "closed_unverified", r.Reason, now, nil)}, nil
		})
		if errors.Is(err, ErrTransition) {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
		v.notify(ctx, r, NoticeClosed)
	}
	return n, nil
}

// Filter selects requests for the list.
type Filter struct {
	Status Status
	Type   Type
	// Due is "", "soon" or "overdue".
	Due string
}

// List returns the requests the filter keeps, oldest first.
func (v Service) List(ctx context.Context, f Filter) ([]Request, error) {
	all, err := v.Store.List(ctx)
	if err != nil {
		return nil, err
	}
	now := v.Now()
	out := all[:0]
	for _, r := range all {
		if (f.Status != "" && r.Status != f.Status) || (f.Type != "" && r.Type != f.Type) ||
			(f.Due == "soon" && !r.DueSoon(now)) || (f.Due == "overdue" && !r.Overdue(now)) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Summary is the privacy team's daily summary.
type Summary struct {
	Open, DueSoon, Overdue int
	DueSoonIDs, OverdueIDs []string
	// Due is each listed request's due date.
	Due map[string]time.Time
}

// Summarize counts the open requests due within SoonDays and overdue.
func (v Service) Summarize(ctx context.Context) (Summary, error) {
	all, err := v.Store.List(ctx)
	if err != nil {
		return Summary{}, err
	}
	now := v.Now()
	s := Summary{Due: map[string]time.Time{}}
	for _, r := range all {
		if r.Status.Final() {
			continue
		}
		s.Open++
		if r.Overdue(now) {
			s.Overdue++
			s.OverdueIDs = append(s.OverdueIDs, r.ID)
			s.Due[r.ID] = r.DueAt
		} else if r.DueSoon(now) {
			s.DueSoon++
			s.DueSoonIDs = append(s.DueSoonIDs, r.ID)
			s.Due[r.ID] = r.DueAt
		}
	}
	return s, nil
}
