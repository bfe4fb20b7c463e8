package testenv

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
	"github.com/medspa-ai/backend/shared/platform/worker"
	"github.com/medspa-ai/backend/shared/retention"
)

// QueueWorker is a queue function's handler as boot.QueueWorker builds it
// (each job's work run once, claimed in this binary's ephemeral table; a
// failed record left for redelivery), its logs discarded: for tests that
// hand SQS messages to a worker as Lambda's event source would.
func QueueWorker[T worker.Job](t testing.TB, work worker.Work[T]) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	t.Helper()
	log := logging.New(io.Discard, "INFO")
	return sqsbatch.Handler(log, worker.Once(idempotencydb.ForWorkers(Table(t, retention.Ephemeral)), log, work))
}
