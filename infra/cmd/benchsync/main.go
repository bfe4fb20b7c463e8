// Command benchsync measures the metric sync (make bench-sync): a large
// Meta ad account (200 ads, 365 days, all three levels) is synced from
// the ad-platform simulator into a fresh copy of the analytics table, and
// in the same run the emulator's raw BatchWriteItem throughput (the same
// number of items of the same shape, on the same number of workers) is
// measured as the ceiling. The last line is
//
//	bench-sync rows=<n> rows_per_s=<x> ceiling_rows_per_s=<y> ratio=<x/y> peak_rss_mib=<m>
//
// Each 31-day chunk is pulled with a Meta report run (the simulator's
// complete at the first poll, polled after 10 ms), and read by cursor;
// pacing by the usage headers is off, as the simulator's usage never decays.
//
// -ads and -days make it smaller (make bench-sync BENCH_SYNC_FLAGS="-ads 40 -days 60").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/medspa-ai/backend/infra/benchkit"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	ads := flag.Int("ads", 200, "ads in the account (5 per ad set, 4 ad sets per campaign)")
	days := flag.Int("days", 365, "days synced (at most 365)")
	workers := flag.Int("workers", 8, "concurrent BatchWriteItem calls, for the sync and the ceiling alike")
	flag.Parse()
	if err := run(*ads, min(*days, adplatform.DataDays), *workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench-sync:", err)
		os.Exit(1)
	}
}

func run(ads, days, workers int) error {
	ctx := context.Background()
	_, st, db, prefix, err := benchkit.Provision(ctx, "bsync")
	if err != nil {
		return err
	}
	defer benchkit.DropTables(db, prefix)
	account, err := st.Table(db, retention.Account)
	if err != nil {
		return err
	}
	analytics, err := st.Table(db, retention.Analytics)
	if err != nil {
		return err
	}

	// Report runs complete at their first poll: the platform's time to
	// build a report is not ours to measure.
	sim, err := adplatform.New(adplatform.Options{BenchAds: ads, AsyncPolls: -1}).Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer sim.Close()
	acct, _ := sim.Account(adplatform.BenchAccountID)
	httpc := &http.Client{Timeout: 5 * time.Minute}
	app := sim.Options()
	mc := meta.New(meta.Config{AppID: app.MetaApp.ClientID, AppSecret: app.MetaApp.ClientSecret, GraphURL: sim.MetaGraphURL() + "/" + meta.Version, HTTP: httpc})
	src := meta.NewInsights(mc, metrics.DefaultActionTypes)
	src.PageSize = 5000
	src.AsyncPoll = 10 * time.Millisecond // each 31-day chunk is a report run (over AsyncDays)
	// The simulator's usage headers only climb (a real account's decay
	// over the hour), so after 75 calls the client would pace itself by up
	// to a minute a call: the platform's rate limit is not ours to measure.
	src.SlowAt = 100
	tok := sim.IssueToken(adplatform.Meta, "ads_read")

	conns, err := connectordb.New(account)
	if err != nil {
		return err
	}
	vault := connector.NewVault(fake.Cipher{})
	org := ids.New("org")
	c := connector.Connection{OrgID: org, ID: ids.ConnectionID(org, "meta", acct.ID), Platform: connector.Meta, AccountID: acct.ID, AccountName: acct.Name,
		Currency: acct.Currency, TimeZone: acct.TimeZone, Status: connector.Active, ConnectedBy: "usr_bench", ConnectedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
	if c.Sealed, err = vault.Seal(ctx, org, c.ID, connector.Tokens{Access: tok.AccessToken}); err != nil {
		return err
	}
	if err := conns.Save(ctx, []connector.Connection{c}); err != nil {
		return err
	}
	store, err := metricsdb.New(analytics)
	if err != nil {
		return err
	}
	store.Writers = workers
	s := &syncer.Syncer{Connections: conns, Tokens: connector.Service{Store: conns, Vault: vault, Providers: connector.StaticProviders(mc, google.New(google.Config{}))},
		Sources: syncer.StaticSources(src), Store: store, Log: logging.New(io.Discard, "ERROR"),
		Config: syncer.Config{BackfillDays: days, ChunkDays: 31, NoInsights: true}}

	start := time.Now()
	res, err := s.Run(ctx, jobs.Sync{OrgID: org, ConnectionID: c.ID, Platform: connector.Meta, Slot: "bench"})
	if err != nil {
		return err
	}
	if !res.Done {
		return errors.New("the sync did not finish")
	}
	took := time.Since(start)
	rate := float64(res.Rows) / took.Seconds()
	fmt.Printf("sync: %d rows (%d ads, %d days, 3 levels) in %s\n", res.Rows, ads, days, took.Round(time.Millisecond))

	cdur, err := ceiling(ctx, db, analytics.Name, res.Rows, workers)
	if err != nil {
		return err
	}
	crate := float64(res.Rows) / cdur.Seconds()
	fmt.Printf("ceiling: %d raw BatchWriteItem puts on %d workers in %s\n", res.Rows, workers, cdur.Round(time.Millisecond))
	fmt.Printf("bench-sync rows=%d rows_per_s=%.0f ceiling_rows_per_s=%.0f ratio=%.2f peak_rss_mib=%d\n", res.Rows, rate, crate, rate/crate, benchkit.PeakRSSMiB())
	return nil
}

// ceiling puts n items shaped like metric rows (same attributes, sizes and
// key layout, another organization) with plain BatchWriteItem calls.
func ceiling(ctx context.Context, db *dynamodb.Client, table string, n, workers int) (time.Duration, error) {
	items := make(chan []types.WriteRequest)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for reqs := range items {
				for len(reqs) > 0 {
					out, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
					if err != nil {
						mu.Lock()
						first = errors.Join(first, err)
						mu.Unlock()
						break
					}
					reqs = out.UnprocessedItems[table]
				}
			}
		}()
	}
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	num := func(v int) types.AttributeValue { return &types.AttributeValueMemberN{Value: strconv.Itoa(v)} }
	var batch []types.WriteRequest
	day0 := time.Now().UTC()
	for i := range n {
		d := day0.AddDate(0, 0, -(i % 365)).Format(time.DateOnly)
		ent := fmt.Sprintf("12049%010d", i/365)
		it := map[string]types.AttributeValue{
			"pk": s("MET#org_ceiling#ad#" + d[:7]), "sk": s(d + "#meta#129999999999999#" + ent), "org": s("org_ceiling"), "conn": s("con_ceilingaaaaaaaaaaaaaaaa"),
			"plat": s("meta"), "acct": s("129999999999999"), "cur": s("USD"), "lvl": s("ad"), "eid": s(ent), "name": s("Ad 1 before-after carousel"),
			"cid": s("120200000000001"), "cname": s("Botox & Fillers – Bench Med Spa Chicago"), "asid": s("120300000000001"), "date": s(d),
			"spend": num(123450000 + i), "impr": num(4000 + i%1000), "reach": num(3000), "clicks": num(40), "leads": num(3000), "conv": num(1000), "value": num(250000000),
			"category": s("analytics"), "expiresAt": num(int(day0.AddDate(2, 0, 0).Unix())), "expBucket": s(day0.AddDate(2, 0, 0).Format("2006-01") + "#" + strconv.Itoa(i%8)),
		}
		batch = append(batch, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		if len(batch) == dynamo.MaxBatch || i == n-1 {
			items <- batch
			batch = nil
		}
	}
	close(items)
	wg.Wait()
	return time.Since(start), first
}
