// Package parallel runs one function over every element of a slice at
// once, so a run takes as long as its slowest element rather than the sum
// of them all.
package parallel

import (
	"errors"
	"sync"
)

// Map calls fn on every element of in, each in its own goroutine, at most
// limit at a time (no bound when limit is 0 or less), and returns the
// results in in's order with the errors joined. Every element is run even
// when another fails.
func Map[T, R any](limit int, in []T, fn func(T) (R, error)) ([]R, error) {
	out := make([]R, len(in))
	errs := make([]error, len(in))
	var sem chan struct{}
	if limit > 0 {
		sem = make(chan struct{}, limit)
	}
	var wg sync.WaitGroup
	for i, x := range in {
		wg.Add(1)
		if sem != nil {
			sem <- struct{}{}
		}
		go func() {
			defer wg.Done()
			if sem != nil {
				defer func() { <-sem }()
			}
			out[i], errs[i] = fn(x)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}
