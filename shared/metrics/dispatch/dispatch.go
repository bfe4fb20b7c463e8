// Package dispatch is the hourly sync dispatcher: it turns every active
// ad-platform connection into one sync job on the sync queue.
package dispatch

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/schedule"
)

// Sender enqueues jobs.
type Sender = jobs.Sender

// Orgs reads organizations' status (orgdb.Store): "" for one that no
// longer exists.
type Orgs interface {
	Status(ctx context.Context, orgID string) (org.Status, error)
}

// Dispatcher enqueues sync jobs.
type Dispatcher struct {
	Connections connector.Lister
	// Orgs keeps a cancelled organization's connections from syncing: the
	// customer relationship has ended, so no more of its ad accounts'
	// data is fetched (its connections stay, for a reactivation).
	Orgs  Orgs
	Queue Sender
	Log   *slog.Logger
	Now   func() time.Time
}

// Name is the schedule's input name (template.yaml, SyncScheduleFunction).
const Name = "sync-dispatch"

// Result says what a run did.
type Result struct {
	Slot    string `json:"slot"`
	Queued  int    `json:"queued"`
	Skipped int    `json:"skipped"`
	// Inactive counts connections of cancelled or gone organizations.
	Inactive int `json:"inactive"`
}

// Handle is the Lambda handler for the schedule's event.
func (d Dispatcher) Handle(ctx context.Context, ev schedule.Event) (Result, error) {
	at, err := ev.Due(Name, d.Now())
	if err != nil {
		return Result{}, err
	}
	// The slot names the scheduled hour, so a retried or doubled schedule
	// invocation yields jobs the worker recognizes as duplicates.
	res := Result{Slot: at.UTC().Truncate(time.Hour).Format("2006010215")}
	// One job per connection and window (the slot): a connection listed
	// twice while the index pages is queued once, and a repeated run for
	// the same hour queues job keys the worker has already claimed.
	seen := map[string]bool{}
	active := map[string]bool{} // by organization, read once a run
	res.Queued, err = jobs.PerConnection(ctx, d.Connections, d.Queue, func(c connector.Connection) (any, error) {
		if k := c.OrgID + "#" + c.ID; seen[k] {
			res.Skipped++
			return nil, nil
		} else {
			seen[k] = true
		}
		ok, known := active[c.OrgID]
		if !known {
			st, err := d.Orgs.Status(ctx, c.OrgID)
			if err != nil {
				return nil, err
			}
			ok = st == org.Active
			active[c.OrgID] = ok
		}
		if !ok {
			res.Inactive++
			return nil, nil
		}
		job := jobs.Sync{OrgID: c.OrgID, ConnectionID: c.ID, Platform: c.Platform, Slot: res.Slot}
		if err := job.Validate(); err != nil {
			// One malformed connection must not stop every other org's sync.
			d.Log.ErrorContext(ctx, "connection skipped: it does not make a valid sync job", "orgId", c.OrgID, "connectionId", c.ID, "reason", err.Error())
			res.Skipped++
			return nil, nil
		}
		return job, nil
	})
	if err != nil {
		return res, fmt.Errorf("sync dispatch: %w", err)
	}
	d.Log.InfoContext(ctx, "sync jobs queued", "slot", res.Slot, "queued", res.Queued, "skipped", res.Skipped, "inactive", res.Inactive)
	return res, nil
}
