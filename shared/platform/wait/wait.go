// Package wait pauses a goroutine for a duration unless its context ends
// first, the one pause the pollers, pacers and retries share.
package wait

import (
	"context"
	"time"
)

// For waits d, or until ctx is done (then its error). A d of zero or less
// still yields to a context that is already done.
func For(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
