package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Version is the attribute a versioned record's writes are conditioned on.
const Version = "version"

// PutNew writes item only where no item has its key; when one has, it
// returns exists (the caller's domain error) and writes nothing.
func (t *Table) PutNew(ctx context.Context, item Item, e Expiry, exists error) error {
	err := t.Put(ctx, item, e, &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if IsConditionFailed(err) {
		return exists
	}
	return err
}

// PutVersion writes item, at version, over the stored item only if that
// one is at version-1: optimistic concurrency without a read. A refused
// write returns notFound when no item has the key, stale otherwise.
func (t *Table) PutVersion(ctx context.Context, item Item, e Expiry, version int64, notFound, stale error) error {
	err := t.Put(ctx, item, e, &dynamodb.PutItemInput{
		ConditionExpression:       aws.String("attribute_exists(pk) AND #v = :prev"),
		ExpressionAttributeNames:  map[string]string{"#v": Version},
		ExpressionAttributeValues: Item{":prev": N(version - 1)},
	})
	if IsConditionFailed(err) {
		if _, found, gerr := t.Get(ctx, KeyOf(item), true); gerr == nil && !found {
			return notFound
		}
		return stale
	}
	return err
}

// PrefixPage reads, consistently and in sort-key order, one query's worth
// of pk's live items whose sort key begins with prefix, starting after the
// item whose sort key is prefix+after (after "": from the first). With
// limit > 0 it asks for one more than limit, so a caller promises a next
// page only when one exists.
func (t *Table) PrefixPage(ctx context.Context, pk, prefix, after string, limit int) ([]Item, error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :p)"),
		ExpressionAttributeValues: Item{":pk": S(pk), ":p": S(prefix)},
		ConsistentRead:            aws.Bool(true),
	}
	if limit > 0 {
		in.Limit = aws.Int32(int32(limit + 1))
	}
	if after != "" {
		in.ExclusiveStartKey = Key(pk, prefix+after)
	}
	out, err := t.Query(ctx, in)
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}
