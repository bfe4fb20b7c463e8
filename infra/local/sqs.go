package local

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/template"
)

// QueuePoller is Lambda's SQS event source mapping, locally: it receives up
// to the template's batch size, invokes the function, deletes the records
// that succeeded and leaves the failed ones to be received again, so the
// queue's redrive policy moves a poison message to its DLQ after
// maxReceiveCount receives.
type QueuePoller struct {
	SQS    *sqs.Client
	Source template.QueueSource
	URL    string
	ARN    string
	Region string
	Fn     Invoker
	Log    *slog.Logger
	// RetryDelay is how soon a failed record is visible again. Lambda waits
	// for the queue's visibility timeout (12-30 minutes here); locally a
	// few seconds, so a poison message reaches the DLQ while you watch.
	RetryDelay time.Duration
	// Lease is how long a received batch stays hidden at a time (zero: 30
	// s); the poller extends it while the function runs. Lambda hides a
	// batch for the queue's visibility timeout (up to hours here), but
	// locally a batch whose receive answer was lost (the SDK retries a
	// receive whose connection broke) or whose stack was killed comes back
	// within a lease, not hours later.
	Lease time.Duration
}

func (p QueuePoller) lease() time.Duration {
	if p.Lease > 0 {
		return p.Lease
	}
	return 30 * time.Second
}

// Run polls until ctx ends.
func (p QueuePoller) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if err := p.once(ctx); err != nil && ctx.Err() == nil {
			p.Log.Warn("sqs poll failed", "queue", p.Source.Queue, "error", err.Error())
			sleep(ctx, time.Second)
		}
	}
}

func (p QueuePoller) once(ctx context.Context) error {
	// The receive is not cancelled when the stack stops: a receive cut off
	// after the server handed out messages would hide them, unseen, for
	// the whole visibility timeout. It returns within WaitTimeSeconds.
	out, err := p.SQS.ReceiveMessage(context.WithoutCancel(ctx), &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(p.URL),
		MaxNumberOfMessages:         int32(min(max(p.Source.BatchSize, 1), 10)),
		WaitTimeSeconds:             1,
		VisibilityTimeout:           int32(p.lease() / time.Second),
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil || len(out.Messages) == 0 {
		return err
	}
	ev := p.Event(out.Messages)
	payload, _ := json.Marshal(ev)
	failed := map[string]bool{}
	stop := p.keepHidden(out.Messages)
	resp, err := p.Fn.Invoke(context.WithoutCancel(ctx), payload)
	stop()
	if err != nil {
		// A function error fails the whole batch, as in Lambda.
		for _, m := range out.Messages {
			failed[aws.ToString(m.MessageId)] = true
		}
	} else if p.Source.ReportFailures {
		for _, id := range reportedFailures(resp, out.Messages) {
			failed[id] = true
		}
	}
	var del []types.DeleteMessageBatchRequestEntry
	var retry []types.ChangeMessageVisibilityBatchRequestEntry
	for i, m := range out.Messages {
		id := strconv.Itoa(i)
		if failed[aws.ToString(m.MessageId)] {
			retry = append(retry, types.ChangeMessageVisibilityBatchRequestEntry{Id: &id, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: int32(p.RetryDelay / time.Second)})
		} else {
			del = append(del, types.DeleteMessageBatchRequestEntry{Id: &id, ReceiptHandle: m.ReceiptHandle})
		}
	}
	// The batch settles even when the stack is stopping: what succeeded is
	// deleted (not run again on the next start), what failed is retried.
	ctx = context.WithoutCancel(ctx)
	if len(del) > 0 {
		out, err := p.SQS.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.URL), Entries: del})
		if err != nil {
			return err
		}
		p.logFailed("delete", out.Failed)
	}
	if len(retry) > 0 {
		out, err := p.SQS.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(p.URL), Entries: retry})
		if err != nil {
			return err
		}
		p.logFailed("retry", out.Failed)
	}
	return nil
}

// keepHidden extends the batch's lease while the function runs, as long as
// it takes (the function's own timeout bounds it). It returns a func that
// stops extending and waits for an extension under way, so none lands
// after the batch is settled.
func (p QueuePoller) keepHidden(msgs []types.Message) (stop func()) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(p.lease() / 2)
		defer t.Stop()
		entries := make([]types.ChangeMessageVisibilityBatchRequestEntry, len(msgs))
		for i, m := range msgs {
			entries[i] = types.ChangeMessageVisibilityBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: int32(p.lease() / time.Second)}
		}
		for {
			select {
			case <-done:
				return
			case <-t.C:
				out, err := p.SQS.ChangeMessageVisibilityBatch(context.Background(), &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(p.URL), Entries: entries})
				if err != nil {
					p.Log.Warn("sqs lease not extended", "queue", p.Source.Queue, "error", err.Error())
					continue
				}
				p.logFailed("extend", out.Failed)
			}
		}
	}()
	return func() { close(done); <-exited }
}

// logFailed names the entries of a batch call that SQS refused: such a
// record is neither deleted nor retried now, and comes back after its
// visibility timeout.
func (p QueuePoller) logFailed(what string, failed []types.BatchResultErrorEntry) {
	for _, f := range failed {
		p.Log.Warn("sqs batch entry refused", "queue", p.Source.Queue, "action", what, "code", aws.ToString(f.Code), "message", aws.ToString(f.Message))
	}
}

// reportedFailures reads a ReportBatchItemFailures response as Lambda does:
// the records it names failed; a response that is not JSON, or names an
// empty or unknown itemIdentifier, fails the whole batch (Lambda never
// deletes records on an answer it cannot trust).
func reportedFailures(resp []byte, msgs []types.Message) []string {
	all := make([]string, len(msgs))
	known := make(map[string]bool, len(msgs))
	for i, m := range msgs {
		all[i] = aws.ToString(m.MessageId)
		known[all[i]] = true
	}
	var r events.SQSEventResponse
	if err := json.Unmarshal(resp, &r); err != nil {
		return all
	}
	ids := make([]string, 0, len(r.BatchItemFailures))
	for _, f := range r.BatchItemFailures {
		if !known[f.ItemIdentifier] {
			return all
		}
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// Event builds the SQS event Lambda would send for msgs.
func (p QueuePoller) Event(msgs []types.Message) events.SQSEvent {
	var ev events.SQSEvent
	for _, m := range msgs {
		attrs := map[string]events.SQSMessageAttribute{}
		for k, a := range m.MessageAttributes {
			attrs[k] = events.SQSMessageAttribute{StringValue: a.StringValue, BinaryValue: a.BinaryValue, DataType: aws.ToString(a.DataType),
				StringListValues: []string{}, BinaryListValues: [][]byte{}}
		}
		ev.Records = append(ev.Records, events.SQSMessage{
			MessageId: aws.ToString(m.MessageId), ReceiptHandle: aws.ToString(m.ReceiptHandle), Body: aws.ToString(m.Body),
			Md5OfBody: aws.ToString(m.MD5OfBody), Attributes: m.Attributes, MessageAttributes: attrs,
			EventSource: "aws:sqs", EventSourceARN: p.ARN, AWSRegion: p.Region,
		})
	}
	return ev
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
