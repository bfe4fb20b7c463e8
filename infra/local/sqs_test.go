package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
//
// SQS is at-least-once: a send or receive whose answer is lost is retried
// by the SDK, which can enqueue a copy or hide a batch for a lease. So the
// test names records by body, fails them by body, and waits for outcomes
// instead of counting messages at one instant.
func TestQueuePollerFailureSemantics(t *testing.T) {
	cfg := testenv.Config(t)
	client := sqs.NewFromConfig(cfg)
	ctx := context.Background()
	const one, two = `{"n":1}`, `{"n":2}`
	failIDs := func(recs []record, pick func(record) bool) string {
		var ids []string
		for _, r := range recs {
			if pick(r) {
				ids = append(ids, `{"itemIdentifier":"`+r.MessageId+`"}`)
			}
		}
		return `{"batchItemFailures":[` + strings.Join(ids, ",") + `]}`
	}
	cases := []struct {
		name   string
		reply  func([]record) string
		remain []string
	}{
		{"all succeed", func([]record) string { return `{"batchItemFailures":[]}` }, nil},
		{"one fails", func(rs []record) string { return failIDs(rs, func(r record) bool { return r.Body == one }) }, []string{one}},
		{"not JSON", func([]record) string { return `oops` }, []string{one, two}},
		{"unknown itemIdentifier", func([]record) string { return `{"batchItemFailures":[{"itemIdentifier":"nope"}]}` }, []string{one, two}},
		{"empty itemIdentifier", func([]record) string { return `{"batchItemFailures":[{"itemIdentifier":""}]}` }, []string{one, two}},
		{"null response", func([]record) string { return `null` }, nil},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each case has its own queue and poller
			q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.Unique("poller-" + strconv.Itoa(i)))})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range []string{one, two} {
				if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(b)}); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen := map[string]bool{}
			var plog testenv.LogBuffer
			fn := answer{body: func(ev []byte) []byte {
				var e struct{ Records []record }
				_ = json.Unmarshal(ev, &e)
				mu.Lock()
				for _, r := range e.Records {
					seen[r.Body] = true
				}
				mu.Unlock()
				return []byte(tc.reply(e.Records))
			}}
			p := local.QueuePoller{SQS: client, URL: aws.ToString(q.QueueUrl), ARN: "arn:aws:sqs:us-east-1:123456789012:q", Region: cfg.Region, Fn: fn,
				Source: template.QueueSource{BatchSize: 10, ReportFailures: true}, Lease: 2 * time.Second, Log: slog.New(slog.NewTextHandler(&plog, nil))}
			defer func() {
				if t.Failed() {
					t.Logf("poller log:\n%s", plog.String())
				}
			}()
			pctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { p.Run(pctx); close(done) }()
			// Let the function see both records, then stop the poller.
			waitFor(t, "the function to see both records", 20*time.Second, func() bool {
				mu.Lock()
				defer mu.Unlock()
				return seen[one] && seen[two]
			})
			cancel()
			<-done
			// What is left is received: failed records are visible again at
			// once (RetryDelay 0), and a batch hidden by a lost receive (the
			// poller's or these) within 2 s, so 2.5 s without a new record
			// ends it.
			left := map[string]bool{}
			for quiet := time.Now().Add(2500 * time.Millisecond); time.Now().Before(quiet); {
				out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 2})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range out.Messages {
					if b := aws.ToString(m.Body); !left[b] {
						left[b] = true
						quiet = time.Now().Add(2500 * time.Millisecond)
					}
				}
			}
			want := map[string]bool{}
			for _, b := range tc.remain {
				want[b] = true
			}
			if fmt.Sprint(left) != fmt.Sprint(want) {
				t.Fatalf("records left in the queue: %v, want %v", left, want)
			}
		})
	}
}

// record is what the tests read of an SQS event record.
type record struct{ MessageId, Body string }

// queueWithOneMessage is a new queue named for the test that holds one
// message, {}.
func queueWithOneMessage(t *testing.T, client *sqs.Client, name string, attributes map[string]string) *sqs.CreateQueueOutput {
	t.Helper()
	ctx := context.Background()
	q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.Unique(name)), Attributes: attributes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(`{}`)}); err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQueuePollerKeepsABatchHidden: a function that runs longer than the
// poller's lease keeps its batch: nobody else receives it meanwhile, and
// it is deleted once the function succeeds.
func TestQueuePollerKeepsABatchHidden(t *testing.T) {
	t.Parallel()
	cfg := testenv.Config(t)
	client := sqs.NewFromConfig(cfg)
	ctx := context.Background()
	q := queueWithOneMessage(t, client, "poller-lease", nil)
	started, finish := make(chan struct{}), make(chan struct{})
	var once sync.Once
	fn := answer{body: func([]byte) []byte {
		once.Do(func() { close(started) })
		<-finish
		return []byte(`{"batchItemFailures":[]}`)
	}}
	p := local.QueuePoller{SQS: client, URL: aws.ToString(q.QueueUrl), Fn: fn, Region: cfg.Region, Lease: 2 * time.Second,
		Source: template.QueueSource{BatchSize: 10, ReportFailures: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() { p.Run(pctx); close(done) }()
	<-started
	// Three leases long, another consumer finds nothing.
	for end := time.Now().Add(6 * time.Second); time.Now().Before(end); {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) > 0 {
			close(finish)
			t.Fatal("a batch in flight was received by another consumer")
		}
	}
	close(finish)
	cancel()
	<-done
	if out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 1}); err != nil || len(out.Messages) != 0 {
		t.Fatalf("after success the queue holds %v (%v)", out, err)
	}
}

// TestQueuePollerSettlesBatchOnStop: the stack stops (the poller's context
// ends) while a batch is being processed. The batch still settles: records
// that succeeded are deleted, not received and run again on the next start.
func TestQueuePollerSettlesBatchOnStop(t *testing.T) {
	cfg := testenv.Config(t)
	client := sqs.NewFromConfig(cfg)
	ctx := context.Background()
	q := queueWithOneMessage(t, client, "poller-stop", nil)
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

// loseOneReceive is a transport that loses the answer to the first receive
// that handed out messages, after the server handed them out: what a
// connection closed mid-answer does. The SDK retries the receive.
type loseOneReceive struct {
	base http.RoundTripper
	lost atomic.Bool
}

func (l *loseOneReceive) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.base.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".ReceiveMessage") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if bytes.Contains(body, []byte(`"Messages"`)) && l.lost.CompareAndSwap(false, true) {
		return nil, net.ErrClosed
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// TestQueuePollerSurvivesALostReceive: the answer to a receive is lost and
// the SDK's retry finds the batch hidden. The batch comes back after the
// poller's lease and is processed, not hidden for the queue's visibility
// timeout (hours for the template's queues).
func TestQueuePollerSurvivesALostReceive(t *testing.T) {
	t.Parallel()
	cfg := testenv.Config(t)
	lossy := &loseOneReceive{base: http.DefaultTransport}
	client := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.HTTPClient = &http.Client{Transport: lossy} })
	ctx := context.Background()
	q := queueWithOneMessage(t, client, "poller-lost", map[string]string{"VisibilityTimeout": "3600"})
	var runs atomic.Int32
	fn := answer{body: func([]byte) []byte { runs.Add(1); return []byte(`{"batchItemFailures":[]}`) }}
	p := local.QueuePoller{SQS: client, URL: aws.ToString(q.QueueUrl), Fn: fn, Region: cfg.Region, Lease: 2 * time.Second,
		Source: template.QueueSource{BatchSize: 10, ReportFailures: true}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { p.Run(pctx); close(done) }()
	waitFor(t, "the batch to come back and run", 10*time.Second, func() bool { return runs.Load() == 1 })
	cancel()
	<-done
	if !lossy.lost.Load() {
		t.Fatal("no receive answer was lost: the test proved nothing")
	}
	a, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil || a.Attributes["ApproximateNumberOfMessages"] != "0" || a.Attributes["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("after the run the queue holds %v (%v)", a, err)
	}
}
