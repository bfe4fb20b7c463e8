package idempotencydb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/retention"
)

func store(t *testing.T) *idempotencydb.Store {
	t.Helper()
	tb := testenv.Table(t, retention.Ephemeral)
	return idempotencydb.New(tb, time.Hour, 10*time.Minute)
}

// TestDoneMarkedAfterCancel: the work finished, then the caller's context
// ended (an HTTP client went away, the invocation's deadline passed while
// recording). The key must still be marked done, or a retry runs the work
// a second time once the lock lapses (and gets ErrInProgress until then).
func TestDoneMarkedAfterCancel(t *testing.T) {
	s := store(t)
	key := testenv.Unique("cancel-done")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.Do(ctx, key, "fp", func(context.Context) ([]byte, error) {
		cancel()
		return []byte("result"), nil
	})
	if err != nil {
		t.Fatalf("first run: %v", err)
	}
	out, err := s.Do(context.Background(), key, "fp", func(context.Context) ([]byte, error) {
		t.Error("the work ran again")
		return nil, nil
	})
	if err != nil || !out.Replayed || string(out.Result) != "result" {
		t.Fatalf("retry = %+v, %v; want the first result replayed", out, err)
	}
}

// TestReleasedAfterCancel: the work failed because the context ended. The
// claim must still be released so a retry runs at once.
func TestReleasedAfterCancel(t *testing.T) {
	s := store(t)
	key := testenv.Unique("cancel-fail")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.Do(ctx, key, "", func(ctx context.Context) ([]byte, error) {
		cancel()
		return nil, ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: %v", err)
	}
	ran := false
	if _, err := s.Do(context.Background(), key, "", func(context.Context) ([]byte, error) { ran = true; return nil, nil }); err != nil || !ran {
		t.Fatalf("retry: ran=%v err=%v; want it to run", ran, err)
	}
}

// TestExpiredKeyIsClaimable: a key is remembered until its expiresAt and
// no longer (the read side drops it from that second on), so a claim at
// that second must succeed instead of answering "in progress".
func TestExpiredKeyIsClaimable(t *testing.T) {
	s := store(t)
	key := testenv.Unique("expiry")
	t0 := time.Now().Truncate(time.Second)
	s.Table.Now = func() time.Time { return t0 }
	if _, err := s.Do(context.Background(), key, "", func(context.Context) ([]byte, error) { return []byte("1"), nil }); err != nil {
		t.Fatal(err)
	}
	s.Table.Now = func() time.Time { return t0.Add(s.Keep) }
	out, err := s.Do(context.Background(), key, "", func(context.Context) ([]byte, error) { return []byte("2"), nil })
	if err != nil || out.Replayed || string(out.Result) != "2" {
		t.Fatalf("claim at expiry = %+v, %v; want a fresh run", out, err)
	}
}
