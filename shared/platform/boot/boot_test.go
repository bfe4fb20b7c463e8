package boot_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/schedule"
)

// TestQueueOrScheduleRoutesByShape: an event with Records is the queue's,
// anything else the schedule's; a malformed event goes to neither.
func TestQueueOrScheduleRoutesByShape(t *testing.T) {
	var got string
	work := func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
		got = "work"
		return events.SQSEventResponse{}, nil
	}
	scheduled := func(context.Context, schedule.Event) (int, error) {
		got = "scheduled"
		return 0, nil
	}
	route := boot.QueueOrSchedule("test", work, scheduled)
	for raw, want := range map[string]string{`{"Records":[]}`: "work", `{"schedule":"optimize-dispatch"}`: "scheduled"} {
		got = ""
		if _, err := route(context.Background(), json.RawMessage(raw)); err != nil || got != want {
			t.Errorf("%s: went to %q (%v), want %q", raw, got, err, want)
		}
	}
	got = ""
	if _, err := route(context.Background(), json.RawMessage(`[`)); err == nil || got != "" {
		t.Errorf("a malformed event was accepted (went to %q)", got)
	}
}
