package orgdb_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// partitionSize is how many feature items the cancellation and
// reactivation test puts in one organization's partition: 500 in make
// test, MEDSPA_LARGE_ORG (for example 50000) when asked.
func partitionSize(t *testing.T) int {
	if v := os.Getenv("MEDSPA_LARGE_ORG"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("MEDSPA_LARGE_ORG=%q is not a count", v)
		}
		return n
	}
	return 500
}

// seed writes n plain items into the org's partition (as any feature's
// items are) and one that has an expiry of its own.
func seed(t *testing.T, tb *dynamo.Table, orgID string, n int, ownExp int64) {
	t.Helper()
	items := make([]dynamo.Item, 0, n+1)
	for i := range n {
		items = append(items, dynamo.Item{dynamo.PK: dynamo.S("ORG#" + orgID), dynamo.SK: dynamo.S(fmt.Sprintf("FEATURE#%06d", i)), "entity": dynamo.S("feature")})
	}
	items = append(items, dynamo.Item{dynamo.PK: dynamo.S("ORG#" + orgID), dynamo.SK: dynamo.S("OWN#1"), dynamo.ExpiresAt: dynamo.N(ownExp)})
	testenv.Seed(t, tb, items...)
}

// expiries counts the partition's items by expiresAt (0: none).
func expiries(t *testing.T, tb *dynamo.Table, orgID string) map[int64]int {
	t.Helper()
	got := map[int64]int{}
	for _, it := range testenv.Partition(t, tb, "ORG#"+orgID) {
		got[dynamo.Int(it, dynamo.ExpiresAt)]++
	}
	return got
}

// TestCancelThenReactivateALargeOrganization: cancelling gives every item
// of a large partition the cancellation's expiry, in a run that is cut
// short and finished by the next without doing anything twice; the owner
// then reactivates, and the clearing (also cut short and resumed) takes
// that expiry off every item, leaving an item's own expiry alone.
func TestCancelThenReactivateALargeOrganization(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	o, owner := newOrg(t, s)
	n := partitionSize(t)
	own := time.Now().Add(24 * time.Hour).Unix()
	seed(t, tb, o.ID, n, own)
	at := time.Now().UTC().Truncate(time.Second)
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
		t.Fatal(err)
	}
	exp := at.AddDate(3, 0, 0).Unix()

	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	first, err := s.StampCancelled(short)
	cancel()
	if err == nil && first != n {
		t.Fatalf("the short run stamped %d of %d without an error", first, n)
	}
	rest, err := s.StampCancelled(ctx)
	if err != nil || !counted(first, rest, n) {
		t.Fatalf("stamped %d then %d (%v); want %d in all, nothing twice", first, rest, err, n)
	}
	if got := expiries(t, tb, o.ID); got[exp] != n+3 || got[own] != 1 || got[0] != 0 {
		t.Fatalf("after cancellation: %v", got)
	}

	r, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, at.Add(time.Hour))
	if err != nil || r.Status != org.Active {
		t.Fatalf("reactivate: %+v %v", r, err)
	}
	// The org, settings and membership at once; the rest by ClearReactivated.
	if got := expiries(t, tb, o.ID); got[0] != 3 || got[exp] != n {
		t.Fatalf("right after reactivation: %v", got)
	}
	short, cancel = context.WithTimeout(ctx, 300*time.Millisecond)
	first, err = s.ClearReactivated(short)
	cancel()
	if err == nil && first != n {
		t.Fatalf("the short run cleared %d of %d without an error", first, n)
	}
	rest, err = s.ClearReactivated(ctx)
	if err != nil || !counted(first, rest, n) {
		t.Fatalf("cleared %d then %d (%v); want %d in all", first, rest, err, n)
	}
	if got := expiries(t, tb, o.ID); got[0] != n+3 || got[own] != 1 || got[exp] != 0 {
		t.Fatalf("after clearing: %v", got)
	}
	if again, err := s.ClearReactivated(ctx); err != nil || again != 0 {
		t.Fatalf("a further run cleared %d, %v", again, err)
	}
	if again, err := s.StampCancelled(ctx); err != nil || again != 0 {
		t.Fatalf("the stamping run after reactivation stamped %d, %v", again, err)
	}
	t.Logf("%d items stamped and cleared", n)
}

// TestClearReactivatedGoesOnPastAnOrgStillClearing: an organization that
// is still clearing after a run's last pass stays listed for the next run,
// and the run goes on to clear the organizations listed after it.
func TestClearReactivatedGoesOnPastAnOrgStillClearing(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	defer orgdb.SetMaxClearPasses(1)()
	at := time.Now().UTC().Truncate(time.Second)
	exp := at.AddDate(3, 0, 0).Unix()
	var orgs []string
	for range 3 {
		o, owner := newOrg(t, s)
		seed(t, tb, o.ID, 20, at.Add(24*time.Hour).Unix())
		if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o.ID)
		if _, err := s.StampCancelled(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// One pass each: every organization's pass clears its 20 items, so
	// each stays listed, and none is skipped.
	n, err := s.ClearReactivated(ctx)
	if err != nil || n != 60 {
		t.Fatalf("the first run cleared %d (%v), want 60: 20 in each organization", n, err)
	}
	for _, id := range orgs {
		if got := expiries(t, tb, id); got[exp] != 0 {
			t.Fatalf("org %s keeps %d items with the cancellation's expiry after the first run", id, got[exp])
		}
	}
	// The next run's pass clears nothing and takes them off the list.
	if n, err := s.ClearReactivated(ctx); err != nil || n != 0 {
		t.Fatalf("the second run cleared %d, %v", n, err)
	}
	if n, err := s.ClearReactivated(ctx); err != nil || n != 0 {
		t.Fatalf("the third run cleared %d, %v", n, err)
	}
}

// counted: the two runs did n updates between them. The update in flight
// when the first run's context ends may have been applied without the run
// learning it, so one item can go uncounted, never counted twice; the
// partition's state is checked exactly after.
func counted(first, rest, n int) bool { return first+rest == n || first+rest == n-1 }

// TestReactivationEnds3YearsAfterCancelling: an organization whose
// retention is over cannot be reactivated; it reads as gone.
func TestReactivationEnds3YearsAfterCancelling(t *testing.T) {
	ctx := context.Background()
	s, _ := store(t)
	o, owner := newOrg(t, s)
	at := time.Now().UTC().AddDate(-3, 0, -1)
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, time.Now()); err != org.ErrNotFound {
		t.Fatalf("reactivating past retention: %v", err)
	}
}
