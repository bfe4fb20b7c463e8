// Package ratelimitdb is ratelimit.Limiter on the ephemeral table: one
// counter per key and window, incremented by a conditional UpdateItem (one
// write per attempt, no read) and expiring with the window.
//
//	ephemeral table  pk RATE#<key>  sk <window start, unix seconds>  n, expiresAt
package ratelimitdb

import (
	"context"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ratelimit"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store counts in an ephemeral-category table.
type Store struct{ Table *dynamo.Table }

var _ ratelimit.Limiter = (*Store)(nil)

// New returns a limiter on t, which must be the ephemeral table.
func New(t *dynamo.Table) *Store {
	if t.Category != retention.Ephemeral {
		panic("ratelimitdb: counters belong in the ephemeral table, not " + string(t.Category))
	}
	return &Store{Table: t}
}

// Allow counts one attempt. The condition refuses the increment once the
// window's count reached the limit, so a refused attempt writes nothing
// and concurrent attempts cannot overshoot.
func (s *Store) Allow(ctx context.Context, key string, r ratelimit.Rule) (bool, time.Duration, error) {
	now := s.Table.Now()
	start := now.Truncate(r.Window)
	end := start.Add(r.Window)
	k := dynamo.Key("RATE#"+key, strconv.FormatInt(start.Unix(), 10))
	// Ephemeral items need an expiry: the counter's is its window's end.
	exp := end.Add(time.Minute).Unix()
	_, err := s.Table.Update(ctx, k, &dynamodb.UpdateItemInput{
		UpdateExpression:         aws.String("ADD n :one SET #cat = :cat, expiresAt = :exp, expBucket = :xb"),
		ConditionExpression:      aws.String("attribute_not_exists(n) OR n < :limit"),
		ExpressionAttributeNames: map[string]string{"#cat": dynamo.Category},
		ExpressionAttributeValues: dynamo.Item{":one": dynamo.N(1), ":limit": dynamo.N(int64(r.Limit)),
			":cat": dynamo.S(string(retention.Ephemeral)), ":exp": dynamo.N(exp), ":xb": s.Table.BucketAV(k, exp)},
	})
	if dynamo.IsConditionFailed(err) {
		return false, end.Sub(now), nil
	}
	if err != nil {
		return false, 0, err
	}
	return true, 0, nil
}
