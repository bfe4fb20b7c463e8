// Package boot holds the startup steps every function's main shares, so a
// main shows only what differs: which tables, queues and handler it wires.
//
//	b := boot.Start("syncschedule")
//	accounts := b.Table("ACCOUNT_TABLE", retention.Account)
//	url := b.Env.Required("SYNC_QUEUE_URL")
//	b.Ready()
//
// Configuration problems are collected and reported together by Ready, so
// a cold start names every missing variable at once.
package boot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/shared/platform/awsclient"
	"github.com/medspa-ai/backend/shared/platform/config"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/envelope"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/platform/secret"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
	"github.com/medspa-ai/backend/shared/platform/worker"
	"github.com/medspa-ai/backend/shared/retention"
)

// Boot is one function's cold start: its logger, environment and AWS
// configuration, and the clients built from them, once per container.
type Boot struct {
	Log *slog.Logger
	Env *config.Env
	AWS aws.Config
	// Schedule is the retention schedule, with the privacy-record period
	// from PRIVACY_RECORD_RETENTION_MONTHS (default the policy's 24).
	Schedule retention.Schedule
	db       *dynamodb.Client
	sm       *secretsmanager.Client
}

// Start begins a cold start for function fn: a JSON logger whose every line
// carries fn (also slog's default, so the AWS SDK logs alike), the
// environment, and the SDK configuration (endpoints from AWS_ENDPOINT_URL*).
func Start(fn string) *Boot {
	log := logging.Default().With("fn", fn)
	slog.SetDefault(log)
	b := &Boot{Log: log, Env: config.FromOS()}
	cfg, err := awsclient.Load(context.Background())
	b.Must(err)
	b.AWS = cfg
	s, err := retention.NewSchedule(b.Env.Int("PRIVACY_RECORD_RETENTION_MONTHS", retention.MinPrivacyMonths, retention.MinPrivacyMonths))
	if err != nil {
		s = retention.Default // Env.Err reports the bad value
	}
	b.Schedule = s
	return b
}

// Table binds the table named by environment variable v to category c. A
// missing name is reported by Ready. The variable is spelled out at each
// call, so the code names every table it is told about (the IAM allowlist
// test reads those names).
func (b *Boot) Table(v string, c retention.Category) *dynamo.Table {
	name := b.Env.Required(v)
	if name == "" {
		return nil
	}
	if b.db == nil {
		b.db = dynamodb.NewFromConfig(b.AWS)
	}
	t, err := dynamo.NewTable(b.db, name, c, b.Schedule)
	if err != nil {
		panic(err) // c is a constant: an unknown category is a programming error
	}
	return t
}

// Secret reads the Secrets Manager secret named by environment variable v
// when first called (see secret.Loader); the caller keeps the value.
func (b *Boot) Secret(v string) func(context.Context) ([]byte, error) {
	if b.sm == nil {
		b.sm = secretsmanager.NewFromConfig(b.AWS)
	}
	return secret.Loader(b.sm, b.Env.Required(v))
}

// Sealer seals and opens values with the KMS key named by environment
// variable v (envelope encryption).
func (b *Boot) Sealer(v string) envelope.Sealer {
	return envelope.Sealer{KMS: kms.NewFromConfig(b.AWS), KeyID: b.Env.Required(v)}
}

// Ready stops a cold start whose configuration is incomplete.
func (b *Boot) Ready() { b.Must(b.Env.Err()) }

// Must stops a cold start that cannot work, logging every reason at once:
// Lambda reports the init failure and nothing half-configured serves traffic.
func (b *Boot) Must(errs ...error) {
	if err := errors.Join(errs...); err != nil {
		b.Log.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
}

// QueueWorker is the handler of a function an SQS queue triggers: each
// record is decoded into T and validated (a poison record fails alone and
// reaches the DLQ), then work runs once per job key, claimed in the
// ephemeral table. It calls Ready.
func QueueWorker[T worker.Job](b *Boot, work worker.Work[T]) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	claims := idempotencydb.ForWorkers(b.Table("EPHEMERAL_TABLE", retention.Ephemeral))
	b.Ready()
	return sqsbatch.Handler(b.Log, worker.Once(claims, b.Log, work))
}

// QueueOrSchedule is the handler of a function that a queue and a schedule
// both invoke: an SQS batch (an event with Records) goes to work, anything
// else must be a schedule event and goes to scheduled. name starts the
// error of an event that does not decode.
func QueueOrSchedule[R any](name string, work func(context.Context, events.SQSEvent) (events.SQSEventResponse, error), scheduled func(context.Context, schedule.Event) (R, error)) func(context.Context, json.RawMessage) (any, error) {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var probe struct {
			Records []json.RawMessage `json:"Records"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("%s: the event is not JSON: %w", name, err)
		}
		if probe.Records != nil {
			var ev events.SQSEvent
			if err := json.Unmarshal(raw, &ev); err != nil {
				return nil, fmt.Errorf("%s: the SQS event: %w", name, err)
			}
			return work(ctx, ev)
		}
		var ev schedule.Event
		if err := json.Unmarshal(raw, &ev); err != nil {
			return nil, fmt.Errorf("%s: the schedule event: %w", name, err)
		}
		return scheduled(ctx, ev)
	}
}

// Queue is a sender to the queue whose URL environment variable v names; a
// missing URL is reported by Ready.
func (b *Boot) Queue(v string) queue.Sender {
	return queue.Sender{SQS: sqs.NewFromConfig(b.AWS), URL: b.Env.Required(v)}
}
