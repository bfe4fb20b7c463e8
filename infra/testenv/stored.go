package testenv

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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
