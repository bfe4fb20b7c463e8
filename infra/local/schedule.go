package local

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // schedule time zones do not depend on the machine's zoneinfo

	"github.com/medspa-ai/backend/infra/template"
)

// Scheduler is EventBridge Scheduler, locally: each ScheduleV2 event fires
// on its expression with the template's Input as the event.
type Scheduler struct {
	Fn   Invoker
	Def  template.Schedule
	Log  *slog.Logger
	next func(time.Time) (time.Time, error)
}

// NewScheduler parses the schedule's expression.
func NewScheduler(fn Invoker, def template.Schedule, log *slog.Logger) (*Scheduler, error) {
	next, err := parseExpression(def.Expression, def.Timezone)
	if err != nil {
		return nil, fmt.Errorf("schedule %s: %w", def.Name, err)
	}
	return &Scheduler{Fn: fn, Def: def, Log: log, next: next}, nil
}

// Run fires on schedule until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	for {
		at, err := s.next(time.Now())
		if err != nil {
			s.Log.Error("schedule stopped", "schedule", s.Def.Name, "error", err.Error())
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(at)):
			_, _ = s.fire(ctx, at)
		}
	}
}

// Fire invokes the function now with the schedule's input, as if it were
// scheduled for now.
func (s *Scheduler) Fire(ctx context.Context) ([]byte, error) { return s.fire(ctx, time.Now()) }

// fire invokes the function for the firing scheduled at at: that is the
// <aws.scheduler.scheduled-time> of the input, as EventBridge Scheduler
// passes it (the same on a retry), not the moment the invocation starts.
func (s *Scheduler) fire(ctx context.Context, at time.Time) ([]byte, error) {
	input := s.Def.Input
	if input == "" {
		input = "{}"
	}
	// EventBridge Scheduler's context attributes in the input.
	input = strings.NewReplacer(
		"<aws.scheduler.scheduled-time>", at.UTC().Format(time.RFC3339),
		"<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-east-1:123456789012:schedule/default/"+s.Def.Name,
		"<aws.scheduler.execution-id>", requestID(),
		"<aws.scheduler.attempt-number>", "1",
	).Replace(input)
	out, err := s.Fn.Invoke(context.WithoutCancel(ctx), []byte(input))
	if err != nil {
		s.Log.Error("schedule invocation failed", "schedule", s.Def.Name, "error", err.Error())
	}
	return out, err
}

// parseExpression supports rate(N unit) and cron(min hour dom month dow
// year) with numbers, lists, ranges, steps and wildcards; a cron is read
// in the time zone tz (an IANA name, "" for UTC).
func parseExpression(expr, tz string) (func(time.Time) (time.Time, error), error) {
	loc, err := time.LoadLocation(cmp.Or(tz, "UTC"))
	if err != nil {
		return nil, fmt.Errorf("schedule time zone %q: %w", tz, err)
	}
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		f := strings.Fields(expr[5 : len(expr)-1])
		if len(f) != 2 {
			return nil, fmt.Errorf("bad rate %q", expr)
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad rate %q", expr)
		}
		unit := map[string]time.Duration{"minute": time.Minute, "minutes": time.Minute, "hour": time.Hour, "hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour}[f[1]]
		if unit == 0 {
			return nil, fmt.Errorf("bad rate unit in %q", expr)
		}
		every := time.Duration(n) * unit
		return func(now time.Time) (time.Time, error) { return now.Add(every), nil }, nil
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		f := strings.Fields(expr[5 : len(expr)-1])
		if len(f) != 6 {
			return nil, fmt.Errorf("cron needs 6 fields: %q", expr)
		}
		ranges := [][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}}
		sets := make([]map[int]bool, 6)
		names := [][]string{nil, nil, nil, monthNames, dayNames, nil}
		for i := range 6 {
			s, err := cronField(f[i], ranges[i][0], ranges[i][1], names[i])
			if err != nil {
				return nil, fmt.Errorf("cron field %d of %q: %w", i+1, expr, err)
			}
			sets[i] = s
		}
		return func(now time.Time) (time.Time, error) {
			t := now.In(loc).Truncate(time.Minute).Add(time.Minute)
			for range 366 * 24 * 60 {
				if !sets[5][t.Year()] {
					// Skip a year the expression excludes in one step.
					if t = time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, loc); t.Year() > 2199 {
						break
					}
					continue
				}
				if sets[0][t.Minute()] && sets[1][t.Hour()] && sets[2][t.Day()] && sets[3][int(t.Month())] && sets[4][int(t.Weekday())+1] {
					return t.UTC(), nil
				}
				t = t.Add(time.Minute)
			}
			return time.Time{}, fmt.Errorf("cron %q never fires", expr)
		}, nil
	}
	return nil, fmt.Errorf("unsupported schedule expression %q", expr)
}

// Names AWS cron accepts for months (1-12) and days of the week (1-7, 1 = Sunday).
var (
	monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	dayNames   = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

// cronValue reads one value of a field: a number or, where the field has
// names, a name (the first name is lo).
func cronValue(v string, lo int, names []string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(v, n) {
			return lo + i, nil
		}
	}
	return strconv.Atoi(v)
}

func cronField(f string, lo, hi int, names []string) (map[int]bool, error) {
	set := map[int]bool{}
	for _, part := range strings.Split(f, ",") {
		step := 1
		if base, s, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("bad step %q", part)
			}
			part, step = base, n
		}
		a, b := lo, hi
		switch {
		case part == "*" || part == "?":
		case strings.Contains(part, "-"):
			x, y, _ := strings.Cut(part, "-")
			var err1, err2 error
			a, err1 = cronValue(x, lo, names)
			b, err2 = cronValue(y, lo, names)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("bad range %q", part)
			}
		default:
			n, err := cronValue(part, lo, names)
			if err != nil {
				return nil, fmt.Errorf("unsupported value %q", part)
			}
			a, b = n, n
			if step > 1 {
				b = hi
			}
		}
		if a < lo || b > hi || a > b {
			return nil, fmt.Errorf("%q is outside %d-%d", part, lo, hi)
		}
		for v := a; v <= b; v += step {
			set[v] = true
		}
	}
	return set, nil
}
