package fake

import (
	"context"
	"sync"
	"time"
)

// Checkpoints is sweep.Checkpoints in memory: each fixture's checkpoints
// stay apart from other tests' runs on the same tables (whose clocks
// differ).
type Checkpoints struct {
	mu sync.Mutex
	m  map[string]time.Time
}

// Load returns the table's saved time; ok is false before the first Save.
func (c *Checkpoints) Load(_ context.Context, table string) (time.Time, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[table]
	return t, ok, nil
}

// Save keeps from as the table's time.
func (c *Checkpoints) Save(_ context.Context, table string, from time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]time.Time{}
	}
	c.m[table] = from
	return nil
}
