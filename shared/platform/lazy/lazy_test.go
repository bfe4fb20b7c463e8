package lazy

import (
	"context"
	"errors"
	"sync"
	"testing"
)

func TestValueRetriesAFailedBuildAndKeepsTheFirstSuccess(t *testing.T) {
	var v Value[int]
	calls := 0
	build := func(context.Context) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("not yet")
		}
		return calls, nil
	}
	if _, err := v.Get(context.Background(), build); err == nil {
		t.Fatal("the first build failed; Get returned no error")
	}
	for range 3 {
		got, err := v.Get(context.Background(), build)
		if err != nil || got != 2 {
			t.Fatalf("Get = %d, %v; want 2, nil", got, err)
		}
	}
	if calls != 2 {
		t.Fatalf("build ran %d times, want 2", calls)
	}
}

func TestValueBuildsOnceUnderConcurrentFirstCalls(t *testing.T) {
	var v Value[string]
	var mu sync.Mutex
	calls := 0
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, _ = v.Get(context.Background(), func(context.Context) (string, error) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				return "x", nil
			})
		})
	}
	wg.Wait()
	if calls != 1 {
		t.Fatalf("build ran %d times, want 1", calls)
	}
}
