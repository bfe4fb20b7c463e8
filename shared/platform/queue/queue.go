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
}

// Sender sends to one queue.
type Sender struct {
	SQS API
	URL string
	// Delay, when set, delays each message's delivery (SQS allows up to 15
	// minutes).
	Delay time.Duration
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
			if s.Delay > 0 {
				e.DelaySeconds = int32(min(s.Delay, 15*time.Minute) / time.Second)
			}
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
