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
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil || len(out.Messages) == 0 {
		return err
	}
	ev := p.Event(out.Messages)
	payload, _ := json.Marshal(ev)
	failed := map[string]bool{}
	resp, err := p.Fn.Invoke(context.WithoutCancel(ctx), payload)
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
		if _, err := p.SQS.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.URL), Entries: del}); err != nil {
			return err
		}
	}
	if len(retry) > 0 {
		if _, err := p.SQS.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(p.URL), Entries: retry}); err != nil {
			return err
		}
	}
	return nil
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
