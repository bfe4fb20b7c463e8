// Command benchprivacy measures the privacy worker's export and erasure
// (make bench-privacy): a subject with 100,000 items across the account,
// analytics and logs tables (usage events, request logs, and in their
// organization's partition support messages and content requests, beside
// another member's) is exported (the zip built and uploaded to the bucket)
// and then erased, through subjectdb and export as the worker runs them,
// on a fresh copy of the stack's tables. In the same run the emulator's
// raw throughput is measured as the ceilings: Query of a second subject's
// identical partitions (all at once, as the export reads them) and
// BatchWriteItem deletes of that subject's known keys on the same number
// of workers, each half before and half after the operation it bounds (the
// machine's load may change during a run). The last line is
//
//	bench-privacy items=<n> export_ratio=<r> erase_ratio=<r> peak_rss_mib=<m>
//
// -items makes it smaller (make bench-privacy BENCH_PRIVACY_FLAGS="-items 20000").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/infra/benchkit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/export/exports3"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	items := flag.Int("items", 100_000, "the subject's items across the tables")
	workers := flag.Int("workers", subjectdb.Workers, "concurrent BatchWriteItem calls of the seeding and the delete ceiling (the erasure uses subjectdb.Workers)")
	flag.Parse()
	if err := run(*items, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench-privacy:", err)
		os.Exit(1)
	}
}

// Where a subject's items go, by i%10: 4 usage events, 4 request logs, a
// support message and a content request.
func kind(i int) int { return i % 10 }

type tables struct{ account, analytics, logs *dynamo.Table }

// item is the subject's i-th item, shaped like what the stores write.
func item(t tables, uid, org string, i int, now time.Time) (*dynamo.Table, dynamo.Item, error) {
	at := now.Add(-time.Duration(i) * time.Second).UTC()
	ts := at.Format(time.RFC3339Nano)
	rid := fmt.Sprintf("req_bench%017d", i)
	var tb *dynamo.Table
	var it dynamo.Item
	switch k := kind(i); {
	case k < 4:
		tb, it = t.analytics, dynamo.Key("USAGE#"+uid, ts+"#"+rid)
		it["feature"], it["userId"], it["orgId"], it["at"], it["requestId"] = dynamo.S("metrics.daily"), dynamo.S(uid), dynamo.S(org), dynamo.S(ts), dynamo.S(rid)
	case k < 8:
		tb, it = t.logs, dynamo.Key("REQ#"+uid, ts+"#"+rid)
		it["requestId"], it["at"], it["userId"], it["orgId"] = dynamo.S(rid), dynamo.S(ts), dynamo.S(uid), dynamo.S(org)
		it["method"], it["route"], it["status"], it["latencyMs"] = dynamo.S("GET"), dynamo.S("metrics.daily"), dynamo.N(200), dynamo.N(int64(12+i%40))
		it["ip"], it["userAgent"] = dynamo.S("203.0.113.7"), dynamo.S("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15")
	case k == 8:
		tb, it = t.account, dynamo.Key("ORG#"+org, fmt.Sprintf("MEMBER~SUPPORT#%010d", 9_999_999_999-i))
		it["seq"], it["kind"], it["subject"], it["authorId"], it["status"], it["at"] = dynamo.N(int64(i)), dynamo.S("support"), dynamo.S("Our Meta account does not connect"),
			dynamo.S(uid), dynamo.S("open"), dynamo.S(ts)
		it["body"] = dynamo.S("Since yesterday the dashboard shows no spend for the spring campaign; could you check the connection? " + strconv.Itoa(i))
	default:
		id := fmt.Sprintf("cr_bench%018d", i)
		tb, it = t.account, dynamo.Key("ORG#"+org, "CONTENT#"+id)
		it["kind"], it["status"] = dynamo.S("copy"), dynamo.S("ready")
		it["doc"] = dynamo.S(`{"OrgID":"` + org + `","ID":"` + id + `","Kind":"copy","Service":"HydraFacial","Offer":"20% off your first visit","Tone":"warm",` +
			`"CallToAction":"Book a consultation","Status":"ready","Variants":1,"Results":[{"Fields":{"headline":"Glow this spring","primaryText":"Our HydraFacial leaves skin bright and smooth. Book a consultation today."}}],` +
			`"CreatedBy":"` + uid + `","CreatedAt":"` + ts + `"}`)
	}
	return tb, it, tb.Stamp(it, dynamo.Expiry{At: at})
}

func run(n, workers int) error {
	ctx := context.Background()
	cfg, st, db, prefix, err := benchkit.Provision(ctx, "bpriv")
	if err != nil {
		return err
	}
	defer benchkit.DropTables(db, prefix)
	tb := func(c retention.Category) *dynamo.Table {
		t, terr := st.Table(db, c)
		err = errors.Join(err, terr)
		return t
	}
	t := tables{account: tb(retention.Account), analytics: tb(retention.Analytics), logs: tb(retention.Logs)}
	marketing := tb(retention.Marketing)
	if err != nil {
		return err
	}
	data, err := subjectdb.New(t.account, marketing, t.analytics, t.logs)
	if err != nil {
		return err
	}
	subj, ceil, warm := ids.UserID("bench-subject"), ids.UserID("bench-ceiling"), ids.UserID("bench-warmup")
	org, ceilOrg, warmOrg, other := ids.New("org"), ids.New("org"), ids.New("org"), ids.UserID("bench-other")
	now := time.Now()

	fmt.Printf("seeding %d items of the subject, %d of a second subject for the ceilings, %d of another member, %d of a third subject for the warm-up (%d workers)\n", n, n, n/20, n/20, workers)
	start := time.Now()
	err = seed(ctx, db, workers, func(emit func(*dynamo.Table, dynamo.Item) error) error {
		for i := range n {
			for _, s := range []struct{ uid, org string }{{subj, org}, {ceil, ceilOrg}} {
				tbl, it, err := item(t, s.uid, s.org, i, now)
				if err != nil {
					return err
				}
				if err := emit(tbl, it); err != nil {
					return err
				}
			}
			if i%20 == 0 {
				tbl, it, err := item(t, warm, warmOrg, i/20, now)
				if err != nil {
					return err
				}
				if err := emit(tbl, it); err != nil {
					return err
				}
			}
			if i%20 == 0 {
				// Another member's items in the subject's organization: the
				// erasure reads past them and leaves them.
				tbl, it, err := item(t, other, org, 10*n+8+10*(i/20)+(i/20)%2, now)
				if err != nil {
					return err
				}
				if err := emit(tbl, it); err != nil {
					return err
				}
			}
		}
		for _, it := range []dynamo.Item{dynamo.Key("USER#"+subj, "PROFILE")} {
			it["email"], it["name"] = dynamo.S("bench-subject@spa.example"), dynamo.S("Bench Subject")
			if err := t.account.Stamp(it, dynamo.Expiry{}); err != nil {
				return err
			}
			if err := emit(t.account, it); err != nil {
				return err
			}
		}
		for _, sk := range []string{"PREFS", "CONSENT#marketing-email"} {
			it := dynamo.Key("USER#"+subj, sk)
			it["productUpdates"] = &types.AttributeValueMemberBOOL{Value: true}
			if err := marketing.Stamp(it, dynamo.Expiry{}); err != nil {
				return err
			}
			if err := emit(marketing, it); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("seeded in %s\n", time.Since(start).Round(time.Millisecond))

	exporter := privacyenv.Exporter(data, exports3.New(cfg, st.Resources["AssetsBucket"].Ref))

	// A warm-up, untimed: a freshly started DynamoDB Local runs its read
	// and delete paths slower until the JVM has compiled them, which
	// would weigh on whatever is measured first. The third subject's
	// export and erasure exercise the same paths the measured run takes.
	start = time.Now()
	warmSubj := privacy.Subject{UserID: warm}
	if _, _, err := exporter(ctx, privacy.Request{ID: ids.New("prq"), Type: privacy.Portability, Subject: warmSubj}, []string{warmOrg}); err != nil {
		return fmt.Errorf("warm-up export: %w", err)
	}
	if _, err := data.Erase(ctx, warmSubj, []string{warmOrg}); err != nil {
		return fmt.Errorf("warm-up erase: %w", err)
	}
	fmt.Printf("warm-up: export and erasure of the third subject (untimed) in %s\n", time.Since(start).Round(time.Millisecond))

	// The ceilings are measured half before and half after each operation,
	// so a change in the machine's load during the run weighs on both.
	qn1, qTook1, err := queryCeiling(ctx, db, t, ceil, ceilOrg)
	if err != nil {
		return fmt.Errorf("query ceiling: %w", err)
	}

	// Export, as the worker's publish step builds it.
	req := privacy.Request{ID: ids.New("prq"), Type: privacy.Portability, Subject: privacy.Subject{UserID: subj, Email: "bench-subject@spa.example"}}
	start = time.Now()
	key, counts, err := exporter(ctx, req, []string{org})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	exportTook := time.Since(start)
	exported := 0
	for _, v := range counts {
		c, _ := strconv.Atoi(v)
		exported += c
	}
	exportRate := float64(exported) / exportTook.Seconds()
	fmt.Printf("export: %d items (%s) to %s in %s, %.0f items/s\n", exported, counts, key, exportTook.Round(time.Millisecond), exportRate)

	// Query ceiling: the second subject's partitions, read raw, all at once
	// (before and after the export).
	qn, qTook, err := queryCeiling(ctx, db, t, ceil, ceilOrg)
	if err != nil {
		return fmt.Errorf("query ceiling: %w", err)
	}
	qn, qTook = qn+qn1, qTook+qTook1
	qRate := float64(qn) / qTook.Seconds()
	fmt.Printf("ceiling: %d items read by raw Query (4 partitions at once, half before and half after the export) in %s, %.0f items/s\n", qn, qTook.Round(time.Millisecond), qRate)

	// What the erasure must read: the keys of the subject's partitions.
	kn, kTook, err := keysOnly(ctx, db, t, subj, org)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	fmt.Printf("reading the subject's keys alone (keys-only Query, 4 partitions at once): %d in %s, %.0f items/s\n", kn, kTook.Round(time.Millisecond), float64(kn)/kTook.Seconds())

	// The first half of the delete ceiling: the second subject's even
	// items (keys generated again, not held), raw BatchWriteItem deletes on
	// the same number of workers.
	deleteHalf := func(half int) (int, time.Duration, error) {
		start := time.Now()
		dn := 0
		err := seedDeletes(ctx, db, workers, func(emit func(*dynamo.Table, dynamo.Item) error) error {
			for i := half; i < n; i += 2 {
				tbl, it, err := item(t, ceil, ceilOrg, i, now)
				if err != nil {
					return err
				}
				dn++
				if err := emit(tbl, dynamo.KeyOf(it)); err != nil {
					return err
				}
			}
			return nil
		})
		return dn, time.Since(start), err
	}
	dn1, dTook1, err := deleteHalf(0)
	if err != nil {
		return fmt.Errorf("delete ceiling: %w", err)
	}

	// Erasure, as the worker's erase step runs it.
	start = time.Now()
	erased, err := data.Erase(ctx, req.Subject, []string{org})
	if err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	eraseTook := time.Since(start)
	eraseRate := float64(erased) / eraseTook.Seconds()
	fmt.Printf("erase: %d items in %s, %.0f items/s\n", erased, eraseTook.Round(time.Millisecond), eraseRate)
	if left, err := count(ctx, t, subj, org); err != nil || left != 0 {
		return fmt.Errorf("after the erasure %d of the subject's items are left (%v)", left, err)
	}

	// The delete ceiling's second half: the odd items.
	dn, dTook, err := deleteHalf(1)
	if err != nil {
		return fmt.Errorf("delete ceiling: %w", err)
	}
	dn, dTook = dn+dn1, dTook+dTook1
	dRate := float64(dn) / dTook.Seconds()
	fmt.Printf("ceiling: %d raw BatchWriteItem deletes of known keys on %d workers (half before, half after the erasure) in %s, %.0f items/s\n", dn, workers, dTook.Round(time.Millisecond), dRate)
	// What an erasure cannot avoid on this emulator: reading the keys (it
	// loads whole items even for a keys-only Query) as well as deleting
	// them. Against the two done one after the other, for context; the
	// last line's erase_ratio is against the deletes alone.
	serial := float64(n) / ((kTook * time.Duration(n) / time.Duration(max(kn, 1))) + dTook*time.Duration(n)/time.Duration(max(dn, 1))).Seconds()
	fmt.Printf("erase against raw keys-only Query then deletes, one after the other: %.0f items/s, ratio %.2f\n", serial, eraseRate/serial)
	fmt.Printf("bench-privacy items=%d export_ratio=%.2f erase_ratio=%.2f peak_rss_mib=%d\n", exported, exportRate/qRate, eraseRate/dRate, benchkit.PeakRSSMiB())
	return nil
}

// queryCeiling pages through the subject's partitions with plain Query
// calls, one goroutine per partition, and counts the items.
func queryCeiling(ctx context.Context, db *dynamodb.Client, t tables, uid, org string) (int, time.Duration, error) {
	return queryAll(ctx, db, t, uid, org, "")
}

// keysOnly is queryCeiling projecting the keys alone.
func keysOnly(ctx context.Context, db *dynamodb.Client, t tables, uid, org string) (int, time.Duration, error) {
	return queryAll(ctx, db, t, uid, org, "pk, sk")
}

func queryAll(ctx context.Context, db *dynamodb.Client, t tables, uid, org, projection string) (int, time.Duration, error) {
	type q struct {
		table, pk, prefix string
	}
	qs := []q{{t.analytics.Name, "USAGE#" + uid, ""}, {t.logs.Name, "REQ#" + uid, ""}, {t.account.Name, "ORG#" + org, "MEMBER~SUPPORT#"}, {t.account.Name, "ORG#" + org, "CONTENT#"}}
	var total atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(qs))
	start := time.Now()
	for i, x := range qs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := &dynamodb.QueryInput{TableName: aws.String(x.table), KeyConditionExpression: aws.String("pk = :p"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":p": dynamo.S(x.pk)}}
			if projection != "" {
				in.ProjectionExpression = aws.String(projection)
			}
			if x.prefix != "" {
				in.KeyConditionExpression = aws.String("pk = :p AND begins_with(sk, :s)")
				in.ExpressionAttributeValues[":s"] = dynamo.S(x.prefix)
			}
			for {
				out, err := db.Query(ctx, in)
				if err != nil {
					errs[i] = err
					return
				}
				total.Add(int64(len(out.Items)))
				if len(out.LastEvaluatedKey) == 0 {
					return
				}
				in.ExclusiveStartKey = out.LastEvaluatedKey
			}
		}()
	}
	wg.Wait()
	return int(total.Load()), time.Since(start), errors.Join(errs...)
}

// count is how many of the subject's items are left.
func count(ctx context.Context, t tables, uid, org string) (int, error) {
	n := 0
	for _, x := range []struct {
		t  *dynamo.Table
		pk string
	}{{t.analytics, "USAGE#" + uid}, {t.logs, "REQ#" + uid}, {t.account, "ORG#" + org}} {
		err := x.t.QueryPagesWithExpired(ctx, &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(x.pk)}}, func(items []dynamo.Item) error {
			for _, it := range items {
				if strings.Contains(dynamo.String(it, "authorId")+dynamo.String(it, "doc")+dynamo.String(it, "userId"), uid) {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// seed streams gen's items into BatchWriteItem puts on workers
// goroutines: batches of 25 per table, a few batches queued at a time.
func seed(ctx context.Context, db *dynamodb.Client, workers int, gen func(emit func(*dynamo.Table, dynamo.Item) error) error) error {
	return batches(ctx, db, workers, gen, func(it dynamo.Item) types.WriteRequest {
		return types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
	})
}

// seedDeletes is seed with deletes of the keys gen emits.
func seedDeletes(ctx context.Context, db *dynamodb.Client, workers int, gen func(emit func(*dynamo.Table, dynamo.Item) error) error) error {
	return batches(ctx, db, workers, gen, func(it dynamo.Item) types.WriteRequest {
		return types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: it}}
	})
}

func batches(ctx context.Context, db *dynamodb.Client, workers int, gen func(emit func(*dynamo.Table, dynamo.Item) error) error, req func(dynamo.Item) types.WriteRequest) error {
	type job struct {
		table string
		reqs  []types.WriteRequest
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan job, 2*workers)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	fail := func(err error) { once.Do(func() { first = err }); cancel(err) }
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				reqs := j.reqs
				for len(reqs) > 0 && ctx.Err() == nil {
					cctx, ccancel := context.WithTimeout(ctx, dynamo.BatchCallTimeout)
					out, err := db.BatchWriteItem(cctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{j.table: reqs}})
					ccancel()
					if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
						continue // a hung call is abandoned and retried (idempotent)
					}
					if err != nil {
						fail(err)
						break
					}
					reqs = out.UnprocessedItems[j.table]
				}
			}
		}()
	}
	pending := map[string][]types.WriteRequest{}
	flush := func(table string) error {
		select {
		case work <- job{table: table, reqs: pending[table]}:
			pending[table] = nil
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	err := gen(func(t *dynamo.Table, it dynamo.Item) error {
		pending[t.Name] = append(pending[t.Name], req(it))
		if len(pending[t.Name]) == dynamo.MaxBatch {
			return flush(t.Name)
		}
		return nil
	})
	for name, reqs := range pending {
		if err == nil && len(reqs) > 0 {
			err = flush(name)
		}
	}
	close(work)
	wg.Wait()
	if err != nil {
		return err
	}
	return first
}
