package local_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/infra/testenv"
)

// answer is a function that replies with a fixed payload.
type answer struct {
	body func(ev []byte) []byte
	err  error
}

func (a answer) Invoke(_ context.Context, ev []byte) ([]byte, error) { return a.body(ev), a.err }

// TestQueuePollerFailureSemantics checks what Lambda's SQS mapping does with
// a ReportBatchItemFailures response: the named records fail alone, and a
// response it cannot trust (not JSON, an unknown or empty itemIdentifier)
// fails the whole batch instead of deleting records that never succeeded.
func TestQueuePollerFailureSemantics(t *testing.T) {
	cfg := testenv.Config(t)
	client := sqs.NewFromConfig(cfg)
	ctx := context.Background()
	cases := []struct {
		name   string
		reply  func(first string) string
		remain int
	}{
		{"all succeed", func(string) string { return `{"batchItemFailures":[]}` }, 0},
		{"one fails", func(first string) string { return `{"batchItemFailures":[{"itemIdentifier":"` + first + `"}]}` }, 1},
		{"not JSON", func(string) string { return `oops` }, 2},
		{"unknown itemIdentifier", func(string) string { return `{"batchItemFailures":[{"itemIdentifier":"nope"}]}` }, 2},
		{"empty itemIdentifier", func(string) string { return `{"batchItemFailures":[{"itemIdentifier":""}]}` }, 2},
		{"null response", func(string) string { return `null` }, 0},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.Unique("poller-" + strconv.Itoa(i)))})
			if err != nil {
				t.Fatal(err)
			}
			url := aws.ToString(q.QueueUrl)
			for _, b := range []string{`{"n":1}`, `{"n":2}`} {
				if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(b)}); err != nil {
					t.Fatal(err)
				}
			}
			var first string
			fn := answer{body: func(ev []byte) []byte {
				var e struct{ Records []struct{ MessageId string } }
				_ = json.Unmarshal(ev, &e)
				if len(e.Records) > 0 {
					first = e.Records[0].MessageId
				}
				return []byte(tc.reply(first))
			}}
			p := local.QueuePoller{SQS: client, URL: url, ARN: "arn:aws:sqs:us-east-1:123456789012:q", Region: cfg.Region, Fn: fn,
				Source: template.QueueSource{BatchSize: 10, ReportFailures: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			pctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { p.Run(pctx); close(done) }()
			// Let the poller take both messages (one batch or two), then stop it.
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				a, _ := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl,
					AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
				if a != nil && a.Attributes["ApproximateNumberOfMessages"] == "0" {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			cancel()
			<-done
			// Count what is left by receiving it: the poller made failed
			// records visible again at once (RetryDelay 0). The approximate
			// counters are not used here, since moto may count a message
			// both visible and in flight for a moment; and bodies are
			// counted, not message IDs, since a send retried after a lost
			// response can enqueue a second copy (SQS is at-least-once).
			left := map[string]bool{}
			for range 5 {
				out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60})
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Messages) == 0 {
					break
				}
				for _, m := range out.Messages {
					left[aws.ToString(m.Body)] = true
				}
			}
			if len(left) != tc.remain {
				t.Fatalf("%d records left in the queue (%v), want %d", len(left), left, tc.remain)
			}
		})
	}
}

// TestQueuePollerSettlesBatchOnStop: the stack stops (the poller's context
// ends) while a batch is being processed. The batch still settles: records
// that succeeded are deleted, not received and run again on the next start.
func TestQueuePollerSettlesBatchOnStop(t *testing.T) {
	cfg := testenv.Config(t)
	client := sqs.NewFromConfig(cfg)
	ctx := context.Background()
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.Unique("poller-stop"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(`{}`)}); err != nil {
		t.Fatal(err)
	}
	pctx, cancel := context.WithCancel(ctx)
	fn := answer{body: func([]byte) []byte { cancel(); return []byte(`{"batchItemFailures":[]}`) }}
	p := local.QueuePoller{SQS: client, URL: aws.ToString(q.QueueUrl), Fn: fn, Region: cfg.Region,
		Source: template.QueueSource{BatchSize: 10, ReportFailures: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	done := make(chan struct{})
	go func() { p.Run(pctx); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the poller did not stop")
	}
	a, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Attributes["ApproximateNumberOfMessages"] != "0" || a.Attributes["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("the processed message is still in the queue: %v", a.Attributes)
	}
}
