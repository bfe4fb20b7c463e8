// Package reportdb reads the retention report from DynamoDB without
// scanning a table:
//
//	live items     DescribeTable's ItemCount (DynamoDB refreshes it about every six hours)
//	due, oldest    the table's expiry index: the due buckets from the sweep's checkpoint
//	               month to now (items past expiresAt only, so the cost follows what is
//	               due; a never-swept table: the last two months), then, if none is due,
//	               the first item of each shard of the months ahead (Limit 1), month by
//	               month until one is found, at most 12 months ahead
//	holds          the HOLD partition of the account table (one Query)
//	deletions      the audit trail's daily tallies (pk RETSTAT, one Query for 30 days)
package reportdb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/parallel"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/report"
)

// Describer is DynamoDB's DescribeTable.
type Describer interface {
	DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// Checkpoints reads the sweep's checkpoints (sweep.TableCheckpoints).
type Checkpoints interface {
	Load(ctx context.Context, table string) (time.Time, bool, error)
}

// SweepCheckpoints reads the checkpoints sweep.TableCheckpoints keeps in
// the privacy table (pk SWEEP#<table>, sk checkpoint, from: epoch
// seconds). It is not that type because importing the sweep would give
// the API the sweep's rights (Scan, BatchWriteItem); the sweep's test
// checks that this reads what it saves.
type SweepCheckpoints struct{ Table *dynamo.Table }

// Load reads a table's checkpoint.
func (c SweepCheckpoints) Load(ctx context.Context, table string) (time.Time, bool, error) {
	it, ok, err := c.Table.Get(ctx, dynamo.Key("SWEEP#"+table, "checkpoint"), true)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	return time.Unix(dynamo.Int(it, "from"), 0), true, nil
}

// Source implements report.Source.
type Source struct {
	Tables      []*dynamo.Table
	Describe    Describer
	Checkpoints Checkpoints
	Held        holds.Store
	Tallies     audit.Counter
	// LookAhead bounds the months searched for the next expiry when
	// nothing is due (default 12: 8 Queries a month).
	LookAhead int
}

var _ report.Source = Source{}

// Categories lists the tables' categories.
func (s Source) Categories() []retention.Category {
	out := make([]retention.Category, 0, len(s.Tables))
	for _, t := range s.Tables {
		out = append(out, t.Category)
	}
	return out
}

func (s Source) table(c retention.Category) (*dynamo.Table, error) {
	for _, t := range s.Tables {
		if t.Category == c {
			return t, nil
		}
	}
	return nil, fmt.Errorf("reportdb: no %s table", c)
}

// ItemCount is DescribeTable's ItemCount.
func (s Source) ItemCount(ctx context.Context, c retention.Category) (int64, error) {
	t, err := s.table(c)
	if err != nil {
		return 0, err
	}
	out, err := s.Describe.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(t.Name)})
	if err != nil {
		return 0, err
	}
	return aws.ToInt64(out.Table.ItemCount), nil
}

// lookAhead bounds the months searched for the next expiry.
const lookAhead = 12

// Expiries reads the expiry index: the due buckets from the checkpoint's
// month (a never-swept table: the last two months), then, when nothing is
// due, month by month until an item is found, at most lookAhead months on.
// A month's eight shards are read concurrently.
func (s Source) Expiries(ctx context.Context, c retention.Category, now time.Time) (report.Expiries, bool, error) {
	t, err := s.table(c)
	if err != nil {
		return report.Expiries{}, false, err
	}
	from, swept, err := s.Checkpoints.Load(ctx, t.Name)
	if err != nil {
		return report.Expiries{}, false, err
	}
	if !swept {
		from = now.AddDate(0, -1, 0)
	}
	var (
		mu sync.Mutex
		ex report.Expiries
	)
	err = eachBucket(dynamo.DueBuckets(from, now), func(b string) error {
		return t.QueryDue(ctx, b, now, func(items []dynamo.Item) error {
			mu.Lock()
			defer mu.Unlock()
			for _, it := range items {
				e := time.Unix(dynamo.Int(it, dynamo.ExpiresAt), 0).UTC()
				if ex.Due == 0 || e.Before(ex.EarliestDue) {
					ex.EarliestDue = e
				}
				ex.Due++
			}
			return nil
		})
	})
	if err != nil {
		return report.Expiries{}, false, err
	}
	if ex.Due > 0 {
		ex.Earliest = ex.EarliestDue
		return ex, swept, nil
	}
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	ahead := s.LookAhead
	if ahead <= 0 {
		ahead = lookAhead
	}
	for range ahead + 1 {
		err := eachBucket(dynamo.DueBuckets(month, month), func(b string) error {
			out, err := t.DB.Query(ctx, &dynamodb.QueryInput{
				TableName: aws.String(t.Name), IndexName: aws.String(dynamo.ExpiryIndex), Limit: aws.Int32(1),
				KeyConditionExpression:    aws.String("#b = :b"),
				ExpressionAttributeNames:  map[string]string{"#b": dynamo.ExpBucket},
				ExpressionAttributeValues: dynamo.Item{":b": dynamo.S(b)},
			})
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, it := range out.Items {
				if e := time.Unix(dynamo.Int(it, dynamo.ExpiresAt), 0).UTC(); ex.Earliest.IsZero() || e.Before(ex.Earliest) {
					ex.Earliest = e
				}
			}
			return nil
		})
		if err != nil {
			return report.Expiries{}, false, err
		}
		if !ex.Earliest.IsZero() {
			break
		}
		month = month.AddDate(0, 1, 0)
	}
	return ex, swept, nil
}

// eachBucket runs fn on every bucket, eight at a time.
func eachBucket(buckets []string, fn func(string) error) error {
	_, err := parallel.Map(dynamo.ExpiryShards, buckets, func(b string) (struct{}, error) { return struct{}{}, fn(b) })
	return err
}

// Holds counts the holds in force by the categories they cover.
func (s Source) Holds(ctx context.Context) (map[retention.Category]int, error) {
	hs, err := s.Held.List(ctx)
	if err != nil {
		return nil, err
	}
	out := map[retention.Category]int{}
	for _, h := range hs {
		if !h.InForce() {
			continue
		}
		seen := map[retention.Category]bool{}
		for _, p := range holdsdb.Partitions(h.Scope) {
			if !seen[p.Category] {
				seen[p.Category] = true
				out[p.Category]++
			}
		}
	}
	return out, nil
}

// Deletions reads the daily tallies.
func (s Source) Deletions(ctx context.Context, since time.Time) (map[string]map[string]map[string]int, error) {
	if s.Tallies == nil {
		return nil, errors.New("reportdb: no tallies")
	}
	return s.Tallies.Counts(ctx, since)
}

// Cost is the DynamoDB requests one report takes, for the docs: per table
// one DescribeTable, 8 Queries a month from the checkpoint month to now
// (more pages only when over 1 MB is due), and when nothing is due 8
// Queries of one item a month until one is found (at most 13 months);
// plus one Query of the holds and one of the tallies.
func Cost(tables, monthsSinceCheckpoint, monthsToNext int) int {
	per := 1 + dynamo.ExpiryShards*(monthsSinceCheckpoint+1)
	if monthsToNext >= 0 {
		per += dynamo.ExpiryShards * (min(monthsToNext, lookAhead) + 1)
	}
	return tables*per + 2
}
