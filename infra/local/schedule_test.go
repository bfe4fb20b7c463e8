package local

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/template"
)

// TestScheduleExpressions checks the next firing time of EventBridge
// Scheduler expressions: AWS cron has six fields, day-of-week 1-7 with
// 1 = Sunday, and accepts names (JAN-DEC, SUN-SAT).
func TestScheduleExpressions(t *testing.T) {
	now := time.Date(2026, 11, 27, 16, 20, 30, 0, time.UTC) // a Friday
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		expr string
		want time.Time
	}{
		{"rate(1 hour)", now.Add(time.Hour)},
		{"rate(5 minutes)", now.Add(5 * time.Minute)},
		{"cron(15 3 * * ? *)", at("2026-11-28 03:15")},
		{"cron(0/30 * * * ? *)", at("2026-11-27 16:30")},
		{"cron(0 12 ? * 2 *)", at("2026-11-30 12:00")},  // 2 = Monday
		{"cron(0 8 ? * 1 *)", at("2026-11-29 08:00")},   // 1 = Sunday
		{"cron(0 18 ? * 6 *)", at("2026-11-27 18:00")},  // 6 = Friday
		{"cron(0 8 ? * SUN *)", at("2026-11-29 08:00")}, // names as in AWS
		{"cron(0 12 ? * MON-FRI *)", at("2026-11-30 12:00")},
		{"cron(0 0 1 JAN ? *)", at("2027-01-01 00:00")},
		{"cron(0 0 1 jan,jul ? *)", at("2027-01-01 00:00")},
		{"cron(0 0 1 1 ? 2028)", at("2028-01-01 00:00")}, // the year field counts
		{"cron(30 9 ? * MON-FRI 2026-2027)", at("2026-11-30 09:30")},
	}
	for _, tc := range cases {
		next, err := parseExpression(tc.expr, "")
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		got, err := next(now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: next = %s, %v; want %s", tc.expr, got, err, tc.want)
		}
	}
	for _, bad := range []string{"cron(0 0 * * ?)", "cron(60 * * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 ? * FUNDAY *)", "rate(0 hours)", "at(2026-01-01T00:00:00)", "cron(0 0 1 1 ? 1969)", "cron(0 0 1 1 ? 2x)"} {
		if _, err := parseExpression(bad, ""); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// TestScheduleTimeZone: a cron with ScheduleExpressionTimezone fires at
// that zone's wall-clock time, across a daylight-saving change too.
func TestScheduleTimeZone(t *testing.T) {
	next, err := parseExpression("cron(0 9 * * ? *)", "America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 16, 20, 0, 0, time.UTC) // 10:20 in Chicago (CST, UTC-6)
	if got, _ := next(now); !got.Equal(time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)) {
		t.Errorf("next 9:00 in Chicago = %s", got)
	}
	summer := time.Date(2027, 3, 13, 16, 0, 0, 0, time.UTC) // the day before CDT (UTC-5) begins
	if got, _ := next(summer); !got.Equal(time.Date(2027, 3, 14, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("next 9:00 after the change = %s", got)
	}
	if _, err := parseExpression("cron(0 9 * * ? *)", "Mars/Olympus"); err == nil {
		t.Error("an unknown time zone was accepted")
	}
}

type lastEvent struct{ got []byte }

func (r *lastEvent) Invoke(_ context.Context, ev []byte) ([]byte, error) { r.got = ev; return nil, nil }

// TestScheduledTimeIsTheSlot: the input's <aws.scheduler.scheduled-time>
// is the time the firing was scheduled for, as EventBridge Scheduler sends
// it, so a late or repeated invocation names the same slot.
func TestScheduledTimeIsTheSlot(t *testing.T) {
	fn := &lastEvent{}
	s, err := NewScheduler(fn, template.Schedule{Name: "sync", Expression: "rate(1 hour)", Input: `{"at":"<aws.scheduler.scheduled-time>"}`}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.fire(context.Background(), time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if string(fn.got) != `{"at":"2026-11-27T16:00:00Z"}` {
		t.Fatalf("input %s", fn.got)
	}
}
