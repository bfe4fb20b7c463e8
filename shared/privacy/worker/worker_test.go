package worker_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/worker"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention/holds"
)

var ctx = context.Background()

// data is the subject's own items in memory.
type data struct {
	mu     sync.Mutex
	items  map[string]int // user ID -> items
	erased int
}

func (d *data) Erase(_ context.Context, s privacy.Subject, _ []string) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.items[s.UserID]
	delete(d.items, s.UserID)
	d.erased += n
	return n, nil
}

type suppressions struct{ m map[string]bool }

func (s *suppressions) Suppress(_ context.Context, email string, _, _ bool, _ time.Time) error {
	s.m[email] = true
	return nil
}

type env struct {
	store  *fake.PrivacyRequests
	svc    privacy.Service
	run    worker.Runner
	orgs   *fake.Orgs
	profs  *fake.Profiles
	bills  *fake.Billing
	data   *data
	supp   *suppressions
	held   map[holds.Scope]bool
	calls  map[string]int
	queued []string
}

func (e *env) Enqueue(_ context.Context, r privacy.Request) error {
	e.queued = append(e.queued, r.ID)
	return nil
}

const subject, other = "usr_subject", "usr_other"

func newEnv(t *testing.T) *env {
	now := func() time.Time { return time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC) }
	e := &env{store: fake.NewPrivacyRequests(), orgs: fake.NewOrgs(), profs: fake.NewProfiles(), bills: fake.NewBilling(),
		data: &data{items: map[string]int{subject: 7, other: 3}}, supp: &suppressions{m: map[string]bool{}}, held: map[holds.Scope]bool{}, calls: map[string]int{}}
	n := 0
	e.svc = privacy.Service{Store: e.store, Queue: e, Now: now, NewID: func() string { n++; return fmt.Sprintf("prq_%d", n) }}
	d := worker.Deps{Profiles: e.profs, Orgs: e.orgs, Billing: e.bills, Data: e.data, Suppressions: e.supp, Now: now,
		Held: func(_ context.Context, s holds.Scope) (bool, error) { return e.held[s], nil }}
	steps := worker.Steps(d)
	counted := map[string]worker.Step{}
	for name, fn := range steps {
		counted[name] = func(ctx context.Context, r privacy.Request) (map[string]string, error) {
			e.calls[name]++
			return fn(ctx, r)
		}
	}
	e.run = worker.Runner{Store: e.store, Steps: counted, Now: now}
	// The subject is an admin of an organization owned by other, and its
	// billing contact.
	o := org.Org{ID: "org_a", CompanyProfile: org.CompanyProfile{CompanyName: "Glow"}, Status: org.Active, CreatedAt: now(), Version: 1}
	if err := e.orgs.Create(ctx, o, org.Member{OrgID: o.ID, ID: other, Status: org.Joined, Role: org.Owner, Email: "o@spa.example", OrgName: "Glow", OrgStatus: org.Active, At: now(), Version: 1}, org.Settings{OrgID: o.ID, Version: 1}); err != nil {
		t.Fatal(err)
	}
	if err := e.orgs.Invite(ctx, org.ActorFor(other, org.InviteMembers), org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, "ana@spa.example"), Status: org.Invited, Role: org.Admin, Email: "ana@spa.example", OrgName: "Glow", At: now(), Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.orgs.Accept(ctx, o.ID, subject, "ana@spa.example", now()); err != nil {
		t.Fatal(err)
	}
	p := profile.Default(subject, "ana@spa.example")
	p.Name, p.Version, p.MarketingEmails = "Ana", 1, true
	if err := e.profs.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := e.bills.PutCustomer(ctx, billing.Customer{OrgID: o.ID, CustomerID: "cus_1", Name: "Ana", Email: "ana@spa.example", EventAt: now()}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) approved(t *testing.T, typ privacy.Type, corrections map[string]string) string {
	r, err := e.svc.Submit(ctx, "usr_team", privacy.New{Type: typ, Subject: privacy.Subject{UserID: subject, Email: "ana@spa.example"}, Channel: "email",
		Corrections: corrections, Verification: &privacy.Verification{Method: "call"}})
	if err == nil {
		_, err = e.svc.Approve(ctx, r.ID, "usr_team")
	}
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

func (e *env) get(t *testing.T, id string) (privacy.Request, []audit.Entry) {
	r, es, err := e.store.Trail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if res := audit.Verify(es, r.Audit); !res.OK {
		t.Fatalf("audit trail: %+v", res)
	}
	return r, es
}

func count(es []audit.Entry, action string) int {
	n := 0
	for _, e := range es {
		if e.Action == action {
			n++
		}
	}
	return n
}

func TestDeletionRunsEveryStep(t *testing.T) {
	e := newEnv(t)
	id := e.approved(t, privacy.Deletion, nil)
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	r, es := e.get(t, id)
	if r.Status != privacy.Complete || r.NextStep() != nil {
		t.Fatalf("status %s, steps %+v", r.Status, r.Steps)
	}
	if e.data.items[subject] != 0 || e.data.items[other] != 3 || !e.supp.m["ana@spa.example"] {
		t.Fatalf("data %v, suppressions %v", e.data.items, e.supp.m)
	}
	if ms, _, _ := e.orgs.ListForUser(ctx, subject, org.Page{Limit: 10}); len(ms) != 0 {
		t.Fatalf("memberships left: %+v", ms)
	}
	if rec, _ := e.bills.Load(ctx, "org_a"); rec.Customer == nil || rec.Customer.Email == "ana@spa.example" || rec.Customer.AnonymizedAt.IsZero() {
		t.Fatalf("billing not anonymized: %+v", rec.Customer)
	}
	if count(es, "step_done") != len(r.Steps) || count(es, "complete") != 1 {
		t.Fatalf("trail %+v", es)
	}
	// A redelivered job does nothing more.
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, es2 := e.get(t, id); len(es2) != len(es) {
		t.Fatal("a redelivery wrote to the trail")
	}
	// Erasing an erased subject completes.
	again := e.approved(t, privacy.Deletion, nil)
	if err := e.run.Run(ctx, again); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.get(t, again); r.Status != privacy.Complete || r.Step(privacy.StepErase).Result["deleted"] != "0" {
		t.Fatalf("second erasure: %s %+v", r.Status, r.Step(privacy.StepErase))
	}
}

// A worker killed after a step's work but before its checkpoint resumes at
// that step: the steps before it are not run again and no audit row is
// written twice.
func TestCrashResumesAtTheUnfinishedStep(t *testing.T) {
	e := newEnv(t)
	id := e.approved(t, privacy.Deletion, nil)
	crash := errors.New("killed")
	e.store.FailSave = func(r privacy.Request) error {
		if s := r.Step(privacy.StepMemberships); s != nil && s.Status == privacy.StepDone {
			return crash
		}
		return nil
	}
	if err := e.run.Run(ctx, id); !errors.Is(err, crash) {
		t.Fatalf("first run: %v", err)
	}
	e.store.FailSave = nil
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	r, es := e.get(t, id)
	if r.Status != privacy.Complete {
		t.Fatalf("status %s", r.Status)
	}
	for step, want := range map[string]int{privacy.StepHoldCheck: 1, privacy.StepSuppress: 1, privacy.StepMemberships: 2, privacy.StepErase: 1} {
		if e.calls[step] != want {
			t.Errorf("%s ran %d times, want %d", step, e.calls[step], want)
		}
	}
	seen := map[string]int{}
	for _, x := range es {
		if x.Action == "step_done" {
			seen[x.Detail["step"]]++
		}
	}
	for step, n := range seen {
		if n != 1 {
			t.Errorf("%d audit rows for %s", n, step)
		}
	}
	if r.Step(privacy.StepMemberships).Attempts != 1 {
		t.Errorf("attempts %d", r.Step(privacy.StepMemberships).Attempts)
	}
}

func TestLegalHoldPausesErasure(t *testing.T) {
	e := newEnv(t)
	e.held[holds.Scope{Kind: holds.Org, ID: "org_a"}] = true
	id := e.approved(t, privacy.Deletion, nil)
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	r, es := e.get(t, id)
	if r.Status != privacy.Paused || r.Reason != worker.ReasonLegalHold || e.data.items[subject] == 0 || count(es, "paused") != 1 {
		t.Fatalf("under a hold: %s %q, data %v", r.Status, r.Reason, e.data.items)
	}
	delete(e.held, holds.Scope{Kind: holds.Org, ID: "org_a"})
	if _, err := e.svc.Retry(ctx, id, "usr_team"); err != nil {
		t.Fatal(err)
	}
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.get(t, id); r.Status != privacy.Complete || e.data.items[subject] != 0 {
		t.Fatalf("after the release: %s", r.Status)
	}
}

func TestLastOwnerNeedsInput(t *testing.T) {
	e := newEnv(t)
	id, err := e.svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: other}, Channel: "email",
		Verification: &privacy.Verification{Method: "call"}})
	if err == nil {
		_, err = e.svc.Approve(ctx, id.ID, "usr_team")
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := e.run.Run(ctx, id.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.get(t, id.ID); r.Status != privacy.RequiresInput || r.Reason != "last_owner:org_a" || e.data.items[other] != 3 {
		t.Fatalf("last owner: %s %q", r.Status, r.Reason)
	}
}

func TestFailedStepWaitsForRetry(t *testing.T) {
	e := newEnv(t)
	id := e.approved(t, privacy.Deletion, nil)
	boom := true
	erase := e.run.Steps[privacy.StepErase]
	e.run.Steps[privacy.StepErase] = func(ctx context.Context, r privacy.Request) (map[string]string, error) {
		if boom {
			return nil, errors.New("logs table unreachable")
		}
		return erase(ctx, r)
	}
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	r, _ := e.get(t, id)
	if r.Status != privacy.Failed || r.Step(privacy.StepErase).Status != privacy.StepFailed {
		t.Fatalf("%s %+v", r.Status, r.Step(privacy.StepErase))
	}
	boom = false
	if _, err := e.svc.Retry(ctx, id, "usr_team"); err != nil {
		t.Fatal(err)
	}
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.get(t, id); r.Status != privacy.Complete || e.calls[privacy.StepSuppress] != 1 {
		t.Fatalf("after retry: %s, suppress ran %d", r.Status, e.calls[privacy.StepSuppress])
	}
}

func TestFlagsAndCorrection(t *testing.T) {
	e := newEnv(t)
	for _, typ := range []privacy.Type{privacy.Restriction, privacy.AIOptOut, privacy.MarketingOptOut} {
		if err := e.run.Run(ctx, e.approved(t, typ, nil)); err != nil {
			t.Fatal(err)
		}
	}
	p, _, _ := e.profs.Get(ctx, subject)
	if !p.Restricted || !p.AIOptOut || p.MarketingEmails {
		t.Fatalf("profile %+v", p)
	}
	id := e.approved(t, privacy.Correction, map[string]string{"profile.name": "Ana María", "profile.jobTitle": "Owner"})
	if err := e.run.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := e.profs.Get(ctx, subject); p.Name != "Ana María" || p.JobTitle != "Owner" {
		t.Fatalf("corrected %+v", p)
	}
	bad := e.approved(t, privacy.Correction, map[string]string{"membership.email": "x@spa.example"})
	if err := e.run.Run(ctx, bad); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.get(t, bad); r.Status != privacy.RequiresInput {
		t.Fatalf("unsupported field: %s", r.Status)
	}
}
