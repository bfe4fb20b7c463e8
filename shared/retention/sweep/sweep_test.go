package sweep_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

func TestSweepDeletesOnlyExpiredItems(t *testing.T) {
	ctx := context.Background()
	logs := testenv.Table(t, retention.Logs)
	accounts := testenv.Table(t, retention.Account)
	privacy := testenv.Table(t, retention.Privacy)

	put := func(tb *dynamo.Table, sk string, at time.Time) {
		if err := tb.Put(ctx, dynamo.Key("SWEEP", sk), dynamo.Expiry{At: at}, nil); err != nil {
			t.Fatal(err)
		}
	}
	put(logs, "old-1", time.Now().AddDate(-2, 0, 0)) // 1-year logs: expired
	put(logs, "old-2", time.Now().AddDate(-1, 0, -1))
	put(logs, "fresh", time.Now())
	put(accounts, "active", time.Time{})                      // relationship ongoing
	put(accounts, "ended", time.Now().AddDate(-3, 0, -1))     // ended 3 years ago
	put(accounts, "recent-end", time.Now().AddDate(-1, 0, 0)) // ended a year ago

	now := time.Now()
	s := sweep.Sweeper{Tables: []*dynamo.Table{logs, accounts}, Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)), Checkpoints: sweep.TableCheckpoints{Table: privacy}, Log: logging.New(&bytes.Buffer{}, "INFO"), Now: func() time.Time { return now }}
	// A run limited to one category touches only its table.
	only, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}, Categories: []retention.Category{retention.Logs}})
	if err != nil || len(only) != 1 || only[0].Table != logs.Name || only[0].Deleted != 2 {
		t.Fatalf("logs-only sweep: %+v %v", only, err)
	}
	if _, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}, Categories: []retention.Category{"misc"}}); err == nil {
		t.Fatal("unknown category accepted")
	}
	res, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Deleted != 0 || res[1].Deleted != 1 {
		t.Fatalf("deleted %+v, want the logs already swept and 1 account item", res)
	}
	for tb, alive := range map[*dynamo.Table][]string{logs: {"fresh"}, accounts: {"active", "recent-end"}} {
		if items := testenv.Partition(t, tb, "SWEEP"); len(items) != len(alive) {
			t.Errorf("%s holds %d items after the sweep, want %v", tb.Name, len(items), alive)
		}
	}
	// The run is in the audit trail, once per table.
	found := 0
	for _, it := range testenv.Partition(t, privacy, "AUDIT#retention_sweep#"+now.UTC().Format(time.DateOnly)) {
		// This run's rows only: the table outlives a -count run.
		mine := strings.HasPrefix(dynamo.String(it, dynamo.SK), "sweep#"+now.UTC().Format(time.RFC3339)+"#")
		if tbl := dynamo.String(it, "d_table"); mine && (tbl == logs.Name || tbl == accounts.Name) {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("audit rows for this sweep: %d, want 2", found)
	}
	if _, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: "sync-dispatch"}}); err == nil {
		t.Fatal("sweep ran on another schedule's event")
	}
}

// TestSweepStampsCancelledOrganizations: the account table's sweep gives a
// cancelled organization's support messages the organization's expiry.
func TestSweepStampsCancelledOrganizations(t *testing.T) {
	ctx := context.Background()
	accounts, privacy, orgs := accountStores(t)
	now := time.Now().UTC().Truncate(time.Second)
	owner := ids.UserID("sweep-owner")
	o := createOrg(t, orgs, owner, now)
	if _, err := orgs.AddSupport(ctx, org.ActorFor(owner, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.Feedback, Subject: "s", Body: "b", AuthorID: owner, Status: "open", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.Cancel(ctx, org.ActorFor(owner, org.CancelOrg), o.ID, now); err != nil {
		t.Fatal(err)
	}
	s := sweep.Sweeper{Tables: []*dynamo.Table{accounts}, Cancelled: orgs, Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)), Checkpoints: sweep.TableCheckpoints{Table: privacy}, Log: logging.New(&bytes.Buffer{}, "INFO"), Now: time.Now}
	res, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	if err != nil || len(res) != 1 || res[0].Stamped < 1 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	for _, it := range testenv.Partition(t, accounts, "ORG#"+o.ID) {
		if dynamo.Int(it, dynamo.ExpiresAt) != now.AddDate(3, 0, 0).Unix() {
			t.Errorf("%s has expiresAt %d", dynamo.String(it, dynamo.SK), dynamo.Int(it, dynamo.ExpiresAt))
		}
	}
}

// TestSweepRunsProfileClocks: a user's profile is kept while they belong
// to an active organization, then 3 years. The sweep starts the clock for
// a user whose organization was cancelled and for one who never joined,
// stops it for one who joined again, and deletes a profile whose 3 years
// are over.
func TestSweepRunsProfileClocks(t *testing.T) {
	ctx := context.Background()
	accounts, privacy, orgs := accountStores(t)
	profiles := testenv.Must[*profiledb.Store](t)(profiledb.New(accounts, testenv.Table(t, retention.Marketing)))
	now := time.Now().UTC().Truncate(time.Second)
	user := func(name string) string {
		id := ids.UserID(testenv.Unique(name))
		p := profile.Default(id, name+"@spa.example")
		p.Name, p.CreatedAt, p.UpdatedAt, p.Version = name, now, now, 1
		if err := profiles.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		return id
	}
	expiry := func(userID string) (int64, bool) {
		it := testenv.Stored(t, accounts, dynamo.Key("USER#"+userID, "PROFILE"))
		if it == nil {
			return -1, false
		}
		_, running := it[dynamo.ExpiresAt]
		return dynamo.Int(it, dynamo.ExpiresAt), running
	}

	member := user("member")
	createOrg(t, orgs, member, now)
	loner := user("loner") // signed up, never joined
	cancelled := user("cancelled")
	o := createOrg(t, orgs, cancelled, now)
	if _, err := orgs.Cancel(ctx, org.ActorFor(cancelled, org.CancelOrg), o.ID, now); err != nil {
		t.Fatal(err)
	}
	returning := user("returning") // a clock from an earlier run, then joined again
	earlier := testenv.Stored(t, accounts, dynamo.Key("USER#"+returning, "PROFILE"))
	earlier[dynamo.ExpiresAt] = dynamo.N(now.AddDate(2, 0, 0).Unix())
	testenv.Seed(t, accounts, earlier)
	createOrg(t, orgs, returning, now)

	at := now
	s := sweep.Sweeper{Tables: []*dynamo.Table{accounts}, Cancelled: orgs, Profiles: profiledb.Clock{Profiles: profiles, Members: orgs},
		Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)), Checkpoints: sweep.TableCheckpoints{Table: privacy}, Log: logging.New(&bytes.Buffer{}, "INFO"), Now: func() time.Time { return at }}
	run := func() sweep.TableResult {
		t.Helper()
		res, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
		if err != nil || len(res) != 1 {
			t.Fatalf("sweep: %+v %v", res, err)
		}
		return res[0]
	}
	if r := run(); r.Profiles < 3 {
		t.Fatalf("first run changed %d profiles, want at least 3", r.Profiles)
	}
	want := now.AddDate(3, 0, 0).Unix()
	for name, c := range map[string]struct {
		id      string
		running bool
	}{"member": {member, false}, "loner": {loner, true}, "cancelled": {cancelled, true}, "returning": {returning, false}} {
		exp, running := expiry(c.id)
		if running != c.running || (running && exp != want) {
			t.Errorf("%s: expiresAt %d (running %v), want running=%v at %d", name, exp, running, c.running, want)
		}
	}
	if _, found, err := profiles.Get(ctx, loner); err != nil || !found {
		t.Fatalf("a profile whose clock runs must still be readable: %v %v", found, err)
	}
	// A second run the same day changes nothing.
	if r := run(); r.Profiles != 0 {
		t.Fatalf("second run changed %d profiles, want 0", r.Profiles)
	}
	// Three years and a day later the sweep deletes the lapsed profiles
	// and keeps the member's.
	at = now.AddDate(3, 0, 1)
	run()
	for name, c := range map[string]struct {
		id   string
		kept bool
	}{"member": {member, true}, "loner": {loner, false}, "cancelled": {cancelled, false}, "returning": {returning, true}} {
		if exp, _ := expiry(c.id); (exp != -1) != c.kept {
			t.Errorf("%s: kept=%v after 3 years, want %v", name, exp != -1, c.kept)
		}
	}
}

// accountStores gives the test stack's account and privacy tables, and the
// organization store on the account table.
func accountStores(t *testing.T) (*dynamo.Table, *dynamo.Table, *orgdb.Store) {
	t.Helper()
	accounts := testenv.Table(t, retention.Account)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(accounts))
	return accounts, testenv.Table(t, retention.Privacy), orgs
}

// createOrg creates an active organization owned by ownerID.
func createOrg(t *testing.T, orgs *orgdb.Store, ownerID string, now time.Time) org.Org {
	t.Helper()
	o := org.Org{ID: ids.New("org"), CompanyProfile: org.CompanyProfile{CompanyName: "Glow", TimeZone: "America/Chicago"}, Status: org.Active, CreatedAt: now, UpdatedAt: now, Version: 1, MemberCount: 1, OwnerCount: 1, CreatedBy: ownerID}
	owner := org.Member{OrgID: o.ID, ID: ownerID, Status: org.Joined, Role: org.Owner, Email: "o@glow.example", OrgName: o.CompanyName, OrgStatus: org.Active, At: now, UpdatedAt: now, Version: 1}
	if err := orgs.Create(context.Background(), o, owner, org.DefaultSettings(o.ID, now, ownerID)); err != nil {
		t.Fatal(err)
	}
	return o
}
