// Package queue sends job messages to SQS in batches, carrying the caller's
// correlation ID so one ID follows the work from the request to the worker.
package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
)

// API is the part of the SQS client the sender uses.
type API interface {
	SendMessageBatch(context.Context, *sqs.SendMessageBatchInput, ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
	SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Sender sends to one queue.
type Sender struct {
	SQS API
	URL string
}

// maxBatch is SQS's limit per SendMessageBatch call.
const maxBatch = 10

// Send sends every job, ten per call, and reports how many were sent. Jobs
// that SQS refuses are retried once, then reported in the error.
func (s Sender) Send(ctx context.Context, jobs []any) (int, error) {
	corr := logging.IDsFrom(ctx).CorrelationID
	sent := 0
	for start := 0; start < len(jobs); start += maxBatch {
		end := min(start+maxBatch, len(jobs))
		entries := make([]types.SendMessageBatchRequestEntry, 0, end-start)
		for i := start; i < end; i++ {
			body, err := json.Marshal(jobs[i])
			if err != nil {
				return sent, fmt.Errorf("queue: encode job %d: %w", i, err)
			}
			e := types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(string(body))}
			if corr != "" {
				e.MessageAttributes = map[string]types.MessageAttributeValue{
					sqsbatch.CorrelationAttribute: {DataType: aws.String("String"), StringValue: aws.String(corr)},
				}
			}
			entries = append(entries, e)
		}
		// failed keeps the sender faults of every attempt (never retried);
		// pending, the retryable failures of the latest attempt.
		var failed, pending []string
		for attempt := 0; attempt < 2 && len(entries) > 0; attempt++ {
			out, err := s.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(s.URL), Entries: entries})
			if err != nil {
				return sent, fmt.Errorf("queue: send batch: %w", err)
			}
			sent += len(out.Successful)
			retry := entries[:0:0]
			pending = pending[:0]
			for _, f := range out.Failed {
				desc := aws.ToString(f.Id) + ": " + aws.ToString(f.Code)
				if f.SenderFault {
					failed = append(failed, desc)
					continue
				}
				for _, e := range entries {
					if aws.ToString(e.Id) == aws.ToString(f.Id) {
						retry = append(retry, e)
					}
				}
				pending = append(pending, desc)
			}
			entries = retry
		}
		failed = append(failed, pending...)
		if len(failed) > 0 {
			return sent, fmt.Errorf("queue: %d messages not sent (%s)", len(failed), strings.Join(failed, ", "))
		}
	}
	return sent, nil
}

// SendOne sends one job.
func (s Sender) SendOne(ctx context.Context, job any) error {
	_, err := s.Send(ctx, []any{job})
	return err
}

// maxDelay is SQS's longest message delay.
const maxDelay = 15 * time.Minute

// SendLater sends one job that becomes visible after delay (at most 15
// minutes, whole seconds): how a worker waits for something slow without
// holding an invocation.
func (s Sender) SendLater(ctx context.Context, job any, delay time.Duration) error {
	body, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("queue: encode job: %w", err)
	}
	in := &sqs.SendMessageInput{QueueUrl: aws.String(s.URL), MessageBody: aws.String(string(body)),
		DelaySeconds: int32(min(delay, maxDelay) / time.Second)}
	if corr := logging.IDsFrom(ctx).CorrelationID; corr != "" {
		in.MessageAttributes = map[string]types.MessageAttributeValue{
			sqsbatch.CorrelationAttribute: {DataType: aws.String("String"), StringValue: aws.String(corr)},
		}
	}
	if _, err := s.SQS.SendMessage(ctx, in); err != nil {
		return fmt.Errorf("queue: send: %w", err)
	}
	return nil
}
