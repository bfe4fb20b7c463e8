package parallel

import (
	"errors"
	"slices"
	"sync/atomic"
	"testing"
)

func TestMapKeepsOrderAndJoinsErrors(t *testing.T) {
	bad := errors.New("three")
	out, err := Map(0, []int{1, 2, 3, 4}, func(x int) (int, error) {
		if x == 3 {
			return 0, bad
		}
		return x * 10, nil
	})
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	if want := []int{10, 20, 0, 40}; !slices.Equal(out, want) {
		t.Fatalf("out = %v, want %v", out, want)
	}
}

func TestMapBoundsConcurrency(t *testing.T) {
	var running, most atomic.Int32
	in := make([]int, 50)
	_, err := Map(3, in, func(int) (struct{}, error) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		running.Add(-1)
		return struct{}{}, nil
	})
	if err != nil || most.Load() > 3 {
		t.Fatalf("err = %v, most at once = %d, want at most 3", err, most.Load())
	}
}
