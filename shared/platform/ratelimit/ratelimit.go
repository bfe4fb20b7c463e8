// Package ratelimit counts attempts per key in fixed windows, so a public
// route can refuse a caller (an address, a target) that tries too often.
// ratelimitdb keeps the counters in the ephemeral table, each expiring
// with its window.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Rule is how many attempts a key may make per window.
type Rule struct {
	Limit  int
	Window time.Duration
}

// Limiter counts one attempt for key under rule and reports whether it is
// within the limit, and if not, when the window ends.
type Limiter interface {
	Allow(ctx context.Context, key string, rule Rule) (ok bool, retryAfter time.Duration, err error)
}

// Hash turns a value that is personal data (an IP address) into a counter
// key that does not hold it in clear: counters live an hour, the key need
// only be stable that long.
func Hash(v string) string {
	h := sha256.Sum256([]byte("ratelimit:" + v))
	return hex.EncodeToString(h[:12])
}
