package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/notify"
)

type world struct {
	store *fake.PrivacyRequests
	out   *fake.Outbox
	clock *fake.Clock
	d     notify.Deliverer
	svc   privacy.Service
}

func newWorld() *world {
	w := &world{store: fake.NewPrivacyRequests(), out: &fake.Outbox{}, clock: fake.NewClock(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))}
	w.d = notify.Deliverer{Store: w.store, Sender: w.out, Now: w.clock.Now, ConfirmURL: "https://api.example/v1/privacy/confirm",
		Address: func(_ context.Context, userID string) (string, error) {
			if userID == "usr_ana" {
				return "ana.on.file@spa.example", nil
			}
			return "", nil
		}}
	seq := 0
	w.svc = privacy.Service{Store: w.store, Now: w.clock.Now, Queue: noQueue{}, NewID: func() string { seq++; return fmt.Sprintf("prq_%d", seq) }}
	return w
}

type noQueue struct{}

func (noQueue) Enqueue(context.Context, privacy.Request) error { return nil }

var codeRE = regexp.MustCompile(`verification code is (\d{6})`)

func codeOf(t *testing.T, ms []email.Message) string {
	t.Helper()
	for _, m := range ms {
		if m := codeRE.FindStringSubmatch(m.Text); m != nil {
			return m[1]
		}
	}
	t.Fatal("no code in the mail")
	return ""
}

// unverified submits a request whose notices are recorded but not handed
// over (Notify nil), as if the queue message had not arrived yet.
func (w *world) unverified(t *testing.T, subject privacy.Subject) privacy.Request {
	t.Helper()
	r, err := w.svc.Submit(context.Background(), "usr_team", privacy.New{Type: privacy.Access, Subject: subject, Channel: "email"})
	if err != nil {
		t.Fatal(err)
	}
	if n := r.Notice(privacy.NoticeCode); n == nil || n.Status != privacy.NoticePending || r.Code != nil {
		t.Fatalf("submitted: %+v code %+v", r.Notices, r.Code)
	}
	return r
}

// TestConcurrentDeliveriesSendOnce: a queue redelivery and the daily sweep
// delivering the same notice at once send one email; its code verifies.
func TestConcurrentDeliveriesSendOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r := w.unverified(t, privacy.Subject{Email: "ana@spa.example"})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- w.d.Deliver(ctx, r.ID, privacy.NoticeCode) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := w.out.To("ana@spa.example")
	if len(got) != 1 {
		t.Fatalf("%d code emails, want 1", len(got))
	}
	code := codeOf(t, got)
	if !strings.Contains(got[0].Text, "https://api.example/v1/privacy/confirm?request="+r.ID) || got[0].Kind != privacy.NoticeCode {
		t.Fatalf("code email: %+v", got[0])
	}
	stored, _ := w.store.Get(ctx, r.ID)
	doc, _ := json.Marshal(stored)
	if strings.Contains(string(doc), code) {
		t.Fatal("the stored request holds the code")
	}
	if n := stored.Notice(privacy.NoticeCode); n.Status != privacy.NoticeSent || n.MessageID == "" || n.Attempts != 1 {
		t.Fatalf("notice %+v", n)
	}
	if _, err := w.svc.VerifyCode(ctx, r.ID, code, "subject"); err != nil {
		t.Fatalf("the emailed code: %v", err)
	}
	// Delivered again after the fact: nothing more is sent.
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeCode); err != nil || len(w.out.Sent()) != 1 {
		t.Fatalf("redelivery: %v, %d emails", err, len(w.out.Sent()))
	}
}

// TestFailedSendIsRetriedWithANewCode: a send that fails releases the
// claim; the retry draws a new code, and the failed attempt's is not valid.
func TestFailedSendIsRetriedWithANewCode(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r := w.unverified(t, privacy.Subject{Email: "ana@spa.example"})
	w.out.Fail = errors.New("throttled")
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeCode); err == nil {
		t.Fatal("a failed send reported success")
	}
	failed, _ := w.store.Get(ctx, r.ID)
	if n := failed.Notice(privacy.NoticeCode); n.Status != privacy.NoticePending || failed.Code == nil {
		t.Fatalf("after the failure: %+v", n)
	}
	firstHash := failed.Code.Hash
	w.out.Fail = nil
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeCode); err != nil {
		t.Fatal(err)
	}
	sent, _ := w.store.Get(ctx, r.ID)
	if sent.Code.Hash == firstHash || len(w.out.Sent()) != 1 {
		t.Fatalf("retry: same hash %v, %d emails", sent.Code.Hash == firstHash, len(w.out.Sent()))
	}
	if n := sent.Notice(privacy.NoticeCode); n.Attempts != 2 || n.Status != privacy.NoticeSent {
		t.Fatalf("notice %+v", n)
	}
}

// TestRejectedAndSkipped: a refusal for good is recorded and never
// retried; no address on file is recorded as skipped.
func TestRejectedAndSkipped(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r := w.unverified(t, privacy.Subject{Email: "ana@spa.example"})
	w.out.Fail = fmt.Errorf("%w: the recipient ana@spa.example is on the suppression list", email.ErrRejected)
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeReceipt); err != nil {
		t.Fatalf("a rejection is not worth a retry: %v", err)
	}
	w.out.Fail = nil
	_ = w.d.Deliver(ctx, r.ID, privacy.NoticeReceipt)
	got, es, _ := w.store.Trail(ctx, r.ID)
	n := got.Notice(privacy.NoticeReceipt)
	if n.Status != privacy.NoticeRejected || len(w.out.Sent()) != 0 || strings.Contains(n.Reason, "ana@") {
		t.Fatalf("rejected notice %+v, %d sent", n, len(w.out.Sent()))
	}
	if last := es[len(es)-1]; last.Action != "notice_rejected" || last.Detail["kind"] != privacy.NoticeReceipt || strings.Contains(last.Reason, "ana@") {
		t.Fatalf("audit %+v", last)
	}

	nobody := w.unverified(t, privacy.Subject{UserID: "usr_gone"})
	if err := w.d.Deliver(ctx, nobody.ID, privacy.NoticeCode); err != nil {
		t.Fatal(err)
	}
	got, _ = w.store.Get(ctx, nobody.ID)
	if n := got.Notice(privacy.NoticeCode); n.Status != privacy.NoticeSkipped || len(w.out.Sent()) != 0 {
		t.Fatalf("no address: %+v", n)
	}
}

// TestAddressOnFileWins: a request naming a user goes to the profile's
// address, not to one typed into the request.
func TestAddressOnFileWins(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r := w.unverified(t, privacy.Subject{UserID: "usr_ana", Email: "someone.else@evil.example"})
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeCode); err != nil {
		t.Fatal(err)
	}
	if len(w.out.To("ana.on.file@spa.example")) != 1 || len(w.out.To("someone.else@evil.example")) != 0 {
		t.Fatalf("sent %+v", w.out.Sent())
	}
}

// TestAbandonedClaimIsTakenOver: a sender that died mid-send holds the
// notice for NoticeClaimTTL, then the sweep sends it.
func TestAbandonedClaimIsTakenOver(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r := w.unverified(t, privacy.Subject{Email: "ana@spa.example"})
	r, _ = w.store.Get(ctx, r.ID)
	n := r.Notice(privacy.NoticeReceipt)
	n.Status, n.ClaimedAt = privacy.NoticeSending, w.clock.Now()
	if err := privacy.SaveWith(ctx, w.store, &r, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.svc.Notify = notify.Inline(w.d)
	if k, err := w.svc.SweepNotices(ctx); err != nil || len(w.out.Sent()) != 1 || w.out.Sent()[0].Kind != privacy.NoticeCode {
		t.Fatalf("sweep while claimed: %d %v %+v", k, err, w.out.Sent())
	}
	w.clock.Add(privacy.NoticeClaimTTL)
	if _, err := w.svc.SweepNotices(ctx); err != nil || len(w.out.Sent()) != 2 || w.out.Sent()[1].Kind != privacy.NoticeReceipt {
		t.Fatalf("sweep after the claim's TTL: %v %+v", err, w.out.Sent())
	}
	if k, _ := w.svc.SweepNotices(ctx); k != 0 || len(w.out.Sent()) != 2 {
		t.Fatalf("a third sweep handed over %d", k)
	}
}

// TestLostHandOverIsSentByTheSweep: the API's queue refuses the notice;
// the request is saved anyway and the daily sweep sends it.
func TestLostHandOverIsSentByTheSweep(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	w.svc.Notify = func(context.Context, privacy.Request, string) error { return errors.New("queue unavailable") }
	r, err := w.svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{Email: "ana@spa.example"}, Channel: "phone",
		Verification: &privacy.Verification{Method: "phone_call"}})
	if err != nil || r.Status != privacy.PendingReview {
		t.Fatalf("submit with the queue down: %v", err)
	}
	w.svc.Notify = notify.Inline(w.d)
	if k, err := w.svc.SweepNotices(ctx); k != 1 || err != nil {
		t.Fatalf("sweep: %d %v", k, err)
	}
	got := w.out.To("ana@spa.example")
	if len(got) != 1 || got[0].Kind != privacy.NoticeReceipt || !strings.Contains(got[0].Text, "answer by 2027-03-31") {
		t.Fatalf("receipt %+v", got)
	}
}

// TestMessagesSayOnlyWhatIsNeeded: no link to the data, no subject data.
func TestMessagesSayOnlyWhatIsNeeded(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	r, _ := w.svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Portability, Subject: privacy.Subject{UserID: "usr_ana", Email: "ana@spa.example"},
		Channel: "email", Verification: &privacy.Verification{Method: "call"}})
	r.Status, r.Download = privacy.Complete, "exports/"+r.ID+"/export.zip"
	r.AddNotice(privacy.NoticeCompletion, w.clock.Now(), nil)
	if err := privacy.SaveWith(ctx, w.store, &r, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := w.d.Deliver(ctx, r.ID, privacy.NoticeCompletion); err != nil {
		t.Fatal(err)
	}
	got := w.out.To("ana.on.file@spa.example")
	if len(got) != 1 {
		t.Fatalf("%d emails", len(got))
	}
	m := got[0]
	for _, bad := range []string{"http", "exports/", "usr_ana", "ana@", "ana.on.file"} {
		if strings.Contains(m.Text, bad) || strings.Contains(m.Subject, bad) {
			t.Errorf("the completion email holds %q: %s", bad, m.Text)
		}
	}
	if !strings.Contains(m.Text, "sign in") || !strings.Contains(m.Text, r.ID) {
		t.Errorf("the completion email does not say how to download: %s", m.Text)
	}
}

// TestDailyRun: closes the stale request with its notice, emails the
// summary once per scheduled day.
func TestDailyRun(t *testing.T) {
	ctx := context.Background()
	w := newWorld()
	w.svc.Notify = notify.Inline(w.d)
	verified := privacy.Verification{Method: "call"}
	old, _ := w.svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{Email: "old@spa.example"}, Channel: "email", Verification: &verified})
	w.clock.Add(20 * 24 * time.Hour)
	stale, _ := w.svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Access, Subject: privacy.Subject{Email: "stale@spa.example"}, Channel: "email"})
	// A week later: stale is past the verification window, old is due
	// within 7 days.
	w.clock.Add(privacy.VerifyWindow + time.Hour)
	d := notify.Daily{Service: w.svc, Sender: w.out, Team: "privacy-team@medspa.example", Claims: &fake.Idempotency{Now: w.clock.Now}}
	ev := schedule.Event{Schedule: notify.DailyName, ScheduledTime: w.clock.Now().Format(time.RFC3339)}
	res, err := d.Run(ctx, ev)
	if err != nil || res.Closed != 1 || res.Summary == "" || res.DueSoon != 1 {
		t.Fatalf("daily: %+v %v", res, err)
	}
	got, _ := w.store.Get(ctx, stale.ID)
	if got.Status != privacy.ClosedUnverified {
		t.Fatalf("stale request %s", got.Status)
	}
	closed := w.out.To("stale@spa.example")
	if last := closed[len(closed)-1]; last.Kind != privacy.NoticeClosed || !strings.Contains(last.Text, stale.ID) {
		t.Fatalf("closing notice %+v", closed)
	}
	team := w.out.To("privacy-team@medspa.example")
	if len(team) != 1 || !strings.Contains(team[0].Text, old.ID) || strings.Contains(team[0].Text, "old@spa.example") {
		t.Fatalf("summary %+v", team)
	}
	// The scheduler's retry of the same invocation: no second summary.
	res, err = d.Run(ctx, ev)
	if err != nil || res.Summary != "" || len(w.out.To("privacy-team@medspa.example")) != 1 {
		t.Fatalf("retry: %+v %v", res, err)
	}
	if _, err := d.Run(ctx, schedule.Event{Schedule: "retention-sweep"}); err == nil {
		t.Fatal("an event for another schedule was run")
	}
}
