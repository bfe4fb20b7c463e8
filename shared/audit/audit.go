// Package audit is the privacy audit trail (privacy records category):
// retention deletions, sweeps and privacy-request steps, each written once.
// Entries have deterministic IDs, so a redelivered event that records the
// same entry again is a no-op and retries never duplicate rows. auditdb
// keeps the trail in the privacy table.
package audit

import (
	"context"
	"time"
)

// Entry is one audit row. Put IDs in it, never personal data.
type Entry struct {
	// ID makes the entry unique and its write idempotent.
	ID string
	// Kind groups entries: "ttl_delete", "retention_sweep", "privacy_request", ...
	Kind string
	// Actor is who acted: a user ID or a system component.
	Actor  string
	At     time.Time
	Detail map[string]string
}

// Recorder appends entries to the trail.
type Recorder interface {
	// Record writes e unless an entry with its ID exists.
	Record(ctx context.Context, e Entry) error
}

// Count is a daily tally an entry adds to: Add's numbers are added to the
// counters named Key on Day (UTC).
type Count struct {
	Day time.Time
	Key string
	Add map[string]int
}

// Counter is a Recorder that also keeps daily tallies, adding an entry's
// numbers in the same write as the entry: an entry recorded again (a
// retry) adds nothing, so the tallies stay exact.
type Counter interface {
	Recorder
	RecordCounted(ctx context.Context, e Entry, c Count) error
	// Counts returns the tallies of the days from since to now (UTC),
	// in one read: per day (yyyy-mm-dd) and key, each counter.
	Counts(ctx context.Context, since time.Time) (map[string]map[string]map[string]int, error)
}
