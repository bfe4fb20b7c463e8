package fake

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/platform/idempotency"
)

// Idempotency is idempotency.Store in memory, with idempotencydb.Store's
// semantics: a key is claimed before fn runs and remembered for Keep from
// the claim; a claim is held until the context's deadline (plus 5 s) or for
// Lock, after which it may be taken over; a failed fn releases its claim;
// times compare in whole seconds, as the table's numbers do.
type Idempotency struct {
	// Keep and Lock default to the API's: a day and a minute.
	Keep, Lock time.Duration
	// Now defaults to time.Now.
	Now func() time.Time

	mu    sync.Mutex
	keys  map[string]*claim
	owner int64
}

var _ idempotency.Store = (*Idempotency)(nil)

type claim struct {
	owner       int64
	done        bool
	result      []byte
	fingerprint string
	lockUntil   int64 // Unix seconds
	expiresAt   int64
}

func (s *Idempotency) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Do runs fn once per key.
func (s *Idempotency) Do(ctx context.Context, key, fingerprint string, fn func(context.Context) ([]byte, error)) (idempotency.Outcome, error) {
	me, prev := s.claim(ctx, key, fingerprint)
	if prev != nil {
		if prev.done {
			return idempotency.Outcome{Result: prev.result, Replayed: true, Fingerprint: prev.fingerprint}, nil
		}
		return idempotency.Outcome{Fingerprint: prev.fingerprint}, idempotency.ErrInProgress
	}
	result, ferr := fn(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.keys[key]
	mine := c != nil && c.owner == me
	if ferr != nil {
		if mine {
			delete(s.keys, key)
		}
		return idempotency.Outcome{}, ferr
	}
	if mine {
		c.done, c.result, c.lockUntil = true, slices.Clone(result), 0
	}
	return idempotency.Outcome{Result: result}, nil
}

// claim takes the key and returns this claim's owner number, or a copy of
// the claim that holds the key (in progress or done).
func (s *Idempotency) claim(ctx context.Context, key, fingerprint string) (int64, *claim) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	keep, lock := s.Keep, s.Lock
	if keep == 0 {
		keep = 24 * time.Hour
	}
	if lock == 0 {
		lock = time.Minute
	}
	until := now.Add(lock)
	if d, ok := ctx.Deadline(); ok {
		until = d.Add(5 * time.Second)
	}
	if c, ok := s.keys[key]; ok {
		abandoned := !c.done && c.lockUntil < now.Unix()
		if !abandoned && c.expiresAt > now.Unix() {
			prev := *c
			prev.result = slices.Clone(c.result)
			return 0, &prev
		}
	}
	if s.keys == nil {
		s.keys = map[string]*claim{}
	}
	s.owner++
	s.keys[key] = &claim{owner: s.owner, fingerprint: fingerprint, lockUntil: until.Unix(), expiresAt: now.Add(keep).Unix()}
	return s.owner, nil
}
