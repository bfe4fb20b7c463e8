// Package sqsbatch runs an SQS-triggered Lambda one record at a time and
// reports partial batch failures, so one bad record never makes SQS redeliver
// the records that succeeded.
//
// A record that can never succeed (undecodable, invalid, or a handler that
// returns a Poison error) is logged with its reason and reported as failed;
// the queue's redrive policy moves it to the dead-letter queue after
// maxReceiveCount receives. Other errors are logged as retryable.
package sqsbatch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/logging"
)

// Validator is a decoded message body that can check itself.
type Validator interface{ Validate() error }

// PoisonError marks a record that no retry will fix.
type PoisonError struct{ Reason string }

func (e *PoisonError) Error() string { return "poison message: " + e.Reason }

// Poison returns a PoisonError with a formatted reason. The reason is logged:
// put IDs in it, never personal data or secrets.
func Poison(format string, args ...any) error {
	return &PoisonError{Reason: fmt.Sprintf(format, args...)}
}

// IsPoison reports whether err (or an error it wraps) is a PoisonError.
func IsPoison(err error) bool {
	var p *PoisonError
	return errors.As(err, &p)
}

// Handle is the per-record work: job is the decoded, validated body.
type Handle[T Validator] func(ctx context.Context, msg events.SQSMessage, job T) error

// CorrelationAttribute is the message attribute that carries the ID of the
// request that caused the message, so one ID follows the work across queues.
const CorrelationAttribute = "correlationId"

// Handler returns a Lambda handler for SQS events whose bodies decode into T.
// Bodies are decoded strictly: unknown fields are a poison reason, since they
// mean the producer and consumer disagree about the message.
func Handler[T Validator](log *slog.Logger, handle Handle[T]) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		for _, msg := range ev.Records {
			if err := one(ctx, log, msg, handle); err != nil {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			}
		}
		return resp, nil
	}
}

func one[T Validator](ctx context.Context, log *slog.Logger, msg events.SQSMessage, handle Handle[T]) (err error) {
	ids := logging.IDsFrom(ctx)
	ids.CorrelationID = msg.MessageId
	if a, ok := msg.MessageAttributes[CorrelationAttribute]; ok && a.StringValue != nil && *a.StringValue != "" {
		ids.CorrelationID = *a.StringValue
	}
	ctx = logging.WithIDs(ctx, ids)
	receives, _ := strconv.Atoi(msg.Attributes["ApproximateReceiveCount"])
	attrs := []any{"messageId", msg.MessageId, "receiveCount", receives, "source", msg.EventSourceARN}

	defer func() {
		if r := recover(); r != nil {
			err = Poison("handler panicked: %v", r)
			log.ErrorContext(ctx, "message handler panicked", append(attrs, "reason", err.Error())...)
		}
	}()

	job, err := Decode[T]([]byte(msg.Body))
	if err == nil {
		err = handle(ctx, msg, job)
	}
	switch {
	case err == nil:
		log.InfoContext(ctx, "message processed", attrs...)
	case IsPoison(err):
		log.ErrorContext(ctx, "poison message: it stays failed and goes to the dead-letter queue after the last receive", append(attrs, "reason", err.Error())...)
	default:
		log.WarnContext(ctx, "message failed; SQS will redeliver it", append(attrs, "error", err.Error())...)
	}
	return err
}

// Decode strictly decodes and validates one message body. Every failure is a
// PoisonError naming what is wrong.
func Decode[T Validator](body []byte) (T, error) {
	var job T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&job); err != nil {
		return job, Poison("body is not a valid message: %v", err)
	}
	if dec.More() {
		return job, Poison("body has trailing data after the JSON message")
	}
	if err := job.Validate(); err != nil {
		return job, Poison("invalid message: %v", err)
	}
	return job, nil
}
