// Package auditdb keeps the audit trail in the privacy table, written
// with a condition so an entry's ID is written once:
//
//	privacy table  pk AUDIT#<kind>#<yyyy-mm-dd>  sk <entry ID>  kind, actor, at, d_<detail>
//	               pk RETSTAT  sk <yyyy-mm-dd>#<key>          daily tallies (RecordCounted): n_<counter>
//
// The tallies are what the retention report reads for deletions by day and
// category, in one Query, instead of the audit rows (one per TTL deletion).
// They share one partition: a day's tally is one item per category, so its
// write rate is bounded by one item's (1,000 writes a second), far above
// what TTL deletes.
package auditdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Log writes entries to the privacy table.
type Log struct{ table *dynamo.Table }

var _ audit.Counter = Log{}

// New binds the trail to the privacy table.
func New(privacy *dynamo.Table) (Log, error) {
	if err := dynamo.Require("auditdb", privacy, retention.Privacy); err != nil {
		return Log{}, err
	}
	return Log{table: privacy}, nil
}

// Record writes e unless an entry with its ID exists.
func (l Log) Record(ctx context.Context, e audit.Entry) error {
	item := entryItem(e)
	err := l.table.Put(ctx, item, dynamo.Expiry{At: e.At}, &dynamodb.PutItemInput{
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	if dynamo.IsConditionFailed(err) {
		return nil
	}
	return err
}

// StatsPK is the partition of the daily tallies.
const StatsPK = "RETSTAT"

// RecordCounted writes e and adds c to its day's tally in one transaction,
// unless an entry with e's ID exists: then nothing is written or added.
func (l Log) RecordCounted(ctx context.Context, e audit.Entry, c audit.Count) error {
	db, ok := l.table.DB.(dynamo.Transactor)
	if !ok {
		return fmt.Errorf("auditdb: the table's client cannot transact")
	}
	item := entryItem(e)
	if err := l.table.Stamp(item, dynamo.Expiry{At: e.At}); err != nil {
		return err
	}
	key := dynamo.Key(StatsPK, c.Day.UTC().Format(time.DateOnly)+"#"+c.Key)
	exp, _, err := l.table.Schedule.ExpiresAt(retention.Privacy, c.Day, 0)
	if err != nil {
		return err
	}
	names := map[string]string{"#cat": dynamo.Category}
	values := dynamo.Item{":cat": dynamo.S(string(retention.Privacy)), ":exp": dynamo.N(exp.Unix()), ":b": l.table.BucketAV(key, exp.Unix())}
	expr := "SET #cat = :cat, expiresAt = :exp, expBucket = :b ADD "
	i := 0
	for name, n := range c.Add {
		if i > 0 {
			expr += ", "
		}
		names[fmt.Sprintf("#c%d", i)] = "n_" + name
		values[fmt.Sprintf(":v%d", i)] = dynamo.N(int64(n))
		expr += fmt.Sprintf("#c%d :v%d", i, i)
		i++
	}
	if i == 0 {
		return l.Record(ctx, e)
	}
	_, err = db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(l.table.Name), Item: item, ConditionExpression: aws.String("attribute_not_exists(pk)")}},
		{Update: &types.Update{TableName: aws.String(l.table.Name), Key: key, UpdateExpression: aws.String(expr), ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
	}})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) && len(tc.CancellationReasons) > 0 && aws.ToString(tc.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return nil // recorded before: counted then
	}
	return err
}

// Counts reads the tallies from since's day to now in one Query (at most
// one item per day and key: 30 days of 7 categories is 210 small items).
func (l Log) Counts(ctx context.Context, since time.Time) (map[string]map[string]map[string]int, error) {
	out := map[string]map[string]map[string]int{}
	err := l.table.QueryPages(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :p AND sk >= :from"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(StatsPK), ":from": dynamo.S(since.UTC().Format(time.DateOnly))},
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			day, key, ok := strings.Cut(dynamo.String(it, dynamo.SK), "#")
			if !ok {
				continue
			}
			if out[day] == nil {
				out[day] = map[string]map[string]int{}
			}
			m := map[string]int{}
			for k := range it {
				if name, ok := strings.CutPrefix(k, "n_"); ok {
					m[name] = int(dynamo.Int(it, k))
				}
			}
			out[day][key] = m
		}
		return nil
	})
	return out, err
}

func entryItem(e audit.Entry) dynamo.Item {
	day := e.At.UTC().Format(time.DateOnly)
	item := dynamo.Key("AUDIT#"+e.Kind+"#"+day, e.ID)
	item["kind"] = dynamo.S(e.Kind)
	item["actor"] = dynamo.S(e.Actor)
	item["at"] = dynamo.S(e.At.UTC().Format(time.RFC3339Nano))
	for k, v := range e.Detail {
		item["d_"+k] = dynamo.S(v)
	}
	return item
}
