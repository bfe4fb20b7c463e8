package optimizeenv_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget/optimizeenv"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

type suppressed map[string]bool

func (s suppressed) Suppressed(_ context.Context, addr string) (bool, error) { return s[addr], nil }

// The weekly report goes through the marketing gate: the member's reports
// subscription and the suppression list are checked when it is sent, and
// the body's unsubscribe link is the one the headers carry.
func TestWeeklyReportIsGatedAtSendTime(t *testing.T) {
	ctx := context.Background()
	profiles, box := fake.NewProfiles(), &fake.Outbox{}
	at := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	put := func(uid, addr string, reports bool) {
		p := profile.Default(uid, addr)
		p.Communication.PerformanceReports = reports
		p.CreatedAt, p.UpdatedAt, p.Version = at, at, 1
		if err := profiles.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	put("usr_on", "on@glow.example", true)
	put("usr_off", "off@glow.example", false)
	put("usr_gone", "gone@glow.example", true)
	keyReads := 0
	g := &optimizeenv.GatedMail{
		LoadKey: func(context.Context) ([]byte, error) {
			keyReads++
			return []byte("0123456789abcdef0123456789abcdef"), nil
		},
		Profiles: profiles, Suppressions: suppressed{"gone@glow.example": true}, Next: box,
		UnsubscribeURL: "https://api.medspa.example/v1/unsubscribe",
	}
	raw := func(link string) []byte {
		return []byte("From: reports@medspa.example\r\nTo: x@glow.example\r\nSubject: week\r\n\r\nUnsubscribe: " + link + "\r\n")
	}
	send := func(uid string) error {
		link, err := g.Link(ctx, uid, "reports")
		if err != nil {
			return err
		}
		_, err = g.Send(marketing.For(ctx, uid, profile.Reports), email.Message{To: []string{"x@glow.example"}, Raw: raw(link), Kind: "weekly_report"})
		return err
	}

	if err := send("usr_on"); err != nil {
		t.Fatal(err)
	}
	got := box.Sent()
	if len(got) != 1 || got[0].To[0] != "on@glow.example" {
		t.Fatalf("sent %+v", got)
	}
	msg := string(got[0].Raw)
	i := strings.Index(msg, "List-Unsubscribe: <")
	if i < 0 || !strings.Contains(msg, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
		t.Fatalf("no one-click headers: %q", msg)
	}
	header := msg[i+len("List-Unsubscribe: <"):]
	header = header[:strings.Index(header, ">")]
	if !strings.HasPrefix(header, "https://api.medspa.example/v1/unsubscribe?token=") || !strings.Contains(msg, "Unsubscribe: "+header+"\r\n") {
		t.Fatalf("body link and header differ: %q", msg)
	}

	for _, uid := range []string{"usr_off", "usr_gone"} {
		if err := send(uid); !errors.Is(err, marketing.ErrSkipped) || !errors.Is(err, email.ErrRejected) {
			t.Errorf("%s: %v, want a skipped send", uid, err)
		}
	}
	if _, err := g.Send(ctx, email.Message{To: []string{"on@glow.example"}, Raw: raw(""), Kind: "weekly_report"}); !errors.Is(err, marketing.ErrSkipped) {
		t.Errorf("an unmarked report: %v, want refused", err)
	}
	if n := len(box.Sent()); n != 1 {
		t.Fatalf("%d emails sent, want 1", n)
	}
	if keyReads != 1 {
		t.Fatalf("the key was read %d times, want once", keyReads)
	}
}
