// Package idempotency makes at-least-once delivery have one effect: a key
// (an SQS message's job identity, an API Idempotency-Key) is claimed with a
// DynamoDB conditional write before the work runs, and marked done with its
// result after. A second delivery finds the key done and gets the first
// result instead of running again.
package idempotency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/dynamo"
)

// ErrInProgress means another invocation holds the key right now. Fail the
// message (SQS redelivers it later) or answer 409 at the API.
var ErrInProgress = errors.New("idempotency: the same work is in progress elsewhere")

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

// New returns a store remembering keys for keep, with claims held for lock.
func New(t *dynamo.Table, keep, lock time.Duration) *Store {
	return &Store{Table: t, Keep: keep, Lock: lock}
}

// Outcome of Do.
type Outcome struct {
	Result []byte
	// Replayed is true when the work had already been done and fn did not run.
	Replayed bool
	// Fingerprint recorded by the first run (to detect the same key reused
	// with a different request).
	Fingerprint string
}

// Do runs fn once per key. fingerprint (may be empty) is stored with the key;
// the caller compares it on replay. If fn fails, the claim is released so a
// retry can run it again.
func (s *Store) Do(ctx context.Context, key, fingerprint string, fn func(context.Context) ([]byte, error)) (Outcome, error) {
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
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":inprog": dynamo.S(statusInProgress),
			":now":    dynamo.N(now.Unix()),
		},
	})
	if dynamo.IsConditionFailed(err) {
		prev, found, gerr := s.Table.Get(ctx, k, true)
		if gerr != nil {
			return Outcome{}, gerr
		}
		if found && dynamo.String(prev, "status") == statusDone {
			var res []byte
			if b, ok := prev["result"].(*types.AttributeValueMemberB); ok {
				res = b.Value
			}
			return Outcome{Result: res, Replayed: true, Fingerprint: dynamo.String(prev, "fingerprint")}, nil
		}
		return Outcome{Fingerprint: dynamo.String(prev, "fingerprint")}, ErrInProgress
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("idempotency: claim %s: %w", key, err)
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
		_, _ = s.Table.DB.DeleteItem(rctx, &dynamodb.DeleteItemInput{
			TableName:                 aws.String(s.Table.Name),
			Key:                       k,
			ConditionExpression:       aws.String("#o = :owner"),
			ExpressionAttributeNames:  map[string]string{"#o": "owner"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":owner": dynamo.S(owner)},
		})
		return Outcome{}, ferr
	}
	update := "SET #st = :done REMOVE lockUntil"
	names := map[string]string{"#st": "status", "#o": "owner"}
	values := map[string]types.AttributeValue{":done": dynamo.S(statusDone), ":owner": dynamo.S(owner)}
	if result != nil {
		update = "SET #st = :done, #res = :res REMOVE lockUntil"
		names["#res"] = "result"
		values[":res"] = &types.AttributeValueMemberB{Value: result}
	}
	// If only the done marker fails, the work still succeeded: report
	// success. The claim then expires at lockUntil and a later redelivery
	// may run fn again, so fn's own writes must tolerate that (conditional
	// writes keyed by the job).
	_, _ = s.Table.DB.UpdateItem(rctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.Table.Name),
		Key:                       k,
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("#o = :owner"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	return Outcome{Result: result}, nil
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
