// Package idempotency makes at-least-once delivery have one effect: a key
// (an SQS message's job identity, an API Idempotency-Key) is claimed before
// the work runs and marked done with its result after, so a second delivery
// gets the first result instead of running again. idempotencydb keeps the
// keys in the ephemeral table.
package idempotency

import (
	"context"
	"errors"
)

// ErrInProgress means another invocation holds the key right now. Fail the
// message (SQS redelivers it later) or answer 409 at the API.
var ErrInProgress = errors.New("idempotency: the same work is in progress elsewhere")

// Outcome of Do.
type Outcome struct {
	Result []byte
	// Replayed is true when the work had already been done and fn did not run.
	Replayed bool
	// Fingerprint recorded by the first run (to detect the same key reused
	// with a different request).
	Fingerprint string
}

// Store runs work once per key. fingerprint (may be empty) is stored with
// the key; the caller compares it on replay. If fn fails, the claim is
// released so a retry can run it again.
type Store interface {
	Do(ctx context.Context, key, fingerprint string, fn func(context.Context) ([]byte, error)) (Outcome, error)
}
