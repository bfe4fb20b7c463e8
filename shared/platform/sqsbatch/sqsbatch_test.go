package sqsbatch_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
)

type job struct {
	Name string `json:"name"`
}

func (j job) Validate() error {
	if j.Name == "" {
		return errors.New("name is required")
	}
	return nil
}

func msg(id, body string) events.SQSMessage {
	return events.SQSMessage{MessageId: id, Body: body, Attributes: map[string]string{"ApproximateReceiveCount": "2"}}
}

func TestOneBadRecordFailsAlone(t *testing.T) {
	cases := []struct {
		name string
		bad  events.SQSMessage
		want string // in the log
	}{
		{"not JSON", msg("bad", `{"name":`), "body is not a valid message"},
		{"unknown field", msg("bad", `{"name":"a","extra":1}`), `unknown field \"extra\"`},
		{"invalid", msg("bad", `{"name":""}`), "name is required"},
		{"trailing data", msg("bad", `{"name":"a"} {}`), "trailing data"},
		{"handler poison", msg("bad", `{"name":"poison"}`), "cannot handle poison"},
		{"handler panic", msg("bad", `{"name":"panic"}`), "handler panicked"},
		{"transient", msg("bad", `{"name":"flaky"}`), "SQS will redeliver"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			var handled []string
			h := sqsbatch.Handler(logging.New(&logs, "INFO"), func(ctx context.Context, m events.SQSMessage, j job) error {
				switch j.Name {
				case "poison":
					return sqsbatch.Poison("cannot handle %s", j.Name)
				case "panic":
					panic("boom")
				case "flaky":
					return errors.New("throttled")
				}
				handled = append(handled, m.MessageId)
				return nil
			})
			resp, err := h(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
				msg("ok-1", `{"name":"a"}`), tc.bad, msg("ok-2", `{"name":"b"}`),
			}})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != "bad" {
				t.Fatalf("failures = %+v, want exactly [bad]", resp.BatchItemFailures)
			}
			if strings.Join(handled, ",") != "ok-1,ok-2" {
				t.Fatalf("handled %v, want both good records", handled)
			}
			if !strings.Contains(logs.String(), tc.want) || !strings.Contains(logs.String(), `"messageId":"bad"`) {
				t.Fatalf("log does not give the reason %q for message bad:\n%s", tc.want, logs.String())
			}
		})
	}
}

func TestCorrelationIDFollowsTheMessage(t *testing.T) {
	var logs bytes.Buffer
	corr := "req-123"
	h := sqsbatch.Handler(logging.New(&logs, "INFO"), func(ctx context.Context, m events.SQSMessage, j job) error {
		if got := logging.IDsFrom(ctx).CorrelationID; got != corr {
			t.Errorf("correlation ID in handler = %q", got)
		}
		return nil
	})
	m := msg("m1", `{"name":"a"}`)
	m.MessageAttributes = map[string]events.SQSMessageAttribute{sqsbatch.CorrelationAttribute: {StringValue: &corr, DataType: "String"}}
	if _, err := h(context.Background(), events.SQSEvent{Records: []events.SQSMessage{m}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `"correlationId":"req-123"`) {
		t.Fatalf("log lacks the correlation ID: %s", logs.String())
	}
}
