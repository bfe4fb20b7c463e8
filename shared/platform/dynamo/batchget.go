package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// BatchGetter is the DynamoDB client's read of many items by key.
type BatchGetter interface {
	BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
}

// BatchGet reads keys (at most 100 in all) from their tables with one
// strongly consistent BatchGetItem, leaving expired items out. Keys left
// unprocessed (throttling) are asked for again after a backoff, five times
// at most; then BatchGet returns unprocessed. That is the only case where
// a read costs more than one request.
func BatchGet(ctx context.Context, db BatchGetter, keys map[*Table][]Item, unprocessed error) ([]Item, error) {
	req := map[string]types.KeysAndAttributes{}
	byName := map[string]*Table{}
	for t, ks := range keys {
		req[t.Name] = types.KeysAndAttributes{Keys: ks, ConsistentRead: aws.Bool(true)}
		byName[t.Name] = t
	}
	var out []Item
	for attempt := 0; len(req) > 0; attempt++ {
		res, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return nil, err
		}
		for name, items := range res.Responses {
			for _, it := range items {
				if byName[name].Live(it) {
					out = append(out, it)
				}
			}
		}
		req = res.UnprocessedKeys
		if len(req) > 0 {
			if attempt >= 5 {
				return nil, unprocessed
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(20<<attempt) * time.Millisecond):
			}
		}
	}
	return out, nil
}
