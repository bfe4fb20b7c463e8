package syncer_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
)

func small(c syncer.Config) syncer.Config {
	c.BackfillDays, c.NoInsights = max(c.BackfillDays, 14), true
	if c.ChunkDays == 0 {
		c.ChunkDays = 7
	}
	return c
}

func has(ds []time.Duration, want time.Duration) int {
	n := 0
	for _, d := range ds {
		if d == want {
			n++
		}
	}
	return n
}

// TestUsageAt95SlowsDown: with every usage header at 95%, each call waits
// first (48 s of the 60 s maximum), and the numbers are still exact.
func TestUsageAt95SlowsDown(t *testing.T) {
	w := newWorld(t, adplatform.Options{MetaUsageStep: 95}, small(syncer.Config{}), connector.Meta)
	w.enqueue("2026120110")
	w.pump(invocation, nil)
	w.matchTruth(14)
	ws := w.waits()
	if len(ws) < 3 || ws[1] != 48*time.Second {
		t.Fatalf("waits %v: want 48 s before the call after the first at 95%%", ws)
	}
	for _, d := range ws[1:] {
		if d < 48*time.Second {
			t.Fatalf("a call at 95%% usage or more waited only %s; waits %v", d, ws)
		}
	}
}

// TestThrottlingCodes: each Meta throttling code, and Google's
// RESOURCE_EXHAUSTED, is waited out as long as the platform asks, and the
// sync finishes exactly.
func TestThrottlingCodes(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, small(syncer.Config{Attempts: 12}))
	w.accounts = []connector.Connection{w.accounts[0], w.accounts[len(w.accounts)-1]}
	codes := []int{4, 17, 32, 613, 80000, 80004, 80014}
	for _, code := range codes {
		w.sim.AddFault(adplatform.Fault{Kind: adplatform.RateLimit, Platform: adplatform.Meta, Code: code, Times: 1, RetryAfter: time.Minute})
	}
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.RateLimit, Platform: adplatform.Google, Times: 2, RetryAfter: 7 * time.Second})
	w.enqueue("2026120111")
	w.pump(invocation, nil)
	w.matchTruth(14)
	for _, f := range w.sim.Faults() {
		if f.Hits == 0 {
			t.Errorf("fault %+v never struck", f.Fault)
		}
	}
	if n := has(w.waits(), time.Minute); n != len(codes) {
		t.Errorf("%d waits of the regain-access estimate, want %d; waits %v", n, len(codes), w.waits())
	}
	if n := has(w.waits(), 7*time.Second); n != 2 {
		t.Errorf("%d waits of Google's retryDelay, want 2; waits %v", n, w.waits())
	}
}

// TestServerErrorBursts: bursts of 500 and 503 are retried with a
// doubling backoff.
func TestServerErrorBursts(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, small(syncer.Config{}))
	w.accounts = []connector.Connection{w.accounts[0], w.accounts[len(w.accounts)-1]}
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Meta, Times: 3, Status: 500})
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Google, Times: 3, Status: 503})
	w.enqueue("2026120112")
	w.pump(invocation, nil)
	w.matchTruth(14)
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if has(w.waits(), d) < 2 {
			t.Errorf("no backoff of %s for both platforms; waits %v", d, w.waits())
		}
	}
}

// TestExpiredToken: Meta's 190 marks the connections needs_reauth after
// one call each, with no retries; an expired Google access token is
// refreshed and the sync goes on; a revoked Google grant is needs_reauth.
func TestExpiredToken(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, small(syncer.Config{}))
	w.sim.Expire(w.tokens[connector.Meta].AccessToken)
	w.sim.Expire(w.tokens[connector.Google].AccessToken)
	w.sim.ResetRequests()
	w.enqueue("2026120113")
	w.pump(invocation, nil)
	ctx := context.Background()
	for _, c := range w.accounts {
		got, err := w.conns.Get(ctx, c.OrgID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := connector.Active
		if c.Platform == connector.Meta {
			want = connector.NeedsReauth
		}
		if got.Status != want || (want == connector.NeedsReauth && got.LastError == "") {
			t.Errorf("%s %s: status %s (%q), want %s", c.Platform, c.AccountID, got.Status, got.LastError, want)
		}
	}
	if n := w.sim.CountRequests("GET", "/insights"); n != 3 {
		t.Errorf("%d Meta insights calls with an expired token, want one per connection (3)", n)
	}
	for _, c := range w.accounts {
		if c.Platform == connector.Google {
			w.accounts = []connector.Connection{c}
			break
		}
	}
	w.matchTruth(14)

	// The grant revoked: the refresh is refused (invalid_grant).
	w.sim.Revoke(w.tokens[connector.Google].RefreshToken)
	w.sim.Expire(w.tokens[connector.Google].AccessToken)
	w.enqueue("2026120114")
	w.pump(invocation, nil)
	got, err := w.conns.Get(ctx, w.accounts[0].OrgID, w.accounts[0].ID)
	if err != nil || got.Status != connector.NeedsReauth {
		t.Fatalf("after the revoked grant: %s %v", got.Status, err)
	}
}

// killing fails every store call once kill is set, as a worker killed
// mid-job stops writing.
type killing struct {
	metrics.Store
	writes atomic.Int64
	after  int64
	cancel atomic.Pointer[context.CancelFunc]
	saved  atomic.Pointer[metrics.State]
}

func (k *killing) PutRows(ctx context.Context, rows []metrics.Row) error {
	if n := k.writes.Add(1); n == k.after {
		if c := k.cancel.Load(); c != nil {
			(*c)()
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return k.Store.PutRows(ctx, rows)
}

func (k *killing) SaveState(ctx context.Context, st metrics.State) (metrics.State, error) {
	if ctx.Err() != nil {
		return st, ctx.Err()
	}
	st, err := k.Store.SaveState(ctx, st)
	if err == nil && st.Run != nil {
		cp := *st.Run
		k.saved.Store(&metrics.State{Run: &cp})
	}
	return st, err
}

// TestKilledMidJobResumes: the worker dies mid-job (no cleanup reaches
// the tables); the redelivered message resumes at the saved day, and the
// rows have no gaps and no duplicates.
func TestKilledMidJobResumes(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, small(syncer.Config{BackfillDays: 40, ChunkDays: 5}), connector.Meta)
	w.accounts = w.accounts[:1]
	k := &killing{Store: w.syncer.Store, after: 9}
	w.syncer.Store = k
	first := true
	w.enqueue("2026120115")
	w.pump(invocation, func(ctx context.Context) context.Context {
		if !first {
			return ctx
		}
		first = false
		ctx, cancel := context.WithCancel(ctx)
		k.cancel.Store(&cancel)
		return ctx
	})
	saved := k.saved.Load()
	if saved == nil {
		t.Fatal("no progress was saved")
	}
	w.matchTruth(40)
	// The first insights request after the kill starts at the saved day.
	var sinces []string
	for _, r := range w.sim.Requests() {
		if strings.Contains(r.Path, "/insights") {
			var tr struct{ Since string }
			if json.Unmarshal([]byte(r.Query.Get("time_range")), &tr) == nil && tr.Since != "" {
				sinces = append(sinces, tr.Since)
			}
		}
	}
	if len(sinces) == 0 {
		t.Fatal("no insights requests recorded")
	}
	resumed := false
	for i := 1; i < len(sinces); i++ {
		if sinces[i] < sinces[i-1] {
			t.Errorf("after the kill the sync went back to %s (it had reached %s)", sinces[i], sinces[i-1])
		}
		resumed = resumed || sinces[i] == sinces[i-1]
	}
	if !resumed {
		t.Errorf("the redelivery did not resume at the interrupted chunk: %v", sinces)
	}
}

// TestJobLargerThanOneInvocation: with invocations too short for the
// whole window, each saves its progress and queues the rest; together
// they store every day exactly once.
func TestJobLargerThanOneInvocation(t *testing.T) {
	w := newWorld(t, adplatform.Options{}, small(syncer.Config{BackfillDays: 60, ChunkDays: 4, Margin: 3 * time.Second}))
	w.accounts = []connector.Connection{w.accounts[0], w.accounts[len(w.accounts)-1]}
	// Every platform call takes 150 ms, so the window's 15 chunks of at
	// least four calls each cannot fit in 2 s, however fast the table.
	for _, p := range []adplatform.Platform{adplatform.Meta, adplatform.Google} {
		w.sim.AddFault(adplatform.Fault{Kind: adplatform.Slow, Platform: p, Delay: 150 * time.Millisecond})
	}
	w.enqueue("2026120116")
	n := w.pump(5*time.Second, nil)
	w.matchTruth(60)
	// How many invocations the window takes depends on the machine's
	// speed; that it is split, and stored exactly, does not.
	if c := strings.Count(w.logs.String(), "sync continues in another invocation"); c < 1 || n < 2 {
		t.Errorf("%d continuations in %d invocations, want the job split", c, n)
	}
}
