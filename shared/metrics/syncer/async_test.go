package syncer_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
)

// posts counts the report runs started and the synchronous insights pages
// read (GET act_{id}/insights).
func runsAndSyncReads(w *world) (runs, syncReads int) {
	for _, r := range w.sim.Requests() {
		if r.Platform != adplatform.Meta || r.Status != http.StatusOK {
			continue
		}
		switch {
		case r.Method == http.MethodPost && r.Path == "/meta/graph/v24.0/act_"+r.Account+"/insights":
			runs++
		case r.Method == http.MethodGet && r.Path == "/meta/graph/v24.0/act_"+r.Account+"/insights":
			syncReads++
		}
	}
	return runs, syncReads
}

// TestLargeRangesUseReportRuns: a 90-day Meta backfill in 14-day chunks
// pulls each full chunk with an asynchronous report run (polled, then
// paged) and only the short last chunk synchronously; the stored rows
// equal the simulator's to the micro, none twice, none missing.
func TestLargeRangesUseReportRuns(t *testing.T) {
	w := newWorld(t, adplatform.Options{Seed: 3}, syncer.Config{NoInsights: true}, connector.Meta)
	w.enqueue("2026120130")
	w.pump(invocation, nil)
	w.matchTruth(90)
	runs, reads := runsAndSyncReads(w)
	// 90 days: six chunks of 14 (over AsyncDays, 7) and one of 6, at three
	// levels, for each of the three accounts.
	if want := 6 * 3 * len(w.accounts); runs != want {
		t.Errorf("%d report runs started, want %d", runs, want)
	}
	if want := 1 * 3 * len(w.accounts); reads != want {
		t.Errorf("%d synchronous insights reads, want %d (the 6-day chunks)", reads, want)
	}
	if polls := w.sim.CountRequests(http.MethodGet, "/meta/graph/v24.0/6"); polls < 2*runs {
		t.Errorf("%d GETs of report runs for %d runs: want each polled and read", polls, runs)
	}
}

// TestFailedReportRunRetriedThenSplit: the first two report runs fail
// ("Job Failed"); the range is tried again, then split in two halves,
// each its own run; nothing is stored twice or skipped.
func TestFailedReportRunRetriedThenSplit(t *testing.T) {
	w := newWorld(t, adplatform.Options{Seed: 4}, syncer.Config{BackfillDays: 14, ChunkDays: 14, NoInsights: true}, connector.Meta)
	w.accounts = w.accounts[:1]
	w.insights.AsyncDays = 3
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.AsyncFail, Platform: adplatform.Meta, Account: w.accounts[0].AccountID, Times: 2})
	w.enqueue("2026120131")
	w.pump(invocation, nil)
	w.matchTruth(28)
	if fs := w.sim.Faults(); len(fs) != 0 {
		t.Errorf("faults left: %+v", fs)
	}
	// The window is Meta's 28-day lookback: two chunks of 14 days. The
	// first chunk's campaign level: two failed runs of 14 days, then 7 + 7;
	// every other level and chunk one run each.
	if runs, reads := runsAndSyncReads(w); runs != 4+2+3 || reads != 0 {
		t.Errorf("%d report runs and %d synchronous reads, want 9 and 0", runs, reads)
	}
}

// TestStuckReportRunsTimeOut: report runs that never finish ("Job
// Running" at 50% for ever) time out, are tried again and split, until the
// ranges are small enough for the synchronous edge: the sync still stores
// exactly the platform's rows.
func TestStuckReportRunsTimeOut(t *testing.T) {
	w := newWorld(t, adplatform.Options{Seed: 5}, syncer.Config{BackfillDays: 14, ChunkDays: 14, NoInsights: true}, connector.Meta)
	w.accounts = w.accounts[:1]
	w.insights.AsyncDays, w.insights.AsyncTimeout = 3, 150*time.Millisecond
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.AsyncStuck, Platform: adplatform.Meta, Account: w.accounts[0].AccountID})
	w.enqueue("2026120132")
	w.pump(invocation, nil)
	w.matchTruth(28)
	// Per level of each of the two 14-day chunks of the 28-day lookback:
	// 14 days twice, 7 + 7 twice each, then the 4-day halves twice each
	// (split into 2 + 2, read synchronously) and the 3-day halves read
	// synchronously: 10 runs and 6 reads.
	if runs, reads := runsAndSyncReads(w); runs != 2*3*10 || reads != 2*3*6 {
		t.Errorf("%d report runs and %d synchronous reads, want 60 and 36", runs, reads)
	}
}
