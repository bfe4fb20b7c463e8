package fake

import (
	"context"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ratelimit"
)

// Limiter is ratelimit.Limiter in memory with ratelimitdb's semantics:
// fixed windows from Now, a refused attempt not counted.
type Limiter struct {
	mu  sync.Mutex
	n   map[string]int
	Now func() time.Time
}

var _ ratelimit.Limiter = (*Limiter)(nil)

// Allow counts one attempt for key.
func (l *Limiter) Allow(_ context.Context, key string, r ratelimit.Rule) (bool, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.Now != nil {
		now = l.Now()
	}
	if l.n == nil {
		l.n = map[string]int{}
	}
	start := now.Truncate(r.Window)
	k := key + "#" + start.String()
	if l.n[k] >= r.Limit {
		return false, start.Add(r.Window).Sub(now), nil
	}
	l.n[k]++
	return true, 0, nil
}

// Reset forgets every count.
func (l *Limiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n = nil
}
