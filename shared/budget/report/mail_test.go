package report_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget/report"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

type members []org.Member

func (m members) ListMembers(_ context.Context, orgID, _ string) (org.Snapshot, error) {
	return org.Snapshot{Members: m}, nil
}

type profiles map[string]profile.Profile

func (p profiles) Get(_ context.Context, id string) (profile.Profile, bool, error) {
	v, ok := p[id]
	return v, ok, nil
}

type sentLog struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *sentLog) Sent(_ context.Context, orgID, week string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]bool{}
	for k := range s.m {
		if u, ok := strings.CutPrefix(k, orgID+"/"+week+"/"); ok {
			out[u] = true
		}
	}
	return out, nil
}

func (s *sentLog) MarkSent(_ context.Context, orgID, week, userID string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[orgID+"/"+week+"/"+userID] = true
	return nil
}

// rejecting refuses one address for good.
type rejecting struct {
	*fake.Outbox
	bad string
}

func (r rejecting) Send(ctx context.Context, m email.Message) (string, error) {
	if m.To[0] == r.bad {
		return "", fmt.Errorf("%w: suppressed", email.ErrRejected)
	}
	return r.Outbox.Send(ctx, m)
}

func TestTheWeeklyEmailGoesOnceToSubscribedOwnersAdminsAndMarketers(t *testing.T) {
	ctx := context.Background()
	mk := func(id string, r org.Role, st org.MemberStatus) org.Member {
		return org.Member{OrgID: "org_a", ID: id, Role: r, Status: st, Email: id + "@glow.example"}
	}
	ms := members{mk("usr_owner", org.Owner, org.Joined), mk("usr_admin", org.Admin, org.Joined), mk("usr_mkt", org.Marketer, org.Joined),
		mk("usr_quiet", org.Marketer, org.Joined), mk("usr_view", org.Viewer, org.Joined), mk("usr_inv", org.Admin, org.Invited), mk("usr_gone", org.Admin, org.Joined)}
	ps := profiles{"usr_quiet": {UserID: "usr_quiet", Email: "usr_quiet@glow.example", Communication: profile.Communication{PerformanceReports: false}},
		"usr_admin": {UserID: "usr_admin", Email: "admin.new@glow.example", Communication: profile.Communication{PerformanceReports: true}}}
	box := &fake.Outbox{}
	log := &sentLog{m: map[string]bool{}}
	m := report.Mailing{Mailer: rejecting{box, "usr_gone@glow.example"}, From: "reports@medspa.example", Recipients: report.Audience{Orgs: ms, Profiles: ps}, Sent: log,
		UnsubscribeURL: func(_ context.Context, userID, topic string) (string, error) {
			return "https://app.medspa.example/unsubscribe?u=" + userID + "&t=" + topic, nil
		}}
	r := sample()
	out, err := m.Send(ctx, "org_a", r, monday.AddDate(0, 0, 7))
	if err != nil || out.Sent != 3 || out.Failed != 1 {
		t.Fatalf("first send %+v %v", out, err)
	}
	want := map[string]string{"usr_owner@glow.example": "usr_owner", "admin.new@glow.example": "usr_admin", "usr_mkt@glow.example": "usr_mkt"}
	for addr, user := range want {
		got := box.To(addr)
		if len(got) != 1 {
			t.Fatalf("%s got %d reports", addr, len(got))
		}
		raw := string(got[0].Raw)
		if !strings.Contains(raw, "List-Unsubscribe: <https://app.medspa.example/unsubscribe?u="+user+"&t=reports>") ||
			!strings.Contains(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") || got[0].Kind != "weekly_report" {
			t.Errorf("%s: headers %q", addr, raw[:min(len(raw), 600)])
		}
	}
	if len(box.Sent()) != 3 {
		t.Fatalf("%d sent, want 3 (no viewer, invitee or unsubscribed member)", len(box.Sent()))
	}
	// A rerun of the week sends nothing (the rejected address is recorded too).
	out, err = m.Send(ctx, "org_a", r, monday.AddDate(0, 0, 8))
	if err != nil || out.Sent != 0 || out.Already != 4 || len(box.Sent()) != 3 {
		t.Fatalf("rerun %+v %v, %d sent", out, err, len(box.Sent()))
	}
	// A passing failure is returned for a retry and recorded for nobody.
	log2 := &sentLog{m: map[string]bool{}}
	box.Fail = errors.New("throttled")
	m2 := report.Mailing{Mailer: box, From: "reports@medspa.example", Recipients: report.Audience{Orgs: ms[:1], Profiles: ps}, Sent: log2}
	if _, err := m2.Send(ctx, "org_a", r, monday); err == nil || len(log2.m) != 0 {
		t.Fatalf("a failing send: %v, %v", err, log2.m)
	}
	// Without an unsubscribe URL (no gate wired) there is no header.
	box.Fail = nil
	if _, err := m2.Send(ctx, "org_a", r, monday); err != nil {
		t.Fatal(err)
	}
	last := box.Sent()[len(box.Sent())-1]
	if strings.Contains(string(last.Raw), "List-Unsubscribe") {
		t.Error("an unsubscribe header without a URL")
	}
}

func TestParseWeek(t *testing.T) {
	for in, want := range map[string]string{"2026-W11": "2026-03-09", "2026-W01": "2025-12-29", "2020-W53": "2020-12-28", "2026-W49": "2026-11-30"} {
		got, err := report.ParseWeek(in)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("%s: %v %v, want %s", in, got, err, want)
		}
		if report.WeekName(got) != in {
			t.Errorf("%s named %s", in, report.WeekName(got))
		}
	}
	for _, bad := range []string{"2026-W54", "2026-W00", "2026-11", "2026W11", "2026-W1", "2026-W11x", "2021-W53"} {
		if _, err := report.ParseWeek(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
