// Package syncer is the sync worker's use case: one job pulls a
// connection's daily metrics for a window of its ad account's days and
// stores them, resuming from saved per-day progress.
//
// The window of a scheduled job is the lookback (Meta 28 days, Google the
// conversion window, 30 by default) ending on the account's today, widened
// to the backfill (90 days by default, at most what the platform keeps and
// we may keep) until a backfill has finished. Each run overwrites what it
// pulls, so the saved progress never hides the lookback. A run is worked
// through in chunks of days; after each chunk its next day is saved, and
// when the invocation's time runs short the rest goes back on the queue as
// a continuation job.
package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/platform/wait"
)

// Sender puts one job on the sync queue.
type Sender interface {
	SendOne(ctx context.Context, job any) error
}

// Tokens gives a connection's tokens (connector.Service.Tokens); Renewed
// refreshes them whatever their expiry (connector.Service.Renewed).
type Tokens interface {
	Tokens(ctx context.Context, c connector.Connection) (connector.Tokens, error)
	Renewed(ctx context.Context, c connector.Connection) (connector.Tokens, error)
}

// Config tunes the sync; zero fields take the defaults.
type Config struct {
	// BackfillDays is a new connection's range (default 90).
	BackfillDays int
	// MetaLookbackDays (default 28) and GoogleLookbackDays (the conversion
	// window, default 30) are re-pulled every run.
	MetaLookbackDays, GoogleLookbackDays int
	// ChunkDays is how many days one step pulls before saving progress
	// (default 14).
	ChunkDays int
	// Margin is the time kept free before the invocation's deadline
	// (default 20 s), on top of the longest step so far.
	Margin time.Duration
	// Attempts bounds the tries of one call on throttling or 5xx (default 6).
	Attempts int
	// Insights pulls the audience breakdowns too (default on; Off to skip).
	NoInsights bool
}

// Sources gives the platforms' metric sources (built once the app
// credentials are read).
type Sources func(ctx context.Context) (map[connector.Platform]metrics.Source, error)

// StaticSources always returns ss.
func StaticSources(ss ...metrics.Source) Sources {
	m := map[connector.Platform]metrics.Source{}
	for _, s := range ss {
		m[s.Platform()] = s
	}
	return func(context.Context) (map[connector.Platform]metrics.Source, error) { return m, nil }
}

// PlatformMonths is how far back the platforms keep daily metrics (about
// 37 months).
const PlatformMonths = 37

// Syncer runs sync jobs.
type Syncer struct {
	Connections connector.Store
	Tokens      Tokens
	Sources     Sources
	Store       metrics.Store
	Queue       Sender
	Log         *slog.Logger
	Config      Config
	// Now and Sleep are the clock (tests replace them).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

func (s *Syncer) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Syncer) sleep(ctx context.Context, d time.Duration) error {
	if s.Sleep != nil {
		return s.Sleep(ctx, d)
	}
	return wait.For(ctx, d)
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.BackfillDays, 90)
	def(&c.MetaLookbackDays, 28)
	def(&c.GoogleLookbackDays, 30)
	def(&c.ChunkDays, 14)
	def(&c.Attempts, 6)
	if c.Margin <= 0 {
		c.Margin = 20 * time.Second
	}
	return c
}

// ErrBusy: another job holds the connection's lease; SQS delivers this
// one again later.
var ErrBusy = errors.New("syncer: another sync of this connection is running")

var errNoTime = errors.New("syncer: too little time left in this invocation; the job is delivered again")

// Earliest is the first day a sync may ask for: the platforms keep about
// 37 months, and analytics are kept 2 years from their day, so an older
// row would be expired when written.
func Earliest(today string) string {
	t, _ := time.Parse(time.DateOnly, today)
	return metrics.MaxDay(t.AddDate(0, -PlatformMonths, 0).Format(time.DateOnly), t.AddDate(-2, 0, 1).Format(time.DateOnly))
}

// Result says what a job did (for logs and tests).
type Result struct {
	Rows, Insights int
	// Deleted counts stored rows and cells the platform no longer reports
	// for the days pulled.
	Deleted   int
	From, To  string
	Done      bool
	Continued bool
}

// Handle runs one job (the worker's Work).
func (s *Syncer) Handle(ctx context.Context, job jobs.Sync) error {
	_, err := s.Run(ctx, job)
	return err
}

// Run runs one job and says what it did.
func (s *Syncer) Run(ctx context.Context, job jobs.Sync) (Result, error) {
	cfg := s.Config.withDefaults()
	log := s.Log.With("orgId", job.OrgID, "connectionId", job.ConnectionID, "slot", job.Slot)
	log.InfoContext(ctx, "sync job accepted", "platform", string(job.Platform), "since", job.Since, "until", job.Until)
	conn, err := s.Connections.Get(ctx, job.OrgID, job.ConnectionID)
	if errors.Is(err, connector.ErrNotFound) {
		log.WarnContext(ctx, "sync job dropped: the connection no longer exists")
		return Result{}, nil
	}
	if err != nil {
		return Result{}, err
	}
	if !conn.Status.Synced() {
		// needs_reauth, disabled, revoked: nothing to pull, nothing to retry.
		log.InfoContext(ctx, "sync job dropped: the connection is not synced", "status", string(conn.Status))
		return Result{}, nil
	}
	sources, err := s.Sources(ctx)
	if err != nil {
		return Result{}, err
	}
	src, ok := sources[conn.Platform]
	if !ok {
		return Result{}, fmt.Errorf("syncer: no source for %s", conn.Platform)
	}
	st, err := s.Store.State(ctx, job.OrgID, job.ConnectionID)
	if err != nil {
		return Result{}, err
	}
	now := s.now()
	lease := job.Key()
	// A redelivery of the same job takes its own lease back at once (its
	// worker was killed); any other job waits for the lease to lapse.
	if st.LeaseID != "" && st.LeaseID != lease && st.LeaseUntil.After(now) {
		return Result{}, ErrBusy
	}
	today := metrics.Today(now, conn.TimeZone)
	st.Run = s.window(cfg, job, conn, st, today)
	st.LeaseID, st.LeaseUntil = lease, s.leaseUntil(ctx, now)
	if st, err = s.Store.SaveState(ctx, st); err != nil {
		if errors.Is(err, metrics.ErrConflict) {
			return Result{}, ErrBusy
		}
		return Result{}, err
	}
	res := Result{From: st.Run.From, To: st.Run.To}
	r := &run{s: s, cfg: cfg, conn: conn, src: src, st: st, log: log}
	err = r.work(ctx, job, &res)
	switch {
	case errors.Is(err, connector.ErrReauth):
		// The connection is needs_reauth now; retrying cannot help.
		log.WarnContext(ctx, "sync stopped: the platform refused the authorization")
		r.release(ctx)
		return res, nil
	case errors.Is(err, errNoTime):
		log.InfoContext(ctx, "sync deferred: too little time left in this invocation", "next", r.st.Run.Next)
		r.release(ctx)
		return res, err
	case err != nil:
		log.ErrorContext(ctx, "sync failed; progress kept", "error", err.Error(), "next", r.st.Run.Next)
		r.release(ctx)
		r.noteError(ctx, err)
		return res, err
	}
	log.InfoContext(ctx, "sync done", "rows", res.Rows, "insights", res.Insights, "deleted", res.Deleted, "from", res.From, "to", res.To, "continued", res.Continued)
	return res, nil
}

func (s *Syncer) leaseUntil(ctx context.Context, now time.Time) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return d.UTC().Add(time.Minute)
	}
	return now.Add(15 * time.Minute)
}

// window is the run the job does: a continuation or redelivery resumes
// its own run; a new job covers its window and whatever an unfinished
// run still had to do.
func (s *Syncer) window(cfg Config, job jobs.Sync, conn connector.Connection, st metrics.State, today string) *metrics.Run {
	earliest := Earliest(today)
	if st.Run != nil && st.Run.Slot == job.Slot {
		return st.Run
	}
	from, to := job.Since, job.Until
	backfill := false
	if from == "" {
		lookback := cfg.MetaLookbackDays
		if conn.Platform == connector.Google {
			lookback = cfg.GoogleLookbackDays
		}
		from = metrics.AddDays(today, -(lookback - 1))
		start := metrics.AddDays(today, -(cfg.BackfillDays - 1))
		if st.BackfilledFrom == "" || st.BackfilledFrom > start {
			from, backfill = metrics.MinDay(from, start), true
		}
	}
	if to == "" || to > today {
		to = today
	}
	from = metrics.MaxDay(from, earliest)
	if st.Run != nil {
		from, to = metrics.MinDay(from, st.Run.Next), metrics.MaxDay(to, st.Run.To)
		backfill = backfill || st.Run.Backfill
	}
	return &metrics.Run{Slot: job.Slot, From: from, To: to, Next: from, Backfill: backfill}
}

type run struct {
	s       *Syncer
	cfg     Config
	conn    connector.Connection
	src     metrics.Source
	st      metrics.State
	tok     connector.Tokens
	log     *slog.Logger
	longest time.Duration
}

func (r *run) save(ctx context.Context) error {
	st, err := r.s.Store.SaveState(ctx, r.st)
	if err != nil {
		return err
	}
	r.st = st
	return nil
}

// release gives up the lease, keeping the progress, so the next delivery
// (or the next hour's job) can go on from it.
func (r *run) release(ctx context.Context) {
	r.st.LeaseID, r.st.LeaseUntil = "", time.Time{}
	if err := r.save(context.WithoutCancel(ctx)); err != nil {
		r.log.WarnContext(ctx, "sync lease not released", "error", err.Error())
	}
}

func (r *run) work(ctx context.Context, job jobs.Sync, res *Result) error {
	var err error
	if r.tok, err = r.s.Tokens.Tokens(ctx, r.conn); err != nil {
		return err
	}
	if r.conn.Platform == connector.Google && r.st.LoginCustomerID == "" {
		var login string
		err := r.retry(ctx, func() error {
			var e error
			login, e = r.src.LoginCustomer(ctx, r.pull(metrics.Campaign, "", ""))
			return e
		})
		if err != nil {
			return err
		}
		r.st.LoginCustomerID = login
		if login == "" {
			r.st.LoginCustomerID = "-" // reached directly
		}
	}
	for run, did := r.st.Run, false; run.Next <= run.To; did = true {
		if r.short(ctx) {
			if !did {
				// Nothing done yet: a continuation would be this very job
				// again; let SQS deliver it once more instead.
				return errNoTime
			}
			return r.continueLater(ctx, job, res)
		}
		started := time.Now()
		to := metrics.MinDay(metrics.AddDays(run.Next, r.cfg.ChunkDays-1), run.To)
		prune, err := r.widen(ctx, run.Next, to)
		if err != nil {
			return err
		}
		for _, l := range metrics.Levels {
			err := syncPart(ctx, r, prune, &res.Rows, &res.Deleted,
				func(page func([]metrics.Row) error) error { return r.src.Rows(ctx, r.pull(l, run.Next, to), page) },
				r.s.Store.PutRows,
				func(keep map[string]bool) (int, error) {
					return r.s.Store.PruneRows(ctx, r.scope(l, run.Next, to), keep)
				})
			if err != nil {
				return err
			}
		}
		if !r.cfg.NoInsights {
			err := syncPart(ctx, r, prune, &res.Insights, &res.Deleted,
				func(page func([]metrics.Insight) error) error {
					return r.src.Insights(ctx, r.pull(metrics.Campaign, run.Next, to), page)
				},
				r.s.Store.PutInsights,
				func(keep map[string]bool) (int, error) {
					return r.s.Store.PruneInsights(ctx, r.scope("", run.Next, to), keep)
				})
			if err != nil {
				return err
			}
		}
		run.Next = metrics.AddDays(to, 1)
		if err := r.save(ctx); err != nil {
			return err
		}
		r.longest = max(r.longest, time.Since(started))
	}
	return r.finish(ctx, res)
}

// syncPart syncs one part of a chunk (a level's rows, or the insights):
// fetch's pages, counted into written, are each put while the next is
// fetched; then, when prune, what is stored for the chunk and was not
// among the IDs the platform reported has vanished there and is pruned,
// counted into deleted.
func syncPart[T interface{ ID() string }](ctx context.Context, r *run, prune bool, written, deleted *int,
	fetch func(page func([]T) error) error, put func(context.Context, []T) error, pruneMissing func(keep map[string]bool) (int, error)) error {
	var keep map[string]bool
	if prune {
		keep = map[string]bool{}
	}
	var w behind
	err := r.retry(ctx, func() error {
		return fetch(func(page []T) error {
			*written += len(page)
			for _, x := range page {
				if keep != nil {
					keep[x.ID()] = true
				}
			}
			page = slices.Clone(page)
			return w.write(func() error { return put(ctx, page) })
		})
	})
	if err := errors.Join(err, w.wait()); err != nil {
		return err
	}
	if prune {
		n, err := pruneMissing(keep)
		if err != nil {
			return err
		}
		*deleted += n
	}
	return nil
}

// behind writes one page while the source fetches the next, so a chunk
// takes the slower of the platform and the table rather than their sum.
// One page at most is in flight (memory stays two pages); a failed write
// is returned by the next write or by wait, which every chunk calls before
// its progress is saved.
type behind struct{ done chan error }

func (b *behind) write(put func() error) error {
	if err := b.wait(); err != nil {
		return err
	}
	b.done = make(chan error, 1)
	go func() { b.done <- put() }()
	return nil
}

func (b *behind) wait() error {
	if b.done == nil {
		return nil
	}
	err := <-b.done
	b.done = nil
	return err
}

// widen makes the days that may hold the connection's rows cover
// from..to, saved before anything is written there (so a redelivery after
// a kill knows the days may hold rows), and says whether they could hold
// rows already: then the chunk deletes what the platform stopped
// reporting. A first backfill has nothing to delete and skips the look.
func (r *run) widen(ctx context.Context, from, to string) (bool, error) {
	st := &r.st
	if st.StoredTo == "" && (st.SyncedThrough != "" || st.BackfilledFrom != "") {
		// Progress saved before the span was kept: any day may hold rows.
		st.StoredFrom, st.StoredTo = "2000-01-01", metrics.MaxDay(st.SyncedThrough, st.Run.To)
	}
	may := st.StoredTo != "" && from <= st.StoredTo && to >= st.StoredFrom
	if st.StoredTo != "" && st.StoredFrom <= from && to <= st.StoredTo {
		return may, nil
	}
	st.StoredFrom, st.StoredTo = metrics.MinDay(st.StoredFrom, from), metrics.MaxDay(st.StoredTo, to)
	return may, r.save(ctx)
}

// scope is the connection's account at level l (audience cells when
// empty) over from..to.
func (r *run) scope(l metrics.Level, from, to string) metrics.Scope {
	return metrics.Scope{OrgID: r.conn.OrgID, Platform: r.conn.Platform, AccountID: r.conn.AccountID, Level: l, From: from, To: to}
}

func (r *run) pull(l metrics.Level, from, to string) metrics.Pull {
	login := r.st.LoginCustomerID
	if login == "-" {
		login = ""
	}
	return metrics.Pull{Conn: r.conn, Tokens: r.tok, LoginCustomerID: login, Level: l, From: from, To: to}
}

// short reports whether the invocation's time left is too little for
// another step.
func (r *run) short(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && time.Until(d) < r.cfg.Margin+r.longest*3/2
}

// continueLater saves the run and queues the rest of it as a job of its
// own (a new slot, so the idempotency store runs it).
func (r *run) continueLater(ctx context.Context, job jobs.Sync, res *Result) error {
	next := jobs.Sync{OrgID: job.OrgID, ConnectionID: job.ConnectionID, Platform: job.Platform, Since: r.st.Run.Next, Until: r.st.Run.To,
		Slot: baseSlot(job.Slot) + "-" + compact(r.st.Run.Next)}
	r.st.Run.Slot = next.Slot
	r.st.LeaseID, r.st.LeaseUntil = next.Key(), r.s.now().Add(15*time.Minute)
	if err := r.save(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if err := r.s.Queue.SendOne(context.WithoutCancel(ctx), next); err != nil {
		return err
	}
	res.Continued = true
	r.log.InfoContext(ctx, "sync continues in another invocation", "next", next.Since, "until", next.Until, "continuation", next.Slot)
	return nil
}

func baseSlot(slot string) string {
	for i := range len(slot) {
		if slot[i] == '-' {
			return slot[:i]
		}
	}
	return slot
}

func compact(day string) string {
	out := make([]byte, 0, 8)
	for i := range len(day) {
		if day[i] != '-' {
			out = append(out, day[i])
		}
	}
	return string(out)
}

func (r *run) finish(ctx context.Context, res *Result) error {
	run := r.st.Run
	if run.Backfill || r.st.BackfilledFrom == "" || run.From <= r.st.BackfilledFrom {
		r.st.BackfilledFrom = metrics.MinDay(r.st.BackfilledFrom, run.From)
	}
	r.st.SyncedThrough = metrics.MaxDay(r.st.SyncedThrough, run.To)
	r.st.LastSuccessAt = r.s.now()
	r.st.Run, r.st.LeaseID, r.st.LeaseUntil = nil, "", time.Time{}
	if err := r.save(ctx); err != nil {
		return err
	}
	res.Done = true
	return r.updateConnection(ctx, func(c *connector.Connection) { c.LastSyncAt, c.LastError = r.s.now(), "" })
}

// noteError records the failure on the connection (the connections API
// shows it until a sync succeeds).
func (r *run) noteError(ctx context.Context, err error) {
	msg := "The last sync failed; it will be retried."
	var th *metrics.Throttled
	switch {
	case errors.As(err, &th):
		msg = "The platform's rate limit was reached; the sync resumes after " + th.RetryAfter.Round(time.Second).String() + "."
	case errors.Is(err, metrics.ErrUnavailable):
		msg = "The platform was unavailable; the sync will be retried."
	}
	if !r.st.LastSuccessAt.IsZero() {
		msg += " Last successful sync: " + r.st.LastSuccessAt.Format(time.RFC3339) + "."
	}
	if uerr := r.updateConnection(context.WithoutCancel(ctx), func(c *connector.Connection) { c.LastError = msg }); uerr != nil {
		r.log.WarnContext(ctx, "sync error not recorded on the connection", "error", uerr.Error())
	}
}

func (r *run) updateConnection(ctx context.Context, change func(*connector.Connection)) error {
	c := r.conn
	for attempt := 0; ; attempt++ {
		change(&c)
		c.UpdatedAt = r.s.now()
		_, err := r.s.Connections.Update(ctx, c)
		if err == nil || !errors.Is(err, connector.ErrConflict) || attempt >= 3 {
			return err
		}
		if c, err = r.s.Connections.Get(ctx, r.conn.OrgID, r.conn.ID); err != nil {
			return err
		}
		if !c.Status.Synced() {
			return nil
		}
	}
}

// retry runs call, retrying throttling (after the platform's own estimate
// when it fits in the invocation) and 5xx (with a doubling backoff); a
// refused token is renewed once where a refresh token can renew it.
func (r *run) retry(ctx context.Context, call func() error) error {
	backoff := time.Second
	renewed := false
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil {
			return nil
		}
		var th *metrics.Throttled
		switch {
		case errors.Is(err, connector.ErrReauth):
			if renewed || r.conn.Platform != connector.Google {
				if uerr := r.updateConnection(ctx, func(c *connector.Connection) {
					c.Status, c.LastError = connector.NeedsReauth, "The platform refused the authorization; reconnect the account."
				}); uerr != nil {
					return uerr
				}
				return connector.ErrReauth
			}
			renewed = true
			if r.tok, err = r.s.Tokens.Renewed(ctx, r.conn); err != nil {
				return err
			}
			if c, gerr := r.s.Connections.Get(ctx, r.conn.OrgID, r.conn.ID); gerr == nil {
				r.conn = c
			}
			continue
		case errors.As(err, &th):
			if attempt >= r.cfg.Attempts || !r.fits(ctx, th.RetryAfter) {
				return err
			}
			r.log.WarnContext(ctx, "rate limited: waiting as the platform asks", "retryAfter", th.RetryAfter.String(), "code", th.Code)
			if err := r.s.sleep(ctx, th.RetryAfter); err != nil {
				return err
			}
		case errors.Is(err, metrics.ErrUnavailable):
			if attempt >= r.cfg.Attempts || !r.fits(ctx, backoff) {
				return err
			}
			r.log.WarnContext(ctx, "platform unavailable: retrying", "attempt", attempt, "backoff", backoff.String())
			if err := r.s.sleep(ctx, backoff); err != nil {
				return err
			}
			backoff = min(backoff*2, 30*time.Second)
		default:
			return err
		}
	}
}

// fits reports whether waiting d leaves the margin before the deadline.
func (r *run) fits(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d+r.cfg.Margin
}
