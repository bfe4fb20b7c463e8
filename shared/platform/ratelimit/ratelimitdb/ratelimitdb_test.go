package ratelimitdb_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/ratelimit"
	"github.com/medspa-ai/backend/shared/platform/ratelimit/ratelimitdb"
	"github.com/medspa-ai/backend/shared/retention"
)

// On DynamoDB Local: concurrent attempts never overshoot the limit, a
// refused attempt is not counted, keys are independent, and the counter
// expires with its window.
func TestLimitOnTheTable(t *testing.T) {
	ctx := context.Background()
	tb := testenv.Table(t, retention.Ephemeral)
	s := ratelimitdb.New(tb)
	rule := ratelimit.Rule{Limit: 5, Window: time.Hour}
	key := "test#" + ids.New("k")
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, after, err := s.Allow(ctx, key, rule)
			if err != nil {
				t.Error(err)
			}
			if ok {
				allowed.Add(1)
			} else if after <= 0 || after > time.Hour {
				t.Errorf("retry after %s", after)
			}
		})
	}
	wg.Wait()
	if allowed.Load() != 5 {
		t.Fatalf("%d of 20 concurrent attempts allowed, want 5", allowed.Load())
	}
	if ok, _, _ := s.Allow(ctx, "test#"+ids.New("k"), rule); !ok {
		t.Fatal("another key is limited too")
	}
	start := time.Now().Truncate(time.Hour)
	item, found, err := tb.Get(ctx, dynamo.Key("RATE#"+key, strconv.FormatInt(start.Unix(), 10)), true)
	if err != nil || !found {
		t.Fatalf("counter: %v %v", found, err)
	}
	if n := dynamo.Int(item, "n"); n != 5 {
		t.Fatalf("counted %d, want 5 (refused attempts are not counted)", n)
	}
	if exp := dynamo.Int(item, dynamo.ExpiresAt); exp <= start.Unix() || exp > start.Add(2*time.Hour).Unix() || dynamo.String(item, dynamo.Category) != "ephemeral" {
		t.Fatalf("counter expiry %d, category %q", exp, dynamo.String(item, dynamo.Category))
	}
	// The next window starts afresh.
	tb.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if ok, _, _ := s.Allow(ctx, key, rule); !ok {
		t.Fatal("the next window is still limited")
	}
}
