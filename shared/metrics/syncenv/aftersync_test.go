package syncenv

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/jobs"
)

type sender struct {
	sent []any
	err  error
}

func (s *sender) Send(_ context.Context, js []any) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	s.sent = append(s.sent, js...)
	return len(js), nil
}

func TestAfterSyncQueuesTheOrganizationsRunOfTheDay(t *testing.T) {
	q := &sender{}
	var logs strings.Builder
	a := AfterSync{Queue: q, Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: func() time.Time { return time.Date(2026, 12, 1, 23, 30, 0, 0, time.FixedZone("CST", -6*3600)) }}
	a.Synced(context.Background(), "org_a")
	a.Synced(context.Background(), "org_a")
	want := jobs.Optimize{OrgID: "org_a", Day: "2026-12-02"} // the UTC day: one key per organization and day
	if len(q.sent) != 2 || q.sent[0] != want || q.sent[1] != want {
		t.Fatalf("sent %+v, want twice %+v (the optimiser's claim keeps one)", q.sent, want)
	}
	q.err = errors.New("sqs down")
	a.Synced(context.Background(), "org_b")
	if !strings.Contains(logs.String(), "daily dispatch will queue it") {
		t.Fatalf("a failed send was not logged: %s", logs.String())
	}
}
