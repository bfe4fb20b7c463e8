// Package activity is what happens at the API, recorded for the product and
// for operations: a usage event per request (usage/analytics category:
// feature, user, org, time; kept 2 years) and a request log entry (logs
// category: IP, user agent, method, route, status, latency; kept 1 year).
// Neither holds a request body, a token or any free text a user typed.
// activitydb writes them to their tables.
package activity

import (
	"context"
	"time"
)

// UsageEvent is one use of a feature.
type UsageEvent struct {
	Feature   string
	UserID    string
	OrgID     string
	At        time.Time
	RequestID string
}

// RequestLog is one request's technical record.
type RequestLog struct {
	RequestID string
	At        time.Time
	UserID    string
	OrgID     string
	Method    string
	Route     string
	Status    int
	Latency   time.Duration
	IP        string
	UserAgent string
}

// Recorder writes usage events and request logs.
type Recorder interface {
	Usage(context.Context, UsageEvent) error
	Request(context.Context, RequestLog) error
}
