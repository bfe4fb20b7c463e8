// Command benchsweep measures the retention sweep (make bench-sweep): it
// provisions a fresh copy of the stack's tables, seeds expired items among
// live ones across the data tables, runs the sweep, and in the same run
// measures the emulator's raw BatchWriteItem delete throughput (the same
// workers deleting known keys) as the ceiling. It reports items deleted per
// second against that ceiling, items read per item deleted, and its peak
// RSS; the last line is
//
//	bench-sweep deleted=<n> ratio=<r> read_per_deleted=<a> peak_rss_mib=<m>
//
// Targets: ratio at least 0.7, read_per_deleted at most 1.2 (it exits 1
// when either is missed).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/medspa-ai/backend/infra/benchkit"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

// data are the swept tables with, per category, an expired and a live
// expiry (zero: none) relative to now.
var data = []struct {
	c             retention.Category
	expired, live func(now time.Time, i int) time.Time
}{
	{retention.Account, func(n time.Time, _ int) time.Time { return n.AddDate(-3, 0, -5) },
		func(n time.Time, i int) time.Time {
			if i%2 == 0 {
				return time.Time{} // relationship ongoing
			}
			return n.AddDate(-3, 0, 20) // due in 20 days
		}},
	{retention.Analytics, func(n time.Time, _ int) time.Time { return n.AddDate(-2, 0, -3) },
		func(n time.Time, _ int) time.Time { return n.AddDate(-2, 0, 10) }},
	{retention.Logs, func(n time.Time, _ int) time.Time { return n.AddDate(-1, 0, -1) },
		func(n time.Time, _ int) time.Time { return n.AddDate(0, 0, -200) }},
	{retention.Marketing, func(n time.Time, _ int) time.Time { return n.Add(-time.Hour) },
		func(time.Time, int) time.Time { return time.Time{} }},
	{retention.Billing, func(n time.Time, _ int) time.Time { return n.AddDate(-7, 0, -2) },
		func(n time.Time, _ int) time.Time { return n.AddDate(-1, 0, 0) }},
}

func main() {
	expired := flag.Int("expired", 200_000, "expired items (spread over the data tables)")
	live := flag.Int("live", 400_000, "live items")
	ceilingN := flag.Int("ceiling", 0, "items deleted raw for the ceiling (default: expired/2)")
	workers := flag.Int("workers", 8, "concurrent BatchWriteItem calls, for the sweep and the ceiling alike")
	keep := flag.Bool("keep", false, "keep the bench tables")
	flag.Parse()
	if *ceilingN == 0 {
		*ceilingN = max(*expired/2, 1000)
	}
	if err := run(*expired, *live, *ceilingN, *workers, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench-sweep:", err)
		os.Exit(1)
	}
}

func run(expired, live, ceilingN, workers int, keep bool) error {
	ctx := context.Background()
	_, st, db, prefix, err := benchkit.Provision(ctx, "bsweep")
	if err != nil {
		return err
	}
	if !keep {
		defer benchkit.DropTables(db, prefix)
	}
	now := time.Now()
	tables := make([]*dynamo.Table, len(data))
	for i, d := range data {
		if tables[i], err = st.Table(db, d.c); err != nil {
			return err
		}
	}
	privacy, err := st.Table(db, retention.Privacy)
	if err != nil {
		return err
	}
	fmt.Printf("seeding %d expired, %d live and %d ceiling items over %d tables (%d workers)\n", expired, live, ceilingN, len(tables), workers)
	start := time.Now()
	ceilKeys := make([][]dynamo.Item, len(tables))
	err = seed(ctx, db, workers, expired+live+ceilingN, func(i int) (int, dynamo.Item, error) {
		ti := i % len(tables)
		t, d := tables[ti], data[ti]
		var item dynamo.Item
		var at time.Time
		switch {
		case i < expired:
			item, at = dynamo.Key(fmt.Sprintf("E#%d", i/10), fmt.Sprintf("I#%09d", i)), d.expired(now, i)
		case i < expired+live:
			item, at = dynamo.Key(fmt.Sprintf("L#%d", i/10), fmt.Sprintf("I#%09d", i)), d.live(now, i/len(tables))
		default:
			item = dynamo.Key(fmt.Sprintf("C#%d", i/10), fmt.Sprintf("I#%09d", i)) // no expiry: not in the index
		}
		item["d"] = dynamo.S(strings.Repeat("x", 120))
		return ti, item, t.Stamp(item, dynamo.Expiry{At: at})
	}, tables, func(ti int, it dynamo.Item) {
		if strings.HasPrefix(dynamo.String(it, dynamo.PK), "C#") {
			ceilKeys[ti] = append(ceilKeys[ti], dynamo.KeyOf(it))
		}
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("seeded in %s\n", time.Since(start).Round(time.Millisecond))
	if os.Getenv("BENCH_SWEEP_DEBUG") != "" {
		for _, t := range tables {
			n, _ := count(ctx, db, t.Name)
			fmt.Println("  seeded", t.Name, n)
		}
	}

	before := ceiling(ctx, tables, ceilKeys, workers, 0, &err)
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	cps := sweep.TableCheckpoints{Table: privacy}
	for _, t := range tables { // as after yesterday's run
		if err := cps.Save(ctx, t.Name, now.Add(-24*time.Hour-sweep.CheckpointMargin)); err != nil {
			return err
		}
	}
	trail, err := auditdb.New(privacy)
	if err != nil {
		return err
	}
	s := sweep.Sweeper{Tables: tables, Audit: trail, Checkpoints: cps, Workers: workers,
		Log: logging.New(&bytes.Buffer{}, "INFO"), Now: func() time.Time { return now }}
	start = time.Now()
	res, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	sweepTime := time.Since(start)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	deleted, read := 0, 0
	for _, r := range res {
		fmt.Printf("  %-10s deleted=%d read=%d\n", r.Category, r.Deleted, r.Read)
		deleted, read = deleted+r.Deleted, read+r.Read
	}
	sweepRate := float64(deleted) / sweepTime.Seconds()
	fmt.Printf("sweep: %d deleted in %s: %.0f items/s\n", deleted, sweepTime.Round(time.Millisecond), sweepRate)

	// The ceiling: the same workers deleting known keys with BatchWriteItem,
	// half before the sweep and half after, so it sees the tables at the
	// sizes the sweep saw.
	ceilTime := before + ceiling(ctx, tables, ceilKeys, workers, 1, &err)
	if err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	ceilRate := float64(ceilingN) / ceilTime.Seconds()
	fmt.Printf("ceiling: %d raw BatchWriteItem deletes in %s: %.0f items/s\n", ceilingN, ceilTime.Round(time.Millisecond), ceilRate)

	remaining := 0
	for _, t := range tables {
		n, err := count(ctx, db, t.Name)
		if err != nil {
			return err
		}
		remaining += n
	}
	fmt.Printf("left: %d items (want the %d live ones)\n", remaining, live)
	ratio := sweepRate / ceilRate
	rpd := float64(read) / float64(max(deleted, 1))
	line := fmt.Sprintf("bench-sweep deleted=%d ratio=%.2f read_per_deleted=%.2f peak_rss_mib=%d", deleted, ratio, rpd, benchkit.PeakRSSMiB())
	var fails []string
	if deleted != expired {
		fails = append(fails, fmt.Sprintf("deleted %d of %d expired items", deleted, expired))
	}
	if remaining != live {
		fails = append(fails, fmt.Sprintf("%d items left, want %d", remaining, live))
	}
	if ratio < 0.7 {
		fails = append(fails, fmt.Sprintf("ratio %.2f under 0.7", ratio))
	}
	if rpd > 1.2 {
		fails = append(fails, fmt.Sprintf("%.2f items read per item deleted, over 1.2", rpd))
	}
	for _, f := range fails {
		fmt.Println("MISSED:", f)
	}
	fmt.Println(line)
	if len(fails) > 0 {
		os.Exit(1)
	}
	return nil
}

// seed writes n items (gen returns each one's table index) with
// BatchWriteItem on workers goroutines.
func seed(ctx context.Context, db *dynamodb.Client, workers, n int, gen func(int) (int, dynamo.Item, error), tables []*dynamo.Table, seen func(int, dynamo.Item)) error {
	batches := make([][]dynamo.Item, len(tables))
	var jobs []func() error
	add := func(ti int) {
		b := batches[ti]
		batches[ti] = nil
		name := tables[ti].Name
		jobs = append(jobs, func() error {
			reqs := make([]types.WriteRequest, len(b))
			for i, it := range b {
				reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
			}
			for len(reqs) > 0 {
				cctx, cancel := context.WithTimeout(ctx, dynamo.BatchCallTimeout)
				out, err := db.BatchWriteItem(cctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{name: reqs}})
				cancel()
				if errors.Is(err, context.DeadlineExceeded) {
					continue // a hung call is abandoned and retried (puts are idempotent)
				}
				if err != nil {
					return err
				}
				reqs = out.UnprocessedItems[name]
			}
			return nil
		})
	}
	for i := range n {
		ti, it, err := gen(i)
		if err != nil {
			return err
		}
		seen(ti, it)
		batches[ti] = append(batches[ti], it)
		if len(batches[ti]) == dynamo.MaxBatch {
			add(ti)
		}
	}
	for ti := range batches {
		if len(batches[ti]) > 0 {
			add(ti)
		}
	}
	return pool(workers, jobs)
}

// pool runs jobs on n goroutines and returns the first error.
func pool(n int, jobs []func() error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if err := jobs[i](); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func count(ctx context.Context, db *dynamodb.Client, table string) (int, error) {
	in := &dynamodb.ScanInput{TableName: aws.String(table), Select: types.SelectCount}
	n := 0
	for {
		out, err := db.Scan(ctx, in)
		if err != nil {
			return 0, err
		}
		n += int(out.Count)
		if len(out.LastEvaluatedKey) == 0 {
			return n, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// ceiling deletes half of each table's ceiling keys (half 0 or 1) with
// BatchWriteItem on workers goroutines and returns how long it took.
func ceiling(ctx context.Context, tables []*dynamo.Table, keys [][]dynamo.Item, workers, half int, errp *error) time.Duration {
	var jobs []func() error
	for ti, ks := range keys {
		mid := len(ks) / 2
		ks = [][]dynamo.Item{ks[:mid], ks[mid:]}[half]
		for j := 0; j < len(ks); j += dynamo.MaxBatch {
			b := ks[j:min(j+dynamo.MaxBatch, len(ks))]
			t := tables[ti]
			jobs = append(jobs, func() error { return t.BatchDelete(ctx, b) })
		}
	}
	start := time.Now()
	*errp = pool(workers, jobs)
	return time.Since(start)
}
