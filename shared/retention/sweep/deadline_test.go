package sweep_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

// slowIndex is the emulator's client, counting the deletes it is sent;
// after stallAfter pages of due items it holds the next one back for
// stall, as a slow read late in a long run would: the Lambda's time then
// runs short mid-sweep.
type slowIndex struct {
	*dynamodb.Client
	mu         sync.Mutex
	pages      int
	stallAfter int
	stall      time.Duration
	deletes    map[string]int
}

func (s *slowIndex) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	out, err := s.Client.Query(ctx, in, opts...)
	if err == nil && aws.ToString(in.IndexName) == dynamo.ExpiryIndex && len(out.Items) > 0 {
		s.mu.Lock()
		s.pages++
		wait := s.stallAfter > 0 && s.pages == s.stallAfter+1
		s.mu.Unlock()
		if wait {
			time.Sleep(s.stall)
		}
	}
	return out, err
}

func (s *slowIndex) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	out, err := s.Client.BatchWriteItem(ctx, in, opts...)
	if err == nil {
		s.mu.Lock()
		for _, reqs := range in.RequestItems {
			for _, r := range reqs {
				if r.DeleteRequest != nil {
					s.deletes[dynamo.String(r.DeleteRequest.Key, dynamo.PK)+"|"+dynamo.String(r.DeleteRequest.Key, dynamo.SK)]++
				}
			}
		}
		for _, reqs := range out.UnprocessedItems {
			for _, r := range reqs {
				if r.DeleteRequest != nil {
					s.deletes[dynamo.String(r.DeleteRequest.Key, dynamo.PK)+"|"+dynamo.String(r.DeleteRequest.Key, dynamo.SK)]--
				}
			}
		}
		s.mu.Unlock()
	}
	return out, err
}

// TestDeadlineInterruptedSweepResumes: the Lambda's time runs short in the
// middle of a table's sweep. The run stops, says incomplete and leaves the
// checkpoint; the next run resumes and reads only what is left. Every due
// item is deleted exactly once across the two runs, every live item stays,
// and the counts add up exactly.
func TestDeadlineInterruptedSweepResumes(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 2, 3, 8, 0, 0, 0, time.UTC)
	f := newFixture(t, t0)
	logs := f.tables[retention.Logs]
	client, ok := logs.DB.(*dynamodb.Client)
	if !ok {
		t.Fatalf("the table's client is %T", logs.DB)
	}
	const due, live = 1200, 300
	items := make([]dynamo.Item, 0, due+live)
	put := func(it dynamo.Item, at time.Time) {
		if err := logs.Stamp(it, dynamo.Expiry{At: at}); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	for i := range due {
		put(dynamo.Key(fmt.Sprintf("REQ#usr_%04d", i), "2026-02-03T08:00:00Z#req"), t0)
	}
	for i := range live {
		put(dynamo.Key(fmt.Sprintf("REQ#usr_live%04d", i), "2026-05-01T08:00:00Z#req"), t0.AddDate(0, 3, 0))
	}
	testenv.Seed(t, logs, items...)
	slow := &slowIndex{Client: client, stallAfter: 2, stall: 15 * time.Second, deletes: map[string]int{}}
	logs.DB = slow
	f.s.Tables = []*dynamo.Table{logs}
	f.s.Reserve = 10 * time.Minute
	cps := f.s.Checkpoints.(*fake.Checkpoints)
	before, _, _ := cps.Load(ctx, logs.Name)

	// A year and a day later the first 1,200 are due. The run's deadline
	// leaves 10 s beyond the reserve (two pages in time on a slow machine);
	// the third page, held back 15 s, arrives too late.
	f.clk.Set(t0.AddDate(1, 0, 1))
	short, cancel := context.WithDeadline(ctx, time.Now().Add(f.s.Reserve+10*time.Second))
	res, err := f.s.Handle(short, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	first := res[0]
	if !first.Incomplete || first.Deleted == 0 || first.Deleted >= due {
		t.Fatalf("the interrupted run: %+v", first)
	}
	if after, _, _ := cps.Load(ctx, logs.Name); !after.Equal(before) {
		t.Fatalf("an incomplete run moved the checkpoint from %v to %v", before, after)
	}
	// The next day's run, with all the time it needs.
	slow.stallAfter = 0
	f.clk.Set(t0.AddDate(1, 0, 2))
	second := f.sweep(t)[retention.Logs]
	if second.Incomplete || first.Deleted+second.Deleted != due || second.Read != due-first.Deleted {
		t.Fatalf("the resumed run: %+v after %+v; want the remaining %d read and deleted", second, first, due-first.Deleted)
	}
	if len(slow.deletes) != due {
		t.Fatalf("%d distinct items deleted, want %d", len(slow.deletes), due)
	}
	for k, n := range slow.deletes {
		if n != 1 {
			t.Fatalf("%s deleted %d times", k, n)
		}
	}
	if after, _, _ := cps.Load(ctx, logs.Name); !after.After(before) {
		t.Fatal("the complete run did not move the checkpoint")
	}
	for i := range live {
		if !present(t, logs, fmt.Sprintf("REQ#usr_live%04d", i), "2026-05-01T08:00:00Z#req") {
			t.Fatalf("live item %d deleted", i)
		}
	}
	for _, i := range []int{0, due / 2, due - 1} {
		if present(t, logs, fmt.Sprintf("REQ#usr_%04d", i), "2026-02-03T08:00:00Z#req") {
			t.Fatalf("due item %d left", i)
		}
	}
	// The days' tallies (what the retention report reads) add up exactly.
	counts, err := f.s.Audit.(audit.Counter).Counts(ctx, t0.AddDate(1, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	d1, d2 := counts[t0.AddDate(1, 0, 1).Format(time.DateOnly)]["logs"]["sweep"], counts[t0.AddDate(1, 0, 2).Format(time.DateOnly)]["logs"]["sweep"]
	if d1 != first.Deleted || d2 != second.Deleted {
		t.Fatalf("tallies %d and %d, want %d and %d", d1, d2, first.Deleted, second.Deleted)
	}
	// A third run finds nothing: nothing is read twice.
	if third := f.sweep(t)[retention.Logs]; third.Deleted != 0 || third.Read != 0 {
		t.Fatalf("a run after completion: %+v", third)
	}
	t.Logf("interrupted run deleted %d (read %d), resumed run deleted %d (read %d)", first.Deleted, first.Read, second.Deleted, second.Read)
}
