package privacydb

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// trailChunk is how many entries one transaction deletes: the request's
// condition check takes the hundredth place.
const trailChunk = 99

// OwnsTrail reports whether the item at pk/sk is a request, whose audit
// trail goes with it.
func (s *Store) OwnsTrail(pk, sk string) bool {
	return strings.HasPrefix(pk, RequestPrefix) && sk == skRequest
}

// DeleteTrail deletes the audit entries of the request in partition pk,
// each transaction on the condition that the request has expired by now
// (or is already gone, for entries a save added while the request was
// being deleted). It returns how many it deleted; nothing is deleted for
// a request that is still kept.
func (s *Store) DeleteTrail(ctx context.Context, pk string, now time.Time) (int, error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :p AND begins_with(sk, :a)"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk), ":a": dynamo.S(AuditPrefix)},
		ProjectionExpression:      aws.String("pk, sk"),
		ConsistentRead:            aws.Bool(true),
	}
	n := 0
	var keys []dynamo.Item
	flush := func() error {
		if len(keys) == 0 {
			return nil
		}
		items := []types.TransactWriteItem{{ConditionCheck: &types.ConditionCheck{
			TableName:                 aws.String(s.table.Name),
			Key:                       dynamo.Key(pk, skRequest),
			ConditionExpression:       aws.String("attribute_not_exists(pk) OR #e <= :now"),
			ExpressionAttributeNames:  map[string]string{"#e": dynamo.ExpiresAt},
			ExpressionAttributeValues: dynamo.Item{":now": dynamo.N(now.Unix())},
		}}}
		for _, k := range keys {
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(s.table.Name), Key: k}})
		}
		_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
		var tc *types.TransactionCanceledException
		if errors.As(err, &tc) && len(tc.CancellationReasons) > 0 && aws.ToString(tc.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
			return errKept
		}
		if err != nil {
			return err
		}
		n += len(keys)
		keys = keys[:0]
		return nil
	}
	err := s.table.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			keys = append(keys, dynamo.KeyOf(it))
			if len(keys) == trailChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if errors.Is(err, errKept) {
		return n, nil
	}
	return n, err
}

var errKept = errors.New("privacydb: the request is still kept")
