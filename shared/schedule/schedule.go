// Package schedule is the event EventBridge Scheduler sends our functions:
// the Input the template gives each ScheduleV2 event, {"schedule": "<name>"}.
package schedule

import "fmt"

// Event is a schedule's input.
type Event struct {
	Schedule string `json:"schedule"`
}

// Expect refuses an event meant for another schedule: a misrouted trigger
// must fail visibly rather than run the wrong job.
func (e Event) Expect(name string) error {
	if e.Schedule != name {
		return fmt.Errorf("schedule: this function runs %q, got event for %q", name, e.Schedule)
	}
	return nil
}
