package sweep_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

type recordedFiles struct {
	mu   sync.Mutex
	keys []string
}

func (f *recordedFiles) DeleteObjects(_ context.Context, keys []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.keys = append(f.keys, keys...)
	return nil
}

type fixture struct {
	clk    *fake.Clock
	tables map[retention.Category]*dynamo.Table
	s      sweep.Sweeper
	files  *recordedFiles
}

func newFixture(t *testing.T, start time.Time) *fixture {
	clk := fake.NewClock(start)
	f := &fixture{clk: clk, tables: map[retention.Category]*dynamo.Table{}, files: &recordedFiles{}}
	var all []*dynamo.Table
	for _, c := range []retention.Category{retention.Account, retention.Analytics, retention.Logs, retention.Marketing, retention.Billing, retention.Privacy} {
		tb := testenv.Table(t, c)
		tb.Now = clk.Now
		f.tables[c] = tb
		all = append(all, tb)
	}
	privacy := f.tables[retention.Privacy]
	f.s = sweep.Sweeper{Tables: all, Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)), Checkpoints: &fake.Checkpoints{},
		Files: f.files, Log: logging.New(&bytes.Buffer{}, "INFO"), Now: clk.Now}
	f.sweep(t) // each table's first run (a scan of an empty table) sets its checkpoint
	return f
}

func (f *fixture) sweep(t *testing.T) map[retention.Category]sweep.TableResult {
	t.Helper()
	res, err := f.s.Handle(context.Background(), sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[retention.Category]sweep.TableResult{}
	for _, r := range res {
		out[retention.Category(r.Category)] = r
	}
	return out
}

// present reads an item past the expiry filter (what the sweep leaves).
func present(t *testing.T, tb *dynamo.Table, pk, sk string) bool {
	t.Helper()
	return testenv.Stored(t, tb, dynamo.Key(pk, sk)) != nil
}

// Per category: readable the day before its limit, invisible to reads after
// it, gone after the sweep, which reads only the due items.
func TestEachCategoryExpiresOnItsSchedule(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		c     retention.Category
		limit time.Time
	}{
		{retention.Account, t0.AddDate(3, 0, 0)},   // relationship ended at t0: + 3 years
		{retention.Analytics, t0.AddDate(2, 0, 0)}, // 2 years
		{retention.Logs, t0.AddDate(1, 0, 0)},      // 1 year
		{retention.Billing, t0.AddDate(7, 0, 0)},   // 7 years
		{retention.Privacy, t0.AddDate(0, 24, 0)},  // 24 months
		{retention.Marketing, t0},                  // unsubscribed at t0: right away
	}
	for _, tc := range cases {
		t.Run(string(tc.c), func(t *testing.T) {
			f := newFixture(t, t0.Add(-time.Hour))
			tb := f.tables[tc.c]
			f.clk.Set(t0)
			if err := tb.Put(ctx, dynamo.Key("ITEM#1", "A"), dynamo.Expiry{At: t0}, nil); err != nil {
				t.Fatal(err)
			}
			keep := dynamo.Key("ITEM#2", "B") // a later item, not due yet
			if err := tb.Put(ctx, keep, dynamo.Expiry{At: tc.limit.Add(-tc.limit.Sub(t0)).AddDate(0, 0, 2)}, nil); err != nil {
				t.Fatal(err)
			}
			if tc.c != retention.Marketing {
				f.clk.Set(tc.limit.Add(-24 * time.Hour))
				if _, ok, err := tb.Get(ctx, dynamo.Key("ITEM#1", "A"), true); err != nil || !ok {
					t.Fatalf("the day before its limit the item is not readable: %v", err)
				}
				if r := f.sweep(t)[tc.c]; r.Deleted != 0 {
					t.Fatalf("swept before its limit: %+v", r)
				}
			}
			f.clk.Set(tc.limit.Add(time.Second))
			if _, ok, err := tb.Get(ctx, dynamo.Key("ITEM#1", "A"), true); err != nil || ok {
				t.Fatalf("after its limit the item is still readable: %v", err)
			}
			if !present(t, tb, "ITEM#1", "A") {
				t.Fatal("gone before the sweep")
			}
			r := f.sweep(t)[tc.c]
			if r.Deleted != 1 || r.Read != 1 {
				t.Fatalf("sweep after the limit: %+v, want 1 deleted of 1 read", r)
			}
			if present(t, tb, "ITEM#1", "A") || !present(t, tb, "ITEM#2", "B") {
				t.Fatal("the sweep left the expired item or took the live one")
			}
		})
	}
}

// Billing records survive the account's deletion for 7 years; one marked
// for anonymization keeps its anonymous part; files go with their record.
func TestBillingSurvivesAccountDeletionAndFilesFollowRecords(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f := newFixture(t, t0)
	acct, bill := f.tables[retention.Account], f.tables[retention.Billing]
	// The organization's relationship ended at t0.
	asset := dynamo.Key("ORG#o1", "CONTENT#1")
	asset[dynamo.Objects] = &dynamo.SS{Value: []string{"assets/o1/1.png", "assets/o1/1-thumb.png"}}
	for _, it := range []dynamo.Item{dynamo.Key("ORG#o1", "ORG"), asset} {
		if err := acct.Put(ctx, it, dynamo.Expiry{At: t0}, nil); err != nil {
			t.Fatal(err)
		}
	}
	inv := dynamo.Key("ORG#o1", "INVOICE#1")
	inv["amount"], inv["billingName"] = dynamo.N(100), dynamo.S("Glow Med Spa LLC")
	inv[sweep.Anonymize] = &dynamo.SS{Value: []string{"billingName"}}
	if err := bill.Put(ctx, inv, dynamo.Expiry{At: t0}, nil); err != nil {
		t.Fatal(err)
	}
	f.clk.Set(t0.AddDate(3, 0, 1))
	r := f.sweep(t)
	if r[retention.Account].Deleted != 2 || r[retention.Account].Files != 2 || present(t, acct, "ORG#o1", "ORG") {
		t.Fatalf("account not deleted after 3 years: %+v", r[retention.Account])
	}
	got := slices.Sorted(slices.Values(f.files.keys))
	if !slices.Equal(got, []string{"assets/o1/1-thumb.png", "assets/o1/1.png"}) {
		t.Fatalf("files deleted with the record: %v", got)
	}
	if !present(t, bill, "ORG#o1", "INVOICE#1") {
		t.Fatal("billing record deleted with the account")
	}
	f.clk.Set(t0.AddDate(7, 0, -1))
	if _, ok, _ := bill.Get(ctx, dynamo.Key("ORG#o1", "INVOICE#1"), true); !ok {
		t.Fatal("billing record unreadable before 7 years")
	}
	f.clk.Set(t0.AddDate(7, 0, 1))
	if r := f.sweep(t)[retention.Billing]; r.Anonymized != 1 {
		t.Fatalf("billing after 7 years: %+v", r)
	}
	anon := testenv.Stored(t, bill, dynamo.Key("ORG#o1", "INVOICE#1"))
	if anon == nil || anon["billingName"] != nil || anon[dynamo.ExpiresAt] != nil || dynamo.Int(anon, "amount") != 100 {
		t.Fatalf("anonymized invoice: %v", anon)
	}
}
