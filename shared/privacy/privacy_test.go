package privacy_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/notify"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDueAtIsTheEarlierOf30DaysAndOneMonth(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2027-01-31 10:00:00", "2027-02-28 10:00:00"}, // month end: last day of February
		{"2028-01-31 10:00:00", "2028-02-29 10:00:00"}, // leap year
		{"2027-01-30 00:00:00", "2027-02-28 00:00:00"},
		{"2027-02-01 09:30:00", "2027-03-01 09:30:00"}, // one month is shorter than 30 days
		{"2027-03-01 00:00:00", "2027-03-31 00:00:00"}, // 30 days is shorter than a 31-day month
		{"2027-04-15 12:00:00", "2027-05-15 12:00:00"}, // both the same
		{"2027-12-31 23:00:00", "2028-01-30 23:00:00"},
	} {
		if got := privacy.DueAt(day(c.in)); !got.Equal(day(c.want)) {
			t.Errorf("DueAt(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestExtensionOnceWithReasonBeforeTheDueDate(t *testing.T) {
	rec := day("2027-01-31 10:00:00")
	r := privacy.Request{Status: privacy.PendingReview, ReceivedAt: rec, DueAt: privacy.DueAt(rec)}
	if err := r.Extend("", rec); !errors.Is(err, privacy.ErrInvalid) {
		t.Fatalf("no reason: %v", err)
	}
	late := r
	if err := late.Extend("complex", r.DueAt); !errors.Is(err, privacy.ErrExtension) {
		t.Fatalf("on the due time: %v", err)
	}
	if err := r.Extend("many systems", rec.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// 28 Feb + 45 days (14 April) is earlier than + 2 months (28 April).
	if want := day("2027-04-14 10:00:00"); !r.DueAt.Equal(want) || r.ExtensionReason != "many systems" {
		t.Fatalf("extended to %s, want %s", r.DueAt, want)
	}
	if err := r.Extend("again", rec.Add(48*time.Hour)); !errors.Is(err, privacy.ErrExtension) {
		t.Fatalf("a second extension: %v", err)
	}
	done := privacy.Request{Status: privacy.Complete, DueAt: privacy.DueAt(rec)}
	if err := done.Extend("x", rec); !errors.Is(err, privacy.ErrTransition) {
		t.Fatalf("a final request: %v", err)
	}
}

func TestDaysLeftSoonAndOverdue(t *testing.T) {
	rec := day("2027-03-01 00:00:00")
	r := privacy.Request{Status: privacy.InProcessing, ReceivedAt: rec, DueAt: privacy.DueAt(rec)}
	if d := r.DaysLeft(rec); d != 30 {
		t.Fatalf("days left at receipt: %d", d)
	}
	if r.DueSoon(rec) || r.Overdue(rec) {
		t.Fatal("fresh request flagged")
	}
	if at := r.DueAt.Add(-6 * 24 * time.Hour); !r.DueSoon(at) || r.DaysLeft(at) != 6 {
		t.Fatalf("6 days before: soon=%v left=%d", r.DueSoon(at), r.DaysLeft(at))
	}
	if at := r.DueAt.Add(time.Hour); !r.Overdue(at) || r.DueSoon(at) {
		t.Fatal("an hour late is overdue, not soon")
	}
	r.Status = privacy.Complete
	if r.Overdue(r.DueAt.Add(time.Hour)) {
		t.Fatal("a complete request is never overdue")
	}
}

func TestTransitions(t *testing.T) {
	allowed := map[[2]privacy.Status]bool{}
	for _, p := range [][2]privacy.Status{
		{privacy.Received, privacy.IdentityUnverified}, {privacy.Received, privacy.PendingReview},
		{privacy.IdentityUnverified, privacy.PendingReview}, {privacy.IdentityUnverified, privacy.ClosedUnverified},
		{privacy.PendingReview, privacy.Approved}, {privacy.PendingReview, privacy.Denied}, {privacy.PendingReview, privacy.Duplicate},
		{privacy.Approved, privacy.InProcessing},
		{privacy.InProcessing, privacy.InProcessing}, {privacy.InProcessing, privacy.RequiresInput}, {privacy.InProcessing, privacy.Paused},
		{privacy.InProcessing, privacy.Failed}, {privacy.InProcessing, privacy.AwaitingFinalization},
		{privacy.RequiresInput, privacy.InProcessing}, {privacy.Paused, privacy.InProcessing}, {privacy.Failed, privacy.InProcessing},
		{privacy.AwaitingFinalization, privacy.Complete},
	} {
		allowed[p] = true
	}
	for _, from := range privacy.Statuses {
		for _, to := range privacy.Statuses {
			want := allowed[[2]privacy.Status{from, to}] || (to == privacy.Canceled && !from.Final())
			if got := privacy.CanMove(from, to); got != want {
				t.Errorf("%s -> %s: %v, want %v", from, to, got, want)
			}
		}
	}
}

// notes is the mail side: notices delivered at once into an Outbox.
type notes struct{ out *fake.Outbox }

var codeRE = regexp.MustCompile(`verification code is (\d{6})`)

// code is the last verification code emailed.
func (n *notes) code() string {
	sent := n.out.Sent()
	for i := len(sent) - 1; i >= 0; i-- {
		if m := codeRE.FindStringSubmatch(sent[i].Text); m != nil {
			return m[1]
		}
	}
	return ""
}

// last is the last email's kind and recipient.
func (n *notes) last() string {
	sent := n.out.Sent()
	if len(sent) == 0 {
		return ""
	}
	return sent[len(sent)-1].Kind + ":" + sent[len(sent)-1].To[0]
}

// withoutNotices drops the notices' own audit entries.
func withoutNotices(es []audit.Entry) []audit.Entry {
	var out []audit.Entry
	for _, e := range es {
		if !strings.HasPrefix(e.Action, "notice_") {
			out = append(out, e)
		}
	}
	return out
}

type queue struct{ ids []string }

func (q *queue) Enqueue(_ context.Context, r privacy.Request) error {
	q.ids = append(q.ids, r.ID)
	return nil
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func world() (privacy.Service, *fake.PrivacyRequests, *notes, *queue, *clock) {
	st, n, q, c := fake.NewPrivacyRequests(), &notes{out: &fake.Outbox{}}, &queue{}, &clock{t: day("2027-01-31 10:00:00")}
	seq := 0
	d := notify.Deliverer{Store: st, Sender: n.out, Now: c.Now, ConfirmURL: "https://api.example/v1/privacy/confirm"}
	return privacy.Service{Store: st, Notify: notify.Inline(d), Queue: q, Now: c.Now, NewID: func() string { seq++; return fmt.Sprintf("prq_%d", seq) }}, st, n, q, c
}

func TestCodeVerificationLockout(t *testing.T) {
	ctx := context.Background()
	svc, st, n, _, c := world()
	r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Access, Subject: privacy.Subject{Email: "ana@spa.example"}, Channel: "email"})
	if err != nil || r.Status != privacy.IdentityUnverified || n.code() == "" {
		t.Fatalf("submit: %+v %v code=%q", r, err, n.code())
	}
	if want := day("2027-02-28 10:00:00"); !r.DueAt.Equal(want) {
		t.Fatalf("due %s", r.DueAt)
	}
	if strings.Contains(fmt.Sprint(r.Code), n.code()) {
		t.Fatal("the stored request holds the code itself")
	}
	good := n.code()
	wrong := "000000"
	if good == wrong {
		wrong = "111111"
	}
	for i := 1; i <= 2; i++ {
		if _, err := svc.VerifyCode(ctx, r.ID, wrong, "public"); !errors.Is(err, privacy.ErrCode) {
			t.Fatalf("wrong attempt %d: %v", i, err)
		}
	}
	if _, err := svc.VerifyCode(ctx, r.ID, wrong, "public"); !errors.Is(err, privacy.ErrLocked) {
		t.Fatalf("third wrong attempt: %v", err)
	}
	if _, err := svc.VerifyCode(ctx, r.ID, good, "public"); !errors.Is(err, privacy.ErrLocked) {
		t.Fatalf("the right code after the lockout: %v", err)
	}
	got, _ := st.Get(ctx, r.ID)
	if got.Status != privacy.IdentityUnverified {
		t.Fatalf("status %s", got.Status)
	}
	// Unverified requests close after the window, with a notice.
	c.t = c.t.Add(privacy.VerifyWindow - time.Minute)
	if k, _ := svc.CloseStale(ctx); k != 0 {
		t.Fatal("closed early")
	}
	c.t = c.t.Add(time.Minute)
	if k, err := svc.CloseStale(ctx); k != 1 || err != nil {
		t.Fatalf("closed %d %v", k, err)
	}
	got, _ = st.Get(ctx, r.ID)
	if got.Status != privacy.ClosedUnverified || n.last() != privacy.NoticeClosed+":ana@spa.example" {
		t.Fatalf("after the window: %s %v", got.Status, n.last())
	}
	es, _ := st.Entries(ctx, r.ID)
	var actions []string
	for _, e := range es {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "received,verification_requested,notice_sent,notice_sent,verification_failed,verification_failed,verification_locked,closed_unverified,notice_sent" {
		t.Fatalf("trail %v", actions)
	}
	if res := audit.Verify(es, got.Audit); !res.OK || res.Entries != 9 {
		t.Fatalf("verify %+v", res)
	}
}

func TestCodeExpiresAfterTenMinutes(t *testing.T) {
	ctx := context.Background()
	svc, _, n, _, c := world()
	r, _ := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{Email: "ana@spa.example"}})
	c.t = c.t.Add(privacy.CodeTTL)
	if _, err := svc.VerifyCode(ctx, r.ID, n.code(), "public"); !errors.Is(err, privacy.ErrCode) {
		t.Fatalf("expired code: %v", err)
	}
	r, _ = svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{Email: "ana@spa.example"}})
	c.t = c.t.Add(privacy.CodeTTL - time.Second)
	if r, err := svc.VerifyCode(ctx, r.ID, n.code(), "usr_team"); err != nil || r.Status != privacy.PendingReview || r.Verification.Method != privacy.VerifiedByCode {
		t.Fatalf("in time: %+v %v", r, err)
	}
}

func TestLifecycleThroughTheService(t *testing.T) {
	ctx := context.Background()
	svc, st, _, q, c := world()
	r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: "usr_ana", Email: "ana@spa.example"},
		Verification: &privacy.Verification{Method: "video_call", Note: "matched the account's phone"}})
	if err != nil || r.Status != privacy.PendingReview || r.Verification.By != "usr_team" {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := svc.Retry(ctx, r.ID, "usr_team"); !errors.Is(err, privacy.ErrTransition) {
		t.Fatalf("retry under review: %v", err)
	}
	// Approved days later: nothing it needs has expired.
	c.t = c.t.Add(9 * 24 * time.Hour)
	if r, err = svc.Approve(ctx, r.ID, "usr_lead"); err != nil || r.Status != privacy.Approved || len(q.ids) != 1 || len(r.Steps) == 0 {
		t.Fatalf("approve: %+v %v %v", r, err, q.ids)
	}
	if _, err := svc.Approve(ctx, r.ID, "usr_lead"); !errors.Is(err, privacy.ErrTransition) {
		t.Fatalf("approve twice: %v", err)
	}
	if _, err := svc.Extend(ctx, r.ID, "usr_lead", "many systems"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Extend(ctx, r.ID, "usr_lead", "again"); !errors.Is(err, privacy.ErrExtension) {
		t.Fatalf("second extension: %v", err)
	}
	if _, err := svc.Cancel(ctx, r.ID, "usr_lead", ""); !errors.Is(err, privacy.ErrInvalid) {
		t.Fatalf("cancel without reason: %v", err)
	}
	if r, err = svc.Cancel(ctx, r.ID, "usr_lead", "withdrawn by the subject"); err != nil || r.Status != privacy.Canceled {
		t.Fatalf("cancel: %v", err)
	}
	if _, err := svc.Deny(ctx, r.ID, "usr_lead", "late"); !errors.Is(err, privacy.ErrTransition) {
		t.Fatalf("deny a canceled request: %v", err)
	}
	all, _ := st.Entries(ctx, r.ID)
	if res := audit.Verify(all, r.Audit); !res.OK {
		t.Fatalf("trail %+v (%d entries)", res, len(all))
	}
	es := withoutNotices(all)
	if len(es) != 5 {
		t.Fatalf("entries %+v", es)
	}
	if es[2].Actor != "usr_lead" || es[2].Action != "approved" || es[4].Reason != "withdrawn by the subject" {
		t.Fatalf("entries %+v", es)
	}
}

func TestValidation(t *testing.T) {
	svc, _, _, _, _ := world()
	ctx := context.Background()
	for _, in := range []privacy.New{
		{Type: "forget_me", Subject: privacy.Subject{Email: "a@b.example"}},
		{Type: privacy.Access},
		{Type: privacy.Correction, Subject: privacy.Subject{UserID: "usr_a"}},
		{Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_a"}, Corrections: map[string]string{"profile.name": "x"}},
	} {
		if _, err := svc.Submit(ctx, "usr_team", in); !errors.Is(err, privacy.ErrInvalid) {
			t.Errorf("%+v: %v", in, err)
		}
	}
}

func TestListFiltersAndSummary(t *testing.T) {
	ctx := context.Background()
	svc, _, _, _, c := world()
	v := &privacy.Verification{Method: "call"}
	old, _ := svc.Submit(ctx, "t", privacy.New{Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_a"}, Verification: v})
	c.t = c.t.Add(25 * 24 * time.Hour)
	mid, _ := svc.Submit(ctx, "t", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: "usr_b"}, Verification: v})
	c.t = c.t.Add(22 * 24 * time.Hour) // old is overdue, mid is due in under 7 days
	_, _ = svc.Submit(ctx, "t", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: "usr_c"}, Verification: v})
	ids := func(f privacy.Filter) string {
		rs, err := svc.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return strings.Join(out, ",")
	}
	if got := ids(privacy.Filter{Due: "overdue"}); got != old.ID {
		t.Errorf("overdue: %s", got)
	}
	if got := ids(privacy.Filter{Due: "soon"}); got != mid.ID {
		t.Errorf("soon: %s", got)
	}
	if got := ids(privacy.Filter{Type: privacy.Deletion, Status: privacy.PendingReview}); got != "prq_2,prq_3" {
		t.Errorf("type+status: %s", got)
	}
	s, _ := svc.Summarize(ctx)
	if s.Open != 3 || s.Overdue != 1 || s.DueSoon != 1 {
		t.Errorf("summary %+v", s)
	}
}
