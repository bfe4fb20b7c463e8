// Package worker runs each queue job once: a job's Key is claimed in the
// idempotency store before its work runs, so SQS's at-least-once delivery
// (redeliveries, duplicate sends) has a single effect.
package worker

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
)

// Job is a validated queue message with a stable identity.
type Job interface {
	sqsbatch.Validator
	Key() string
}

// Work does a job's work. Return sqsbatch.Poison for a job no retry will fix.
type Work[T Job] func(ctx context.Context, job T) error

// Once wraps work so each job key runs once. A job whose key is held by a
// concurrent invocation fails and is redelivered later.
func Once[T Job](store idempotency.Store, log *slog.Logger, work Work[T]) sqsbatch.Handle[T] {
	return func(ctx context.Context, msg events.SQSMessage, job T) error {
		out, err := store.Do(ctx, job.Key(), "", func(ctx context.Context) ([]byte, error) {
			return nil, work(ctx, job)
		})
		if err == nil && out.Replayed {
			log.InfoContext(ctx, "duplicate job skipped: already done", "messageId", msg.MessageId, "job", job.Key())
		}
		return err
	}
}
