package worker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
	"github.com/medspa-ai/backend/shared/platform/worker"
	"github.com/medspa-ai/backend/shared/retention"
)

func tables(t *testing.T) (eph, analytics *dynamo.Table) {
	return testenv.Table(t, retention.Ephemeral), testenv.Table(t, retention.Analytics)
}

func sqsEvent(t *testing.T, msgIDs []string, jobs ...any) events.SQSEvent {
	var ev events.SQSEvent
	for i, j := range jobs {
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		ev.Records = append(ev.Records, events.SQSMessage{MessageId: msgIDs[i], Body: string(b)})
	}
	return ev
}

// TestRunTwiceWritesOnce delivers the same job twice (a redelivery, and a
// duplicate message with another message ID): the work writes one row.
func TestRunTwiceWritesOnce(t *testing.T) {
	ctx := context.Background()
	eph, analytics := tables(t)
	org := ids.New("org")
	var runs atomic.Int32
	work := func(ctx context.Context, j jobs.Sync) error {
		runs.Add(1)
		// A write that is NOT idempotent by itself: a new row per run.
		item := dynamo.Key("ORG#"+j.OrgID, "RUN#"+time.Now().Format(time.RFC3339Nano))
		return analytics.Put(ctx, item, dynamo.Expiry{}, nil)
	}
	var logs bytes.Buffer
	h := sqsbatch.Handler(logging.New(&logs, "INFO"), worker.Once(idempotencydb.ForWorkers(eph), logging.New(&logs, "INFO"), work))
	job := jobs.Sync{OrgID: org, ConnectionID: "c1", Platform: connector.Meta, Slot: "2026112715"}

	for _, id := range []string{"m-1", "m-1", "m-2"} {
		resp, err := h(ctx, sqsEvent(t, []string{id}, job))
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("delivery %s: %v %+v", id, err, resp)
		}
	}
	if runs.Load() != 1 {
		t.Fatalf("work ran %d times, want 1", runs.Load())
	}
	out, err := analytics.Query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": dynamo.S("ORG#" + org)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 1 {
		t.Fatalf("%d rows written, want 1", len(out.Items))
	}
	// Another slot is another job: it runs.
	job.Slot = "2026112716"
	if resp, _ := h(ctx, sqsEvent(t, []string{"m-3"}, job)); len(resp.BatchItemFailures) != 0 || runs.Load() != 2 {
		t.Fatalf("next slot: runs=%d resp=%+v", runs.Load(), resp)
	}
}

// TestFailedWorkIsRetried releases the claim when the work fails, so the
// redelivery runs it again instead of skipping it as done.
func TestFailedWorkIsRetried(t *testing.T) {
	ctx := context.Background()
	eph, _ := tables(t)
	var runs atomic.Int32
	work := func(ctx context.Context, j jobs.Content) error {
		if runs.Add(1) == 1 {
			return context.DeadlineExceeded
		}
		return nil
	}
	log := logging.New(&bytes.Buffer{}, "INFO")
	h := sqsbatch.Handler(log, worker.Once(idempotencydb.ForWorkers(eph), log, work))
	job := jobs.Content{OrgID: "org_retry", RequestID: ids.New("cr"), Kind: jobs.Copy}
	if resp, _ := h(ctx, sqsEvent(t, []string{"a"}, job)); len(resp.BatchItemFailures) != 1 {
		t.Fatalf("first run should fail: %+v", resp)
	}
	if resp, _ := h(ctx, sqsEvent(t, []string{"a"}, job)); len(resp.BatchItemFailures) != 0 {
		t.Fatalf("redelivery should succeed: %+v", resp)
	}
	if runs.Load() != 2 {
		t.Fatalf("runs = %d, want 2", runs.Load())
	}
}

// TestConcurrentClaimsRunOnce races ten invocations on one key: one runs,
// the rest see it in progress (and would be redelivered) or done.
func TestConcurrentClaimsRunOnce(t *testing.T) {
	eph, _ := tables(t)
	store := idempotencydb.New(eph, time.Hour, time.Minute)
	key := testenv.Unique("race")
	var runs atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = store.Do(context.Background(), key, "", func(context.Context) ([]byte, error) {
				runs.Add(1)
				time.Sleep(50 * time.Millisecond)
				return []byte("r"), nil
			})
		}()
	}
	wg.Wait()
	if runs.Load() != 1 {
		t.Fatalf("work ran %d times under concurrency, want 1", runs.Load())
	}
	out, err := store.Do(context.Background(), key, "", func(context.Context) ([]byte, error) { t.Fatal("ran again"); return nil, nil })
	if err != nil || !out.Replayed || string(out.Result) != "r" {
		t.Fatalf("replay = %+v, %v", out, err)
	}
}
