package local

import (
	"testing"
	"time"
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
	}
	for _, tc := range cases {
		next, err := parseExpression(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		got, err := next(now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: next = %s, %v; want %s", tc.expr, got, err, tc.want)
		}
	}
	for _, bad := range []string{"cron(0 0 * * ?)", "cron(60 * * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 ? * 8 *)", "cron(0 0 ? * FUNDAY *)", "rate(0 hours)", "at(2026-01-01T00:00:00)"} {
		if _, err := parseExpression(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
