package meta_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/metrics"
)

func insightsOn(t *testing.T) (*adplatform.Server, *meta.Insights, metrics.Pull) {
	t.Helper()
	sim := adplatform.StartTest(t, adplatform.Options{})
	app := sim.Options().MetaApp
	in := meta.NewInsights(meta.New(meta.Config{AppID: app.ClientID, AppSecret: app.ClientSecret, GraphURL: sim.MetaGraphURL() + "/" + meta.Version}), metrics.DefaultActionTypes)
	in.AsyncPoll = 5 * time.Millisecond
	a := sim.Accounts(adplatform.Meta)[0]
	today := sim.Today(a.ID)
	p := metrics.Pull{Conn: connector.Connection{OrgID: "org_x", ID: "con_x", Platform: connector.Meta, AccountID: a.ID, Currency: a.Currency, TimeZone: a.TimeZone},
		Tokens: connector.Tokens{Access: sim.IssueToken(adplatform.Meta, "ads_read").AccessToken}, Level: metrics.Ad, From: metrics.AddDays(today, -20), To: today}
	return sim, in, p
}

// TestReportRunRowsEqualTheSynchronousEdge: the rows of a 21-day range
// read through a report run (polled until complete, paged by cursor) are
// the rows the synchronous edge gives for the same range.
func TestReportRunRowsEqualTheSynchronousEdge(t *testing.T) {
	sim, in, p := insightsOn(t)
	in.PageSize = 7 // several pages of the run's rows
	collect := func() map[string]metrics.Counts {
		out := map[string]metrics.Counts{}
		if err := in.Rows(context.Background(), p, func(rows []metrics.Row) error {
			for _, r := range rows {
				if _, dup := out[r.ID()]; dup {
					t.Fatalf("row %s twice", r.ID())
				}
				out[r.ID()] = r.Counts
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	async := collect()
	if n := sim.CountRequests(http.MethodPost, "/insights"); n != 1 {
		t.Fatalf("%d report runs for a 21-day range, want 1", n)
	}
	in.AsyncDays = 30
	sync := collect()
	if n := sim.CountRequests(http.MethodPost, "/insights"); n != 1 {
		t.Fatalf("a range under AsyncDays started a report run")
	}
	if len(async) == 0 || len(async) != len(sync) {
		t.Fatalf("%d rows through the report run, %d synchronously", len(async), len(sync))
	}
	for k, v := range sync {
		if async[k] != v {
			t.Fatalf("%s: %+v through the report run, %+v synchronously", k, async[k], v)
		}
	}
}

// TestNoReportRunPastTheDeadline: with too little of the invocation left
// for a run, none is started and the pull fails as retryable.
func TestNoReportRunPastTheDeadline(t *testing.T) {
	sim, in, p := insightsOn(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := in.Rows(ctx, p, func([]metrics.Row) error { return nil })
	if !errors.Is(err, metrics.ErrUnavailable) {
		t.Fatalf("%v, want ErrUnavailable", err)
	}
	if n := sim.CountRequests(http.MethodPost, "/insights"); n != 0 {
		t.Fatalf("%d report runs started with 10 s left", n)
	}
}
