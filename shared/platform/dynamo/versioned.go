package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

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

// PrefixPage reads, consistently and in sort-key order, up to limit (0:
// all) of pk's live items whose sort key begins with prefix, starting
// after the item whose sort key is prefix+after (after "": from the first).
// next is the sort key, less prefix, of the last item returned when more
// follow, else "". Expired items are dropped after DynamoDB's limit, so it
// reads on until the page is full or the partition ends.
func (t *Table) PrefixPage(ctx context.Context, pk, prefix, after string, limit int) (items []Item, next string, err error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :p)"),
		ExpressionAttributeValues: Item{":pk": S(pk), ":p": S(prefix)},
		ConsistentRead:            aws.Bool(true),
	}
	if after != "" {
		in.ExclusiveStartKey = Key(pk, prefix+after)
	}
	// The live filter is added once: every page reuses in.
	in.TableName = aws.String(t.Name)
	in.FilterExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = t.withLiveFilter(nil, nil, in.ExpressionAttributeValues)
	for {
		// One more than the page, so a next page is promised only when one exists.
		if limit > 0 {
			in.Limit = aws.Int32(int32(limit + 1 - len(items)))
		}
		out, err := t.queryRaw(ctx, in)
		if err != nil {
			return nil, "", err
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 || limit > 0 && len(items) > limit {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if limit > 0 && len(items) > limit {
		items = items[:limit]
		next = strings.TrimPrefix(String(items[limit-1], SK), prefix)
	}
	return items, next, nil
}

// Doc is the attribute that holds a record kept as one JSON document.
const Doc = "doc"

// DocItem adds to key v as one JSON document, beside the attributes writes
// are conditioned on (entity, orgId, status and Version), and returns it.
func DocItem(key Item, entity, orgID, status string, version int64, v any) (Item, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	key["entity"] = S(entity)
	key["orgId"] = S(orgID)
	key["status"] = S(status)
	key[Version] = N(version)
	key[Doc] = S(string(doc))
	return key, nil
}

// ReadDoc decodes the document of an item DocItem wrote into v and returns
// the item's version.
func ReadDoc(it Item, v any) (int64, error) {
	if err := json.Unmarshal([]byte(String(it, Doc)), v); err != nil {
		return 0, fmt.Errorf("dynamo: bad document in %s %s: %w", String(it, PK), String(it, SK), err)
	}
	return Int(it, Version), nil
}

// GetOf reads one item consistently and decodes it.
func GetOf[T any](ctx context.Context, t *Table, key Item, decode func(Item) (T, error)) (T, bool, error) {
	var zero T
	it, found, err := t.Get(ctx, key, true)
	if err != nil || !found {
		return zero, false, err
	}
	v, err := decode(it)
	return v, err == nil, err
}

// PageOf is PrefixPage's items decoded.
func PageOf[T any](ctx context.Context, t *Table, pk, prefix, after string, limit int, decode func(Item) (T, error)) ([]T, string, error) {
	items, next, err := t.PrefixPage(ctx, pk, prefix, after, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		v, err := decode(it)
		if err != nil {
			return nil, "", err
		}
		out = append(out, v)
	}
	return out, next, nil
}
