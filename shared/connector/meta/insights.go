package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/oautherr"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/platform/wait"
)

// Insights is the Marketing API's metrics side: /act_{id}/insights at
// campaign, adset and ad level, a day per row, paged by cursor; audience
// breakdowns at campaign level. It reads the usage headers after every
// call and slows down before the limit.
type Insights struct {
	*Client
	Actions metrics.ActionTypes
	// PageSize is the insights page limit (default 500).
	PageSize int
	// SlowAt is the usage (percent of any limit) above which each call
	// waits first: (usage-SlowAt)/(100-SlowAt) of MaxPause (default 75).
	SlowAt   int
	MaxPause time.Duration
	// Pause waits (tests record instead); default a timer honouring ctx.
	Pause func(ctx context.Context, d time.Duration) error
	// AsyncDays: a pull of more days than this runs as an asynchronous
	// report run (default 7); shorter ones use the synchronous edge.
	AsyncDays int
	// AsyncPoll is the first wait before polling a report run (default
	// 250 ms), doubling up to 5 s: polls count against the rate limits.
	AsyncPoll time.Duration
	// AsyncTimeout is how long a report run may stay unfinished before it
	// counts as timed out (default 30 s, and never past the invocation's
	// deadline less 15 s).
	AsyncTimeout time.Duration
	// AsyncTries is how many report runs a range gets (a failed or timed
	// out run is tried again) before it is split in two (default 2).
	AsyncTries int
	pace       atomic.Int64 // the wait before the next call, from the last usage headers
}

var _ metrics.Source = (*Insights)(nil)

// NewInsights fills the defaults.
func NewInsights(c *Client, actions metrics.ActionTypes) *Insights {
	if len(actions.Leads) == 0 && len(actions.Purchases) == 0 {
		actions = metrics.DefaultActionTypes
	}
	return &Insights{Client: c, Actions: actions, PageSize: 500, SlowAt: 75, MaxPause: 60 * time.Second, Pause: sleep,
		AsyncDays: 7, AsyncPoll: 250 * time.Millisecond, AsyncTimeout: 30 * time.Second, AsyncTries: 2}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	return wait.For(ctx, d)
}

// LoginCustomer: Meta has no managers in the path.
func (*Insights) LoginCustomer(context.Context, metrics.Pull) (string, error) { return "", nil }

var levelFields = map[metrics.Level]string{
	metrics.Campaign: "campaign_id,campaign_name",
	metrics.AdSet:    "campaign_id,campaign_name,adset_id,adset_name",
	metrics.Ad:       "campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name",
}

type action struct {
	Type  string `json:"action_type"`
	Value string `json:"value"`
}

type insightRow struct {
	DateStart    string   `json:"date_start"`
	CampaignID   string   `json:"campaign_id"`
	CampaignName string   `json:"campaign_name"`
	AdSetID      string   `json:"adset_id"`
	AdSetName    string   `json:"adset_name"`
	AdID         string   `json:"ad_id"`
	AdName       string   `json:"ad_name"`
	Spend        string   `json:"spend"`
	Impressions  string   `json:"impressions"`
	Reach        string   `json:"reach"`
	Clicks       string   `json:"clicks"`
	Actions      []action `json:"actions"`
	ActionValues []action `json:"action_values"`
	// Breakdown values.
	Age               string `json:"age"`
	Gender            string `json:"gender"`
	PublisherPlatform string `json:"publisher_platform"`
	PlatformPosition  string `json:"platform_position"`
}

func (in *Insights) counts(r insightRow) (metrics.Counts, error) {
	var c metrics.Counts
	var err error
	num := func(s string) int64 {
		if s == "" || err != nil {
			return 0
		}
		v, e := strconv.ParseInt(s, 10, 64)
		if e != nil {
			err = fmt.Errorf("meta: %q is not an integer", s)
		}
		return v
	}
	if r.Spend != "" {
		if c.SpendMicros, err = metrics.ParseMicros(r.Spend); err != nil {
			return c, err
		}
	}
	c.Impressions, c.Reach, c.Clicks = num(r.Impressions), num(r.Reach), num(r.Clicks)
	for _, a := range r.Actions {
		var dst *int64
		switch {
		case slices.Contains(in.Actions.Leads, a.Type):
			dst = &c.LeadsMilli
		case slices.Contains(in.Actions.Purchases, a.Type):
			dst = &c.ConversionsMilli
		default:
			continue
		}
		v, e := metrics.ParseMilli(a.Value)
		if e != nil {
			return c, e
		}
		*dst += v
	}
	for _, a := range r.ActionValues {
		if !slices.Contains(in.Actions.Purchases, a.Type) {
			continue
		}
		v, e := metrics.ParseMicros(a.Value)
		if e != nil {
			return c, e
		}
		c.ConversionValueMicros += v
	}
	return c, err
}

// Rows streams the account's daily rows at p.Level.
func (in *Insights) Rows(ctx context.Context, p metrics.Pull, fn func([]metrics.Row) error) error {
	fields, ok := levelFields[p.Level]
	if !ok {
		return fmt.Errorf("meta: level %q", p.Level)
	}
	return in.pages(ctx, p, string(p.Level), fields, "", func(raw []insightRow) error {
		rows := make([]metrics.Row, 0, len(raw))
		for _, r := range raw {
			c, err := in.counts(r)
			if err != nil {
				return err
			}
			row := metrics.Row{OrgID: p.Conn.OrgID, ConnectionID: p.Conn.ID, Platform: connector.Meta, AccountID: p.Conn.AccountID, Currency: p.Conn.Currency,
				Level: p.Level, CampaignID: r.CampaignID, CampaignName: r.CampaignName, Date: r.DateStart, Counts: c}
			switch p.Level {
			case metrics.Campaign:
				row.EntityID, row.EntityName = r.CampaignID, r.CampaignName
			case metrics.AdSet:
				row.EntityID, row.EntityName, row.AdSetID = r.AdSetID, r.AdSetName, r.AdSetID
			case metrics.Ad:
				row.EntityID, row.EntityName, row.AdSetID = r.AdID, r.AdName, r.AdSetID
			}
			rows = append(rows, row)
		}
		return fn(rows)
	})
}

// Insights streams campaign-level audience cells: age and gender, and
// placement (publisher platform and position).
func (in *Insights) Insights(ctx context.Context, p metrics.Pull, fn func([]metrics.Insight) error) error {
	for _, b := range []struct{ dim, breakdowns string }{{"age_gender", "age,gender"}, {"placement", "publisher_platform,platform_position"}} {
		err := in.pages(ctx, p, "campaign", "campaign_id", b.breakdowns, func(raw []insightRow) error {
			cells := make([]metrics.Insight, 0, len(raw))
			for _, r := range raw {
				c, err := in.counts(r)
				if err != nil {
					return err
				}
				seg := r.Age + "|" + r.Gender
				if b.dim == "placement" {
					seg = r.PublisherPlatform + "|" + r.PlatformPosition
				}
				c.Reach = 0 // reach is not additive over cells
				cells = append(cells, metrics.Insight{OrgID: p.Conn.OrgID, ConnectionID: p.Conn.ID, Platform: connector.Meta, AccountID: p.Conn.AccountID, Currency: p.Conn.Currency,
					CampaignID: r.CampaignID, Date: r.DateStart, Dimension: b.dim, Segment: seg, Counts: c})
			}
			return fn(cells)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (in *Insights) pages(ctx context.Context, p metrics.Pull, level, fields, breakdowns string, fn func([]insightRow) error) error {
	q := url.Values{
		"level": {level}, "time_increment": {"1"},
		"fields": {"date_start," + fields + ",spend,impressions,reach,clicks,actions,action_values"},
		"limit":  {strconv.Itoa(max(1, in.PageSize))},
	}
	if breakdowns != "" {
		q.Set("breakdowns", breakdowns)
	}
	return in.ranged(ctx, p, q, p.From, p.To, fn)
}

// ranged pulls the days from..to: synchronously when they are few, else
// with report runs; a range whose runs keep failing or timing out is
// split in two and each half pulled the same way, so a range is read
// whole or not at all (nothing is handed to fn before its run completed).
func (in *Insights) ranged(ctx context.Context, p metrics.Pull, q url.Values, from, to string, fn func([]insightRow) error) error {
	q = maps.Clone(q)
	q.Set("time_range", `{"since":"`+from+`","until":"`+to+`"}`)
	n := spanDays(from, to)
	if n <= max(in.AsyncDays, 0) {
		return in.read(ctx, p.Tokens.Access, in.c.GraphURL+"/act_"+url.PathEscape(p.Conn.AccountID)+"/insights", q, fn)
	}
	var failed error
	for range max(in.AsyncTries, 1) {
		timeout := in.AsyncTimeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		// A run may not outlast the invocation: one that could not finish
		// in the time left is not started (the job goes back to the queue
		// with its progress) rather than timed out and split for nothing.
		if dl, ok := ctx.Deadline(); ok {
			if left := time.Until(dl) - asyncMargin; left < timeout {
				if left < time.Second {
					return fmt.Errorf("meta: too little time left in this invocation for a report run: %w", metrics.ErrUnavailable)
				}
				timeout = left
			}
		}
		err := in.reportRun(ctx, p, q, timeout, fn)
		if !errors.Is(err, errRun) {
			return err
		}
		failed = err
	}
	if n == 1 {
		return fmt.Errorf("meta: %s: %w", failed.Error(), metrics.ErrUnavailable)
	}
	mid := metrics.AddDays(from, n/2-1)
	if err := in.ranged(ctx, p, q, from, mid, fn); err != nil {
		return err
	}
	return in.ranged(ctx, p, q, metrics.AddDays(mid, 1), to, fn)
}

func spanDays(from, to string) int {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return 1
	}
	return int(t.Sub(f).Hours()/24) + 1
}

// asyncMargin is the time a report run leaves before the invocation's
// deadline, to read its rows and save progress.
const asyncMargin = 15 * time.Second

// errRun: a report run failed, was skipped or did not finish in time;
// another run (or a smaller range) may succeed.
var errRun = errors.New("report run did not complete")

// reportRun starts an asynchronous report run (POST act_{id}/insights),
// polls it (GET /{report_run_id}: async_status, async_percent_completion)
// with a doubling wait until it completes, fails or times out, and reads
// its rows (GET /{report_run_id}/insights, paged by cursor).
func (in *Insights) reportRun(ctx context.Context, p metrics.Pull, q url.Values, timeout time.Duration, fn func([]insightRow) error) error {
	form := maps.Clone(q)
	form.Del("limit")
	var started struct {
		ID string `json:"report_run_id"`
	}
	if err := in.send(ctx, p.Tokens.Access, http.MethodPost, in.c.GraphURL+"/act_"+url.PathEscape(p.Conn.AccountID)+"/insights", form, &started); err != nil {
		return err
	}
	if started.ID == "" {
		return fmt.Errorf("meta: insights: no report_run_id: %w", metrics.ErrUnavailable)
	}
	run := in.c.GraphURL + "/" + url.PathEscape(started.ID)
	wait, deadline := in.AsyncPoll, time.Now().Add(timeout)
	if wait <= 0 {
		wait = 250 * time.Millisecond
	}
	for {
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("report run %s unfinished after %s: %w", started.ID, timeout.Round(time.Millisecond), errRun)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, 5*time.Second)
		var st struct {
			Status  string `json:"async_status"`
			Percent int    `json:"async_percent_completion"`
		}
		if err := in.send(ctx, p.Tokens.Access, http.MethodGet, run+"?fields=id,async_status,async_percent_completion", nil, &st); err != nil {
			return err
		}
		switch st.Status {
		case "Job Completed":
			if st.Percent < 100 {
				continue // Meta can say completed a moment before the rows are ready
			}
			return in.read(ctx, p.Tokens.Access, run+"/insights", url.Values{"limit": q["limit"]}, fn)
		case "Job Failed", "Job Skipped":
			return fmt.Errorf("report run %s: %s: %w", started.ID, st.Status, errRun)
		}
	}
}

// read pages through an insights edge (the account's, or a completed
// report run's), handing each page to fn as it arrives.
func (in *Insights) read(ctx context.Context, token, base string, q url.Values, fn func([]insightRow) error) error {
	q = maps.Clone(q)
	for {
		var page struct {
			Data   []insightRow `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := in.send(ctx, token, http.MethodGet, base+"?"+q.Encode(), nil, &page); err != nil {
			return err
		}
		if err := fn(page.Data); err != nil {
			return err
		}
		// The cursor, not paging.next: next repeats the query string
		// (with any token in it) and points wherever Meta likes.
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			return nil
		}
		q.Set("after", page.Paging.Cursors.After)
	}
}

// throttleCodes are Meta's rate-limit error codes.
func throttleCode(code int) bool {
	return code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014)
}

// usage is the highest percentage in the usage headers, and the longest
// estimated_time_to_regain_access (minutes) any of them gives.
func usage(h http.Header) (pct int, regain time.Duration) {
	var app map[string]float64
	if json.Unmarshal([]byte(h.Get("x-app-usage")), &app) == nil {
		for _, v := range app {
			pct = max(pct, int(v))
		}
	}
	var acc map[string]any
	if json.Unmarshal([]byte(h.Get("x-ad-account-usage")), &acc) == nil {
		if v, ok := acc["acc_id_util_pct"].(float64); ok {
			pct = max(pct, int(v))
		}
	}
	var buc map[string][]map[string]any
	if json.Unmarshal([]byte(h.Get("x-business-use-case-usage")), &buc) == nil {
		for _, l := range buc {
			for _, e := range l {
				for _, k := range []string{"call_count", "total_cputime", "total_time"} {
					if v, ok := e[k].(float64); ok {
						pct = max(pct, int(v))
					}
				}
				if v, ok := e["estimated_time_to_regain_access"].(float64); ok {
					regain = max(regain, time.Duration(v)*time.Minute)
				}
			}
		}
	}
	return pct, regain
}

// send makes one Graph call (a GET of u, or a POST of form to u): first
// the pause the last usage asked for, then the request; errors are
// classified for the sync.
func (in *Insights) send(ctx context.Context, token, method, u string, form url.Values, v any) error {
	if err := in.Pause(ctx, time.Duration(in.pace.Load())); err != nil {
		return err
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := in.c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("meta: insights: %s: %w", oautherr.Safe(err), metrics.ErrUnavailable)
	}
	defer resp.Body.Close()
	pct, regain := usage(resp.Header)
	var pace time.Duration
	if pct > in.SlowAt && in.SlowAt < 100 {
		pace = time.Duration(float64(in.MaxPause) * float64(min(pct, 100)-in.SlowAt) / float64(100-in.SlowAt))
	}
	in.pace.Store(int64(pace))
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return fmt.Errorf("meta: insights: HTTP %d: %w", resp.StatusCode, metrics.ErrUnavailable)
	}
	if resp.StatusCode >= 300 {
		var ge graphError
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&ge)
		switch {
		case ge.Error.Code == 190:
			return connector.ErrReauth
		case throttleCode(ge.Error.Code):
			in.pace.Store(0) // the sync waits out the estimate itself
			return &metrics.Throttled{RetryAfter: max(regain, time.Minute), Code: "meta " + strconv.Itoa(ge.Error.Code)}
		case ge.Error.Code == 1 || ge.Error.Code == 2:
			return fmt.Errorf("meta: insights: code %d: %w", ge.Error.Code, metrics.ErrUnavailable)
		}
		return fmt.Errorf("meta: insights: HTTP %d, code %d: %s", resp.StatusCode, ge.Error.Code, strings.TrimSpace(ge.Error.Message))
	}
	if regain > pace {
		in.pace.Store(int64(regain))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("meta: insights: bad JSON: %w", metrics.ErrUnavailable)
	}
	return nil
}
