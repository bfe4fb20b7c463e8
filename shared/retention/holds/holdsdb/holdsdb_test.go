package holdsdb_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

// world is a legal-hold test's hold service and sweep over its tables (the
// account table first), all on one clock that starts at t0, with the
// actions the hold service audited.
type world struct {
	mu      sync.Mutex
	now     time.Time
	store   *holdsdb.Store
	svc     holds.Service
	sweep   sweep.Sweeper
	audited []string
}

func newWorld(t *testing.T, org string, t0 time.Time, tables ...*dynamo.Table) *world {
	t.Helper()
	w := &world{now: t0}
	privacy := testenv.Table(t, retention.Privacy)
	for _, tb := range append([]*dynamo.Table{privacy}, tables...) {
		tb.Now = w.clock
	}
	w.store = testenv.Must[*holdsdb.Store](t)(holdsdb.New(tables[0], tables[1:]...))
	trail := testenv.Must[auditdb.Log](t)(auditdb.New(privacy))
	w.svc = holds.Service{Store: w.store, Now: w.clock, NewID: func() string { return "hold_" + org },
		Audit: func(ctx context.Context, id, kind, actor string, at time.Time, d map[string]string) error {
			w.audited = append(w.audited, d["action"])
			return trail.Record(ctx, audit.Entry{ID: id, Kind: kind, Actor: actor, At: at, Detail: d})
		}}
	w.sweep = sweep.Sweeper{Tables: tables, Audit: trail, Checkpoints: &fake.Checkpoints{},
		Log: logging.New(&bytes.Buffer{}, "INFO"), Now: w.clock}
	w.runSweep(t) // the tables' checkpoints
	return w
}

func (w *world) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }

func (w *world) set(v time.Time) { w.mu.Lock(); w.now = v; w.mu.Unlock() }

func (w *world) runSweep(t *testing.T) []sweep.TableResult {
	t.Helper()
	res, err := w.sweep.Handle(context.Background(), sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A legal hold stops the sweep and the erasure check; releasing it restores
// normal expiry. Applying is resumable and does no work twice.
func TestLegalHoldStopsExpiryUntilReleased(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	acct, logs := testenv.Table(t, retention.Account), testenv.Table(t, retention.Logs)
	org := fmt.Sprintf("org_hold%d", time.Now().UnixNano())
	const n = 1100
	for i := range n {
		if err := logs.Put(ctx, dynamo.Key("ORG#"+org, "LOG#"+strconv.Itoa(i)), dynamo.Expiry{At: t0}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := acct.Put(ctx, dynamo.Key("ORG#"+org, "ORG"), dynamo.Expiry{At: t0}, nil); err != nil {
		t.Fatal(err)
	}
	other := dynamo.Key("ORG#other"+org, "LOG#1") // not held
	if err := logs.Put(ctx, other, dynamo.Expiry{At: t0}, nil); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, org, t0, acct, logs)
	store, svc := w.store, w.svc

	h, err := svc.Place(ctx, "privacy-officer", holds.Scope{Kind: holds.Org, ID: org}, "litigation", "MATTER-42")
	if err != nil {
		t.Fatal(err)
	}
	if held, err := store.Held(ctx, holds.Scope{Kind: holds.Org, ID: org}); err != nil || !held {
		t.Fatalf("erasure check while held: %v %v", held, err)
	}
	// Applied in bounded batches: interrupted, the next run resumes.
	total := 0
	for i := 0; ; i++ {
		c, done, err := store.Process(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		total += c
		if done {
			break
		}
		if i > 5 {
			t.Fatal("never done")
		}
	}
	if total != n+1 {
		t.Fatalf("changed %d items, want each of the %d once", total, n+1)
	}
	if it := testenv.Stored(t, logs, dynamo.Key("ORG#"+org, "LOG#7")); it[dynamo.ExpiresAt] != nil || it["heldExpiresAt"] == nil {
		t.Fatalf("held item keeps its expiry: %v", it)
	}
	// Years later: the held items stay, the others go.
	w.set(t0.AddDate(4, 0, 0))
	w.sweep.Holds = store
	res := w.runSweep(t)
	if testenv.Stored(t, logs, dynamo.Key("ORG#"+org, "LOG#7")) == nil || testenv.Stored(t, acct, dynamo.Key("ORG#"+org, "ORG")) == nil {
		t.Fatalf("the sweep deleted held items: %+v", res)
	}
	if testenv.Stored(t, logs, dynamo.Key("ORG#other"+org, "LOG#1")) != nil {
		t.Fatal("an item no hold covers was kept")
	}
	if _, err := svc.Release(ctx, "privacy-officer", h.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Release(ctx, "privacy-officer", h.ID); err != holds.ErrReleased {
		t.Fatalf("second release: %v", err)
	}
	if held, _ := store.Held(ctx, holds.Scope{Kind: holds.Org, ID: org}); held {
		t.Fatal("still held after release")
	}
	// The next run restores the expiries (past: due now) and deletes them.
	res = w.runSweep(t)
	if testenv.Stored(t, logs, dynamo.Key("ORG#"+org, "LOG#7")) != nil || testenv.Stored(t, acct, dynamo.Key("ORG#"+org, "ORG")) != nil {
		t.Fatalf("released items not deleted: %+v", res)
	}
	got, err := store.Get(ctx, h.ID)
	if err != nil || got.State != holds.Released {
		t.Fatalf("hold after release: %+v %v", got, err)
	}
	if a := w.audited; len(a) != 2 || a[0] != "placed" || a[1] != "released" {
		t.Fatalf("audited %v", a)
	}
}

// A hold on an organization keeps the claims of its connections' ad
// accounts, which live outside its partition, and only those it owns.
func TestLegalHoldKeepsTheOrganizationsAdAccountClaims(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	acct := testenv.Table(t, retention.Account)
	org := fmt.Sprintf("org_claims%d", time.Now().UnixNano())
	put := func(it dynamo.Item, exp dynamo.Expiry) {
		t.Helper()
		if err := acct.Put(ctx, it, exp, nil); err != nil {
			t.Fatal(err)
		}
	}
	item := func(k dynamo.Item, attrs ...string) dynamo.Item {
		for i := 0; i+1 < len(attrs); i += 2 {
			k[attrs[i]] = dynamo.S(attrs[i+1])
		}
		return k
	}
	ours, theirs := dynamo.Key("ACCT#meta#act_1"+org, "CLAIM"), dynamo.Key("ACCT#google#999"+org, "CLAIM")
	put(item(dynamo.Key("ORG#"+org, "CONN#c1"), "platform", "meta", "accountId", "act_1"+org), dynamo.Expiry{At: t0})
	put(item(dynamo.Key("ORG#"+org, "CONN#c2"), "platform", "google", "accountId", "999"+org), dynamo.Expiry{At: t0})
	put(item(dynamo.Key("ACCT#meta#act_1"+org, "CLAIM"), "orgId", org), dynamo.Expiry{At: t0})
	put(item(dynamo.Key("ACCT#google#999"+org, "CLAIM"), "orgId", "another"+org), dynamo.Expiry{At: t0})

	w := newWorld(t, org, t0, acct)
	store, svc := w.store, w.svc
	h, err := svc.Place(ctx, "privacy-officer", holds.Scope{Kind: holds.Org, ID: org}, "litigation", "MATTER-7")
	if err != nil {
		t.Fatal(err)
	}
	if _, done, err := store.Process(ctx, 500); err != nil || !done {
		t.Fatalf("apply: done=%v %v", done, err)
	}
	if it := testenv.Stored(t, acct, ours); it[dynamo.ExpiresAt] != nil || it["heldExpiresAt"] == nil {
		t.Fatalf("the held organization's claim keeps its expiry: %v", it)
	}
	if it := testenv.Stored(t, acct, theirs); it[dynamo.ExpiresAt] == nil || it["heldExpiresAt"] != nil {
		t.Fatalf("another organization's claim was held: %v", it)
	}

	w.set(t0.AddDate(4, 0, 0))
	w.sweep.Holds = store
	w.runSweep(t)
	if testenv.Stored(t, acct, ours) == nil {
		t.Fatal("the sweep deleted the held organization's claim")
	}
	if testenv.Stored(t, acct, theirs) != nil {
		t.Fatal("the sweep kept a claim no hold covers")
	}

	if _, err := svc.Release(ctx, "privacy-officer", h.ID); err != nil {
		t.Fatal(err)
	}
	if _, done, err := store.Process(ctx, 500); err != nil || !done {
		t.Fatalf("release: done=%v %v", done, err)
	}
	if it := testenv.Stored(t, acct, ours); it[dynamo.ExpiresAt] == nil || it["heldExpiresAt"] != nil {
		t.Fatalf("the released claim did not get its expiry back: %v", it)
	}
}
