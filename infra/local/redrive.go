package local

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/template"
)

// Redrive is what a redrive did.
type Redrive struct {
	DLQ, Source string // logical IDs
	Moved       int
	// Method is "StartMessageMoveTask" or "receive, send, delete" (moto
	// implements no message move task).
	Method string
}

// SourceQueue finds the queue whose RedrivePolicy sends failures to dlq.
func SourceQueue(t *template.Template, dlq string) (string, error) {
	var dlqs []string
	for _, id := range t.OfType(provision.QueueType) {
		target := template.Map(t.Resources[id].Properties, "RedrivePolicy")["deadLetterTargetArn"]
		if m, ok := target.(map[string]any); ok {
			if ga, ok := m["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
				if ga[0] == dlq {
					return id, nil
				}
				dlqs = append(dlqs, fmt.Sprint(ga[0]))
			}
		}
	}
	sort.Strings(dlqs)
	if _, ok := t.Resources[dlq]; ok && strings.HasSuffix(dlq, "DLQ") {
		return "", fmt.Errorf("%s is no queue's redrive target (it receives an event source's failed batches: replay those from their source); redrivable: %s", dlq, strings.Join(dlqs, ", "))
	}
	return "", fmt.Errorf("no dead-letter queue %q in template.yaml; redrivable: %s", dlq, strings.Join(dlqs, ", "))
}

// RedriveDLQ moves every message of the dead-letter queue dlq (a logical
// ID) back to its source queue. It asks SQS for a message move task first,
// as on-call does in AWS; where that is not implemented (moto), it receives
// from the DLQ, sends each message to the source and deletes it from the
// DLQ only once the send succeeded, so a failure leaves messages in the DLQ
// (at worst twice, never lost).
func RedriveDLQ(ctx context.Context, client *sqs.Client, st *provision.Stack, dlq string) (Redrive, error) {
	src, err := SourceQueue(st.Resolver.T, dlq)
	if err != nil {
		return Redrive{}, err
	}
	rd := Redrive{DLQ: dlq, Source: src}
	dlqURL, dlqARN := st.Resources[dlq].Ref, st.Resources[dlq].Attrs["Arn"]
	srcURL, srcARN := st.Resources[src].Ref, st.Resources[src].Attrs["Arn"]
	if task, err := client.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqARN), DestinationArn: aws.String(srcARN)}); err == nil {
		rd.Method = "StartMessageMoveTask"
		for {
			out, err := client.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqARN), MaxResults: aws.Int32(1)})
			if err != nil {
				return rd, fmt.Errorf("message move task %s: %w", aws.ToString(task.TaskHandle), err)
			}
			if len(out.Results) > 0 {
				r := out.Results[0]
				switch aws.ToString(r.Status) {
				case "COMPLETED":
					rd.Moved = int(r.ApproximateNumberOfMessagesMoved)
					return rd, nil
				case "FAILED", "CANCELLED":
					return rd, fmt.Errorf("message move task %s: %s %s", aws.ToString(task.TaskHandle), aws.ToString(r.Status), aws.ToString(r.FailureReason))
				}
			}
			select {
			case <-ctx.Done():
				return rd, ctx.Err()
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	rd.Method = "receive, send, delete"
	for {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlqURL), MaxNumberOfMessages: 10,
			WaitTimeSeconds: 1, VisibilityTimeout: 60, MessageAttributeNames: []string{"All"}})
		if err != nil {
			return rd, fmt.Errorf("receive from %s: %w", dlq, err)
		}
		if len(out.Messages) == 0 {
			return rd, nil
		}
		for _, m := range out.Messages {
			in := &sqs.SendMessageInput{QueueUrl: aws.String(srcURL), MessageBody: m.Body, MessageAttributes: plainAttributes(m.MessageAttributes)}
			if _, err := client.SendMessage(ctx, in); err != nil {
				return rd, fmt.Errorf("send %s to %s (it stays in %s): %w", aws.ToString(m.MessageId), src, dlq, err)
			}
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(dlqURL), ReceiptHandle: m.ReceiptHandle}); err != nil {
				return rd, fmt.Errorf("delete %s from %s after sending it (it will be redriven twice): %w", aws.ToString(m.MessageId), dlq, err)
			}
			rd.Moved++
		}
	}
}

func plainAttributes(in map[string]types.MessageAttributeValue) map[string]types.MessageAttributeValue {
	if len(in) == 0 {
		return nil
	}
	return in
}
