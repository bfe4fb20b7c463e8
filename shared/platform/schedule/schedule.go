// Package schedule is the event EventBridge Scheduler sends our functions:
// the Input the template gives each ScheduleV2 event, {"schedule": "<name>"}.
package schedule

import (
	"fmt"
	"time"
)

// Event is a schedule's input.
type Event struct {
	Schedule string `json:"schedule"`
	// ScheduledTime is when the invocation was due (the template passes
	// <aws.scheduler.scheduled-time>); a retry of the same invocation
	// carries the same time.
	ScheduledTime string `json:"scheduledTime,omitempty"`
}

// At returns the scheduled time, or now when the event has none. A
// malformed time is an error: it would silently change what the run means.
func (e Event) At(now time.Time) (time.Time, error) {
	if e.ScheduledTime == "" {
		return now, nil
	}
	t, err := time.Parse(time.RFC3339, e.ScheduledTime)
	if err != nil {
		return time.Time{}, fmt.Errorf("schedule: scheduledTime %q is not an RFC 3339 time", e.ScheduledTime)
	}
	return t, nil
}

// Expect refuses an event meant for another schedule: a misrouted trigger
// must fail visibly rather than run the wrong job.
func (e Event) Expect(name string) error {
	if e.Schedule != name {
		return fmt.Errorf("schedule: this function runs %q, got event for %q", name, e.Schedule)
	}
	return nil
}

// Due is when an event that must be schedule name's was due: Expect, then
// At.
func (e Event) Due(name string, now time.Time) (time.Time, error) {
	if err := e.Expect(name); err != nil {
		return time.Time{}, err
	}
	return e.At(now)
}
