package fake

import (
	"context"
	"slices"
	"sync"

	"github.com/medspa-ai/backend/shared/activity"
)

// Activity is activity.Recorder in memory: it keeps what it was given.
type Activity struct {
	mu       sync.Mutex
	usage    []activity.UsageEvent
	requests []activity.RequestLog
}

var _ activity.Recorder = (*Activity)(nil)

// Usage records a usage event.
func (a *Activity) Usage(_ context.Context, e activity.UsageEvent) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.usage = append(a.usage, e)
	return nil
}

// Request records a request log entry.
func (a *Activity) Request(_ context.Context, r activity.RequestLog) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.requests = append(a.requests, r)
	return nil
}

// UsageEvents returns the usage events recorded so far, oldest first.
func (a *Activity) UsageEvents() []activity.UsageEvent {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.usage)
}

// RequestLogs returns the request logs recorded so far, oldest first.
func (a *Activity) RequestLogs() []activity.RequestLog {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.requests)
}
