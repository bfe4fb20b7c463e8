package syncenv

import (
	"context"
	"log/slog"
	"time"

	"github.com/medspa-ai/backend/shared/jobs"
)

// Sender queues jobs (queue.Sender).
type Sender interface {
	Send(ctx context.Context, jobs []any) (int, error)
}

// AfterSync asks for the optimiser's run of an organization once one of
// its syncs has finished: {orgId, day} on the optimise queue. The
// optimiser runs an organization once a day (the job's key is the
// organization and the day), so the first finished sync of the day, with
// yesterday's numbers in, starts it, and the later ones add nothing. A
// failed send only logs: the daily dispatch queues the run anyway.
type AfterSync struct {
	Queue Sender
	Log   *slog.Logger
	Now   func() time.Time
}

// Synced is the hook the worker calls after a finished sync.
func (a AfterSync) Synced(ctx context.Context, orgID string) {
	job := jobs.Optimize{OrgID: orgID, Day: a.Now().UTC().Format(time.DateOnly)}
	if _, err := a.Queue.Send(ctx, []any{job}); err != nil {
		a.Log.WarnContext(ctx, "optimiser run not queued after the sync; the daily dispatch will queue it", "orgId", orgID, "error", err.Error())
	}
}
