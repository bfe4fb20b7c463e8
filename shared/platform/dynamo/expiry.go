package dynamo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The expiry index: every table has a sparse GSI (ExpiryIndex) keyed by
// ExpBucket (hash) and expiresAt (range), so the sweep reads only the items
// that are due instead of scanning the table. Only items with both
// attributes are in it: an item without expiry (an ongoing relationship, a
// held item) is not.
//
// The bucket is the calendar month (UTC) in which the item falls due as seen
// when its expiry was written (an expiry already in the past goes into the
// current month), plus a shard from the item's key so one day's expiries of a
// large organization spread over ExpiryShards index partitions. So an item
// never lands in a month the sweep has already finished: a sweep that
// completed at time c has deleted everything due in buckets before month(c),
// and the next one starts from its checkpoint's month.
const (
	ExpiryIndex  = "expiry"
	ExpBucket    = "expBucket"
	ExpiryShards = 8
	// Objects names the S3 objects (a string set of keys in the assets
	// bucket) an item owns: when the item expires, the sweep deletes them
	// with it, so no file outlives its record. It is projected into the
	// expiry index.
	Objects = "objects"
)

// Bucket is the expiry-index bucket of the item keyed (pk, sk) expiring at
// exp, written at now.
func Bucket(pk, sk string, exp, now time.Time) string {
	if exp.Before(now) {
		exp = now
	}
	h := fnv.New32a()
	h.Write([]byte(pk))
	h.Write([]byte{0})
	h.Write([]byte(sk))
	return exp.UTC().Format("2006-01") + "#" + strconv.Itoa(int(h.Sum32()%ExpiryShards))
}

// BucketAV is Bucket for a key item and an epoch-seconds expiry, as an
// attribute value: what an UpdateItem that sets expiresAt must also set
// (SET expiresAt = :exp, expBucket = :xb), or the item is not in the index.
func (t *Table) BucketAV(key Item, exp int64) types.AttributeValue {
	return S(Bucket(String(key, PK), String(key, SK), time.Unix(exp, 0), t.Now()))
}

// DueBuckets lists every bucket of the months from..to (inclusive).
func DueBuckets(from, to time.Time) []string {
	from, to = from.UTC(), to.UTC()
	m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []string
	for !m.After(to) {
		for s := range ExpiryShards {
			out = append(out, m.Format("2006-01")+"#"+strconv.Itoa(s))
		}
		m = m.AddDate(0, 1, 0)
	}
	return out
}

// QueryDue calls fn with each page of the bucket's items due at now (keys,
// expiresAt and Objects), read from the expiry index.
func (t *Table) QueryDue(ctx context.Context, bucket string, now time.Time, fn func([]Item) error) error {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(t.Name),
		IndexName:                 aws.String(ExpiryIndex),
		KeyConditionExpression:    aws.String("#b = :b AND #e <= :now"),
		ExpressionAttributeNames:  map[string]string{"#b": ExpBucket, "#e": ExpiresAt},
		ExpressionAttributeValues: Item{":b": S(bucket), ":now": N(now.Unix())},
	}
	return pages(ctx, t.queryRaw, in, func(o *dynamodb.QueryOutput) ([]Item, Item) { return o.Items, o.LastEvaluatedKey },
		func(k Item) { in.ExclusiveStartKey = k }, fn)
}

// BatchWriter is the DynamoDB client's batch write.
type BatchWriter interface {
	BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

// BatchCallTimeout bounds one BatchWriteItem call.
var BatchCallTimeout = 10 * time.Second

// MaxBatch is BatchWriteItem's limit.
const MaxBatch = 25

// BatchDelete deletes up to MaxBatch keys with BatchWriteItem, retrying
// unprocessed items with a backoff until they are done or ctx ends.
func (t *Table) BatchDelete(ctx context.Context, keys []Item) error {
	bw, ok := t.DB.(BatchWriter)
	if !ok {
		return errors.New("dynamo: the client cannot batch write")
	}
	if len(keys) > MaxBatch {
		return fmt.Errorf("dynamo: %d keys in one batch (at most %d)", len(keys), MaxBatch)
	}
	reqs := make([]types.WriteRequest, len(keys))
	for i, k := range keys {
		reqs[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: KeyOf(k)}}
	}
	return t.batchWrite(ctx, bw, reqs, nil)
}

// BatchWrite sends up to MaxBatch write requests for the table, as
// BatchDelete sends its deletes: a call's error goes through callErr (nil:
// returned as it is), and the requests must be idempotent.
func (t *Table) BatchWrite(ctx context.Context, reqs []types.WriteRequest, callErr func(error) error) error {
	bw, ok := t.DB.(BatchWriter)
	if !ok {
		return errors.New("dynamo: the client cannot batch write")
	}
	return t.batchWrite(ctx, bw, reqs, callErr)
}

func (t *Table) batchWrite(ctx context.Context, bw BatchWriter, reqs []types.WriteRequest, callErr func(error) error) error {
	backoff := 20 * time.Millisecond
	for len(reqs) > 0 {
		// Each call is bounded: a call that hangs is abandoned and retried
		// (the requests are idempotent).
		cctx, cancel := context.WithTimeout(ctx, BatchCallTimeout)
		out, err := bw.BatchWriteItem(cctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{t.Name: reqs}})
		cancel()
		switch {
		case err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded):
			continue
		case err != nil && callErr != nil:
			return callErr(err)
		case err != nil:
			return err
		}
		reqs = out.UnprocessedItems[t.Name]
		if len(reqs) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 2*time.Second)
	}
	return nil
}

// SS is a string set attribute value.
type SS = types.AttributeValueMemberSS
