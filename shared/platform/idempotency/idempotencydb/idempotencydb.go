// Package idempotencydb is idempotency.Store on the ephemeral table: a key
// is claimed with a conditional write before the work runs, and marked done
// with its result after.
//
//	ephemeral table  pk IDEMP#<key>  sk -  status, owner, lockUntil, fingerprint, result
package idempotencydb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
)

const (
	statusInProgress = "in_progress"
	statusDone       = "done"
)

// Store claims keys in an ephemeral-category table.
type Store struct {
	Table *dynamo.Table
	// Keep is how long a finished key is remembered (at most a day).
	Keep time.Duration
	// Lock is how long a claim blocks others before it is presumed dead,
	// when the context has no deadline. With a deadline (every Lambda
	// invocation has one) the claim lasts until the deadline: past it, the
	// claimant cannot still be running.
	Lock time.Duration
}

var _ idempotency.Store = (*Store)(nil)

// New returns a store remembering keys for keep, with claims held for lock.
func New(t *dynamo.Table, keep, lock time.Duration) *Store {
	return &Store{Table: t, Keep: keep, Lock: lock}
}

// ForWorkers is the store queue workers use: keys are remembered a day,
// longer than SQS keeps redelivering a message (5 receives).
func ForWorkers(t *dynamo.Table) *Store { return New(t, 24*time.Hour, 15*time.Minute) }

// ForAPI is the store of the API's Idempotency-Key: a day, as documented.
func ForAPI(t *dynamo.Table) *Store { return New(t, 24*time.Hour, time.Minute) }

// Do runs fn once per key. fingerprint (may be empty) is stored with the key;
// the caller compares it on replay. If fn fails, the claim is released so a
// retry can run it again.
func (s *Store) Do(ctx context.Context, key, fingerprint string, fn func(context.Context) ([]byte, error)) (idempotency.Outcome, error) {
	now := s.Table.Now()
	owner := token()
	k := dynamo.Key("IDEMP#"+key, "-")
	item := dynamo.Item{
		dynamo.PK:     k[dynamo.PK],
		dynamo.SK:     k[dynamo.SK],
		"status":      dynamo.S(statusInProgress),
		"owner":       dynamo.S(owner),
		"lockUntil":   dynamo.N(s.lockUntil(ctx, now).Unix()),
		"fingerprint": dynamo.S(fingerprint),
	}
	err := s.Table.Put(ctx, item, dynamo.Expiry{At: now, TTL: s.Keep}, &dynamodb.PutItemInput{
		// Free, abandoned (lock passed while in progress) or expired keys may be claimed.
		ConditionExpression:      aws.String("attribute_not_exists(pk) OR (#st = :inprog AND lockUntil < :now) OR expiresAt <= :now"),
		ExpressionAttributeNames: map[string]string{"#st": "status"},
		ExpressionAttributeValues: dynamo.Item{
			":inprog": dynamo.S(statusInProgress),
			":now":    dynamo.N(now.Unix()),
		},
	})
	if dynamo.IsConditionFailed(err) {
		prev, found, gerr := s.Table.Get(ctx, k, true)
		if gerr != nil {
			return idempotency.Outcome{}, gerr
		}
		if found && dynamo.String(prev, "status") == statusDone {
			return idempotency.Outcome{Result: dynamo.Bytes(prev, "result"), Replayed: true, Fingerprint: dynamo.String(prev, "fingerprint")}, nil
		}
		return idempotency.Outcome{Fingerprint: dynamo.String(prev, "fingerprint")}, idempotency.ErrInProgress
	}
	if err != nil {
		return idempotency.Outcome{}, fmt.Errorf("idempotency: claim %s: %w", key, err)
	}

	result, ferr := fn(ctx)
	// The outcome is recorded even when ctx has ended meanwhile (a client
	// gone, a deadline reached as the work finished): otherwise finished
	// work is not marked done and runs again, and a failed claim blocks
	// retries until its lock lapses.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	if ferr != nil {
		// Release so a retry can run; if this fails too, the lock expires.
		_, _ = s.Table.Delete(rctx, k, &dynamodb.DeleteItemInput{
			ConditionExpression:       aws.String("#o = :owner"),
			ExpressionAttributeNames:  map[string]string{"#o": "owner"},
			ExpressionAttributeValues: dynamo.Item{":owner": dynamo.S(owner)},
		})
		return idempotency.Outcome{}, ferr
	}
	update := "SET #st = :done REMOVE lockUntil"
	names := map[string]string{"#st": "status", "#o": "owner"}
	values := dynamo.Item{":done": dynamo.S(statusDone), ":owner": dynamo.S(owner)}
	if result != nil {
		update = "SET #st = :done, #res = :res REMOVE lockUntil"
		names["#res"] = "result"
		values[":res"] = dynamo.B(result)
	}
	// If only the done marker fails, the work still succeeded: report
	// success. The claim then expires at lockUntil and a later redelivery
	// may run fn again, so fn's own writes must tolerate that (conditional
	// writes keyed by the job).
	_, _ = s.Table.Update(rctx, k, &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("#o = :owner"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	return idempotency.Outcome{Result: result}, nil
}

// recordTimeout bounds recording an outcome after the caller's context ended.
const recordTimeout = 5 * time.Second

func (s *Store) lockUntil(ctx context.Context, now time.Time) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return d.Add(5 * time.Second)
	}
	return now.Add(s.Lock)
}

func token() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
