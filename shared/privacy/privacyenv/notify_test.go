package privacyenv_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/notify"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

var codeInRaw = regexp.MustCompile(`verification code is (\d{6})`)

// On the emulators: a request about a user gets its code and receipt at
// the profile's address through SES (moto), the code in the email
// verifies, the stored record holds only its hash; the daily run closes
// a stale request with its notice and emails the team once per day.
func TestNoticesThroughSES(t *testing.T) {
	ctx := context.Background()
	st, cfg := testenv.Stack(t)
	store := testenv.Must[*privacydb.Store](t)(privacydb.New(testenv.Table(t, retention.Privacy)))
	profiles := testenv.Must[*profiledb.Store](t)(profiledb.New(testenv.Table(t, retention.Account), testenv.Table(t, retention.Marketing)))
	sender := sesmail.New(sesv2.NewFromConfig(cfg), testenv.Name(t, st, "SenderIdentity"), "")
	d := privacyenv.Deliverer(store, profiles, sender, "http://127.0.0.1:3000/v1/privacy/confirm")

	uid := ids.New("usr")
	addr := strings.ToLower(uid) + "@spa.example"
	if err := profiles.Put(ctx, profile.Default(uid, addr)); err != nil {
		t.Fatal(err)
	}
	svc := privacy.Service{Store: store, Notify: notify.Inline(d), Now: time.Now, NewID: func() string { return ids.New("prq") }}
	r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Access, Subject: privacy.Subject{UserID: uid}, Channel: "email"})
	if err != nil {
		t.Fatal(err)
	}
	got := testenv.EmailsTo(t, addr)
	if len(got) != 2 {
		t.Fatalf("%d emails at the address on file, want the code and the receipt", len(got))
	}
	m := codeInRaw.FindStringSubmatch(strings.ReplaceAll(got[0].Raw, "=\r\n", ""))
	if m == nil || !strings.Contains(got[0].Raw, "Subject: Your verification code") || !strings.Contains(got[1].Raw, "Subject: We received your privacy request") {
		t.Fatalf("emails %+v", got)
	}
	raw, _, err := testenv.Table(t, retention.Privacy).Get(ctx, dynamo.Key("PREQ#"+r.ID, "REQUEST"), true)
	if err != nil || strings.Contains(dynamo.String(raw, "doc"), m[1]) || !strings.Contains(dynamo.String(raw, "doc"), `"status":"sent"`) {
		t.Fatalf("stored doc %v: %s", err, dynamo.String(raw, "doc"))
	}
	if r, err = svc.VerifyCode(ctx, r.ID, m[1], "subject"); err != nil || r.Status != privacy.PendingReview {
		t.Fatalf("verify the emailed code: %v", err)
	}

	// The daily run, a week later: one stale request closed, its notice
	// sent; the team's summary sent once though the run is retried.
	stale, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{Email: "stale-" + addr}, Channel: "email"})
	if err != nil {
		t.Fatal(err)
	}
	later := func() time.Time { return time.Now().Add(privacy.VerifyWindow + time.Minute) }
	d.Now, svc.Now = later, later
	svc.Notify = notify.Inline(d)
	team := "team-" + addr
	daily := notify.Daily{Service: svc, Sender: sender, Team: team, Claims: idempotencydb.ForWorkers(testenv.Table(t, retention.Ephemeral))}
	ev := schedule.Event{Schedule: notify.DailyName, ScheduledTime: later().UTC().Format(time.RFC3339)}
	for range 2 {
		if _, err := daily.Run(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := store.Get(ctx, stale.ID); s.Status != privacy.ClosedUnverified {
		t.Fatalf("stale request %s", s.Status)
	}
	closed := testenv.EmailsTo(t, "stale-"+addr)
	if len(closed) != 3 || !strings.Contains(closed[2].Raw, "Subject: Your privacy request was closed") {
		t.Fatalf("the stale request's emails: %d", len(closed))
	}
	if sums := testenv.EmailsTo(t, team); len(sums) != 1 || !strings.Contains(sums[0].Raw, "Subject: Privacy requests:") {
		t.Fatalf("%d summaries, want 1", len(sums))
	}
}

// The API's notice job: the kind and the request, never a code or an
// address.
func TestNoticeJob(t *testing.T) {
	job := jobs.Privacy{RequestID: "prq_1", Type: jobs.Access, Version: 1, Notice: privacy.NoticeCode}
	if err := job.Validate(); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(job)
	if string(b) != `{"requestId":"prq_1","type":"access","version":1,"notice":"verification_code"}` {
		t.Fatalf("job %s", b)
	}
	if job.Key() == (jobs.Privacy{RequestID: "prq_1", Type: jobs.Access, Version: 1}).Key() {
		t.Fatal("a notice job shares the request job's key")
	}
}
