package testenv

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// Stored reads the item at key as tb holds it, expired or not: a
// consistent read behind the store's back (the stores' own reads leave
// expired items out). nil when there is none.
func Stored(t testing.TB, tb *dynamo.Table, key dynamo.Item) dynamo.Item {
	t.Helper()
	out, err := tb.DB.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(tb.Name), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// Partition reads every item of partition pk as tb holds it, expired or
// not, in sort-key order (consistent reads behind the store's back).
func Partition(t testing.TB, tb *dynamo.Table, pk string) []dynamo.Item {
	t.Helper()
	var all []dynamo.Item
	in := &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk)}, ConsistentRead: aws.Bool(true)}
	if err := tb.QueryPagesWithExpired(context.Background(), in, func(items []dynamo.Item) error {
		all = append(all, items...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

// All reads every item of tb as it holds them, expired or not (a scan
// behind the store's back).
func All(t testing.TB, tb *dynamo.Table) []dynamo.Item {
	t.Helper()
	var all []dynamo.Item
	if err := tb.ScanPagesWithExpired(context.Background(), &dynamodb.ScanInput{ConsistentRead: aws.Bool(true)}, func(items []dynamo.Item) error {
		all = append(all, items...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return all
}

// Seed writes items into tb as they are, nothing stamped, a batch at a
// time: the state a test sets up behind the store's back.
func Seed(t testing.TB, tb *dynamo.Table, items ...dynamo.Item) {
	t.Helper()
	for batch := range slices.Chunk(items, dynamo.MaxBatch) {
		reqs := make([]types.WriteRequest, len(batch))
		for i, it := range batch {
			reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
		}
		if err := tb.BatchWrite(context.Background(), reqs, nil); err != nil {
			t.Fatal(err)
		}
	}
}
