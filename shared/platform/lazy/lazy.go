// Package lazy holds a value built when first needed (from a secret, most
// often) and kept for the container's life, so a cold start makes no extra
// call; a failed build is tried again on the next use rather than kept.
package lazy

import (
	"context"
	"sync"
	"sync/atomic"
)

// Value is a value built on first use. Its zero value is ready; it must
// not be copied after first use.
type Value[T any] struct {
	mu sync.Mutex
	v  atomic.Pointer[T]
}

// Get returns the value, building it with build if no build has succeeded
// yet. Concurrent first calls build once; a build's error is returned and
// nothing is kept.
func (l *Value[T]) Get(ctx context.Context, build func(context.Context) (T, error)) (T, error) {
	if v := l.v.Load(); v != nil {
		return *v, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if v := l.v.Load(); v != nil {
		return *v, nil
	}
	v, err := build(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	l.v.Store(&v)
	return v, nil
}
