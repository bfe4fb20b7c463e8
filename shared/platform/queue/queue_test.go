package queue_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/shared/platform/queue"
)

// flaky answers each SendMessageBatch call from a script: entry ID ->
// "sender" (a permanent, sender-fault failure) or "server" (retryable, for
// the first call only); anything else succeeds.
type flaky struct {
	calls  int
	script map[string]string
}

// SendMessage is not scripted: these tests send batches.
func (f *flaky) SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	return nil, errors.New("flaky: SendMessage is not scripted")
}

func (f *flaky) SendMessageBatch(_ context.Context, in *sqs.SendMessageBatchInput, _ ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error) {
	f.calls++
	out := &sqs.SendMessageBatchOutput{}
	for _, e := range in.Entries {
		switch f.script[aws.ToString(e.Id)] {
		case "sender":
			out.Failed = append(out.Failed, types.BatchResultErrorEntry{Id: e.Id, Code: aws.String("InvalidParameterValue"), SenderFault: true})
		case "server":
			if f.calls == 1 {
				out.Failed = append(out.Failed, types.BatchResultErrorEntry{Id: e.Id, Code: aws.String("InternalError")})
				continue
			}
			fallthrough
		default:
			out.Successful = append(out.Successful, types.SendMessageBatchResultEntry{Id: e.Id})
		}
	}
	return out, nil
}

func TestSendReportsEveryUnsentJob(t *testing.T) {
	cases := []struct {
		name     string
		script   map[string]string
		sent     int
		unsentID string // "" when everything was sent
	}{
		{"all sent", nil, 3, ""},
		{"retryable failure sent on retry", map[string]string{"1": "server"}, 3, ""},
		{"sender fault", map[string]string{"0": "sender"}, 2, "0"},
		{"sender fault beside a retried failure", map[string]string{"0": "sender", "1": "server"}, 2, "0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := queue.Sender{SQS: &flaky{script: tc.script}, URL: "q"}
			n, err := s.Send(context.Background(), []any{"a", "b", "c"})
			if n != tc.sent {
				t.Errorf("sent %d, want %d", n, tc.sent)
			}
			if tc.unsentID == "" && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if tc.unsentID != "" && (err == nil || !strings.Contains(err.Error(), tc.unsentID+": ")) {
				t.Errorf("error %v does not report job %s as unsent", err, tc.unsentID)
			}
		})
	}
}
