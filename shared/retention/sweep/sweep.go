// Package sweep is the retention backstop: DynamoDB's TTL deletes expired
// items late (often days), so once a day every table's due items are read
// from its expiry index (dynamo.ExpiryIndex: only items past expiresAt are
// read, so the cost follows the expired items, not the table's size) and
// deleted with BatchWriteItem, each table's count going to the audit trail.
//
// Each table has a checkpoint (in the privacy table): the month from which
// its buckets are still to be read. A run that finishes every bucket moves
// it forward; a run whose time runs short stops, leaves it, and the next
// run reads only what is still there (deleted items have left the index),
// so nothing is done twice. A table without a checkpoint (before its first
// run) is scanned once, which also puts items written before the index
// existed into it.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/parallel"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
)

// Name is the schedule's input name (template.yaml, RetentionSweepFunction).
const Name = "retention-sweep"

// Sweeper deletes expired items from every table.
type Sweeper struct {
	Tables []*dynamo.Table
	// Cancelled (optional) stamps the expiry of cancelled organizations
	// onto the rest of their data; it runs with the account table's sweep.
	Cancelled CancelledOrgs
	// Profiles (optional) starts and stops user profiles' retention
	// clocks; it runs with the account table's sweep, after Cancelled.
	Profiles ProfileClock
	Audit    audit.Recorder
	// Checkpoints keeps each table's progress (required).
	Checkpoints Checkpoints
	// Holds (optional) names the partitions under legal hold: their items
	// are never deleted, whatever their expiresAt says.
	Holds Holds
	// Trails (optional, for the privacy table) deletes the audit trail of
	// an expired privacy request before the request: the entries carry no
	// expiry of their own (privacydb).
	Trails Trails
	// Files (optional) deletes the S3 objects an item names in
	// dynamo.Objects, before the item, so no file outlives its record.
	Files Files
	// Workers bounds concurrent BatchWriteItem calls over all tables
	// (default 8).
	Workers int
	// Reserve is the time left before the invocation's deadline at which a
	// run stops and leaves the rest to the next (default 30 s).
	Reserve time.Duration
	Log     *slog.Logger
	Now     func() time.Time

	sem chan struct{}
}

// Trails are the records that own their partition's other items
// (privacydb.Store: a privacy request and its audit trail).
type Trails interface {
	OwnsTrail(pk, sk string) bool
	// DeleteTrail deletes the partition's other items if its owner has
	// expired by now (or is gone), and returns how many.
	DeleteTrail(ctx context.Context, pk string, now time.Time) (int, error)
}

// Holds reports which partitions are under legal hold (holds.Store).
type Holds interface {
	// HeldPartitions returns a test for a partition key of category c's table.
	HeldPartitions(ctx context.Context, c retention.Category) (func(pk string) bool, error)
	// Process takes expiries off held items and restores released ones,
	// at most budget items per run (the next run resumes).
	Process(ctx context.Context, budget int) (changed int, done bool, err error)
}

// HoldBudget bounds the items one run's hold work changes.
const HoldBudget = 100_000

// Files deletes S3 objects by key.
type Files interface {
	DeleteObjects(ctx context.Context, keys []string) error
}

// CancelledOrgs gives a cancelled organization's remaining items the
// organization's expiry, and takes it off them again when the organization
// is reactivated (org.Store's partition knowledge stays in orgdb).
type CancelledOrgs interface {
	StampCancelled(ctx context.Context) (int, error)
	ClearReactivated(ctx context.Context) (int, error)
}

// ProfileClock starts the 3-year clock of the profiles of users who no
// longer belong to an active organization, and stops it for users who
// joined one again (profiledb.Clock).
type ProfileClock interface {
	Run(ctx context.Context, now time.Time) (int, error)
}

// TableResult is one table's outcome.
type TableResult struct {
	Table    string `json:"table"`
	Category string `json:"category"`
	Deleted  int    `json:"deleted"`
	// Read counts the items read to find the deleted ones.
	Read int `json:"read"`
	// Anonymized counts items kept with their personal attributes removed.
	Anonymized int `json:"anonymized,omitempty"`
	// Held counts due items kept because of a legal hold.
	Held int `json:"held,omitempty"`
	// Files counts S3 objects deleted with their items.
	Files int `json:"files,omitempty"`
	// Incomplete is set when the run's time ran short: the next run
	// resumes.
	Incomplete bool `json:"incomplete,omitempty"`
	// Stamped counts items of cancelled organizations given their expiry.
	Stamped int `json:"stamped,omitempty"`
	// Reactivated counts items of reactivated organizations whose
	// cancellation expiry was taken off.
	Reactivated int `json:"reactivated,omitempty"`
	// Profiles counts profiles whose retention clock started or stopped.
	Profiles int    `json:"profiles,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Handle sweeps every table. A failing table does not stop the others; the
// run fails at the end so the scheduler's retry and the alarm see it.
func (s Sweeper) Handle(ctx context.Context, ev Event) ([]TableResult, error) {
	if err := ev.Expect(Name); err != nil {
		return nil, err
	}
	tables, err := s.pick(ev.Categories)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if s.Workers <= 0 {
		s.Workers = 8
	}
	if s.Reserve <= 0 {
		s.Reserve = 30 * time.Second
	}
	s.sem = make(chan struct{}, s.Workers)
	var herr error
	if s.Holds != nil {
		// Before the tables: a new hold's items lose their expiry first.
		n, done, err := s.Holds.Process(ctx, HoldBudget)
		if err != nil {
			herr = fmt.Errorf("legal holds: %w", err)
			s.Log.ErrorContext(ctx, "legal holds not fully applied; the next run resumes", "changed", n, "error", err.Error())
		} else if !done {
			s.Log.WarnContext(ctx, "legal holds partly applied; the next run resumes", "changed", n)
		}
	}
	// Tables are swept concurrently, so a run takes as long as the largest
	// table, not the sum of all seven.
	results, err := parallel.Map(0, tables, func(t *dynamo.Table) (TableResult, error) { return s.sweepTable(ctx, t, now) })
	s.Log.InfoContext(ctx, "retention sweep done", "tables", results)
	return results, errors.Join(err, herr)
}

// Event is the schedule's input. Categories (optional) limits the run to
// those categories' tables, so on-call can re-run just the tables a failed
// run names: {"schedule":"retention-sweep","categories":["logs"]}.
type Event struct {
	schedule.Event
	Categories []retention.Category `json:"categories,omitempty"`
}

// pick returns the tables of cats (all when cats is empty); an unknown
// category is an error, not a silently smaller sweep.
func (s Sweeper) pick(cats []retention.Category) ([]*dynamo.Table, error) {
	if len(cats) == 0 {
		return s.Tables, nil
	}
	var out []*dynamo.Table
	for _, c := range cats {
		found := false
		for _, t := range s.Tables {
			if t.Category == c {
				out, found = append(out, t), true
			}
		}
		if !found {
			return nil, fmt.Errorf("sweep: no table for category %q", c)
		}
	}
	return out, nil
}

// sweepTable deletes t's expired items and audits the count.
func (s Sweeper) sweepTable(ctx context.Context, t *dynamo.Table, now time.Time) (TableResult, error) {
	var stamped, cleared, profiles int
	var serr, cerr, perr error
	if t.Category == retention.Account && s.Cancelled != nil {
		if stamped, serr = s.Cancelled.StampCancelled(ctx); serr != nil {
			s.Log.ErrorContext(ctx, "cancelled organizations not fully stamped; the next run resumes", "stamped", stamped, "error", serr.Error())
		}
		// After the stamping, so an organization reactivated while it was
		// being stamped is cleared in the same run.
		if cleared, cerr = s.Cancelled.ClearReactivated(ctx); cerr != nil {
			s.Log.ErrorContext(ctx, "reactivated organizations not fully cleared; the next run resumes", "cleared", cleared, "error", cerr.Error())
		}
	}
	// After the cancelled organizations: Cancel has already given their
	// memberships an expiry, so their members' relationships read as over.
	if t.Category == retention.Account && s.Profiles != nil {
		if profiles, perr = s.Profiles.Run(ctx, now); perr != nil {
			s.Log.ErrorContext(ctx, "profile clocks not all run; the next run resumes", "profiles", profiles, "error", perr.Error())
		}
	}
	r, err := s.table(ctx, t, now)
	n := r.Deleted
	err = errors.Join(serr, cerr, perr, err)
	r.Stamped, r.Reactivated, r.Profiles = stamped, cleared, profiles
	if err != nil {
		r.Error = err.Error()
		err = fmt.Errorf("%s: %w", t.Name, err)
		s.Log.ErrorContext(ctx, "retention sweep failed for a table", "table", t.Name, "deleted", n, "error", r.Error)
	}
	if n > 0 || stamped > 0 || profiles > 0 || err != nil {
		e := audit.Entry{
			ID: "sweep#" + now.UTC().Format(time.RFC3339) + "#" + t.Name, Kind: "retention_sweep", Actor: "retention-sweep", At: now,
			Detail: map[string]string{"table": t.Name, "category": string(t.Category), "deleted": strconv.Itoa(n), "anonymized": strconv.Itoa(r.Anonymized), "held": strconv.Itoa(r.Held), "files": strconv.Itoa(r.Files), "stamped": strconv.Itoa(stamped), "profiles": strconv.Itoa(profiles), "error": r.Error},
		}
		var aerr error
		if c, ok := s.Audit.(audit.Counter); ok {
			// The day's tally of deletions by sweep, for the retention
			// report, written with the run's entry (so a re-record adds
			// nothing).
			aerr = c.RecordCounted(ctx, e, audit.Count{Day: now, Key: string(t.Category), Add: map[string]int{"sweep": n, "anonymized": r.Anonymized}})
		} else {
			aerr = s.Audit.Record(ctx, e)
		}
		if aerr != nil {
			err = errors.Join(err, fmt.Errorf("audit %s: %w", t.Name, aerr))
		}
	}
	return r, err
}

// Anonymize names, on an item, the attributes to remove at expiry instead
// of deleting the item (a string set): a record the law requires to keep
// past its schedule in anonymized form. Projected into the expiry index.
const Anonymize = "anonymize"

// CheckpointMargin is how far before a completed run's start the next run
// starts reading: expiries written around the run's start (clock skew,
// writes in flight) are read again.
const CheckpointMargin = 48 * time.Hour

// table deletes t's due items.
func (s Sweeper) table(ctx context.Context, t *dynamo.Table, now time.Time) (TableResult, error) {
	r := TableResult{Table: t.Name, Category: string(t.Category)}
	from, ok, err := s.Checkpoints.Load(ctx, t.Name)
	if err != nil {
		return r, fmt.Errorf("checkpoint: %w", err)
	}
	w := s.newWork(ctx, t, now, &r)
	if !ok {
		err = s.scan(w.ctx, t, now, w)
	} else {
		for _, b := range dynamo.DueBuckets(from, now) {
			if err = t.QueryDue(w.ctx, b, now, w.page); err != nil {
				break
			}
		}
	}
	err = errors.Join(err, w.wait())
	if errors.Is(err, errOutOfTime) {
		r.Incomplete = true
		s.Log.WarnContext(ctx, "retention sweep ran short of time; the next run resumes", "table", t.Name, "deleted", r.Deleted)
		return r, nil
	}
	if err != nil {
		return r, err
	}
	return r, s.Checkpoints.Save(ctx, t.Name, now.Add(-CheckpointMargin))
}

// scan is a table's first run: every due item is read from the table, and
// items with an expiry but no bucket (written before the index) get one.
func (s Sweeper) scan(ctx context.Context, t *dynamo.Table, now time.Time, w *work) error {
	in := &dynamodb.ScanInput{
		FilterExpression:          aws.String("expiresAt <= :now OR (attribute_exists(expiresAt) AND attribute_not_exists(expBucket))"),
		ProjectionExpression:      aws.String("pk, sk, expiresAt, expBucket, #o, #a"),
		ExpressionAttributeNames:  map[string]string{"#o": dynamo.Objects, "#a": Anonymize},
		ExpressionAttributeValues: dynamo.Item{":now": dynamo.N(now.Unix())},
	}
	return t.ScanPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		var due []dynamo.Item
		for _, it := range items {
			exp := dynamo.Int(it, dynamo.ExpiresAt)
			if exp <= now.Unix() {
				due = append(due, it)
				continue
			}
			if t.Category == retention.Privacy {
				continue // never updated; TTL deletes it
			}
			k := dynamo.KeyOf(it)
			_, err := t.Update(ctx, k, &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("SET expBucket = :xb"),
				ConditionExpression:       aws.String("expiresAt = :e"),
				ExpressionAttributeValues: dynamo.Item{":xb": t.BucketAV(k, exp), ":e": dynamo.N(exp)},
			})
			if err != nil && !dynamo.IsConditionFailed(err) {
				return err
			}
		}
		w.r.Read += len(items) - len(due)
		return w.page(due)
	})
}

var errOutOfTime = errors.New("sweep: out of time")

// work deletes one table's due items in batches on the shared workers.
type work struct {
	s      Sweeper
	t      *dynamo.Table
	now    time.Time
	r      *TableResult
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
}

func (s Sweeper) newWork(ctx context.Context, t *dynamo.Table, now time.Time, r *TableResult) *work {
	w := &work{s: s, t: t, now: now, r: r}
	w.ctx, w.cancel = context.WithCancelCause(ctx)
	return w
}

func (w *work) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
		w.cancel(err)
	}
}

func (w *work) wait() error {
	w.wg.Wait()
	w.cancel(nil)
	return w.err
}

// outOfTime reports whether the invocation is close to its deadline.
func (w *work) outOfTime() bool {
	d, ok := w.ctx.Deadline()
	return ok && time.Until(d) < w.s.Reserve
}

// page takes one page of due items: held partitions are kept, the rest go
// to the workers 25 at a time.
func (w *work) page(items []dynamo.Item) error {
	w.mu.Lock()
	w.r.Read += len(items)
	w.mu.Unlock()
	if len(items) == 0 {
		return nil
	}
	if w.outOfTime() {
		return errOutOfTime
	}
	held := func(string) bool { return false }
	if w.s.Holds != nil {
		h, err := w.s.Holds.HeldPartitions(w.ctx, w.t.Category)
		if err != nil {
			return fmt.Errorf("holds: %w", err)
		}
		held = h
	}
	var batch []dynamo.Item
	flush := func() {
		if len(batch) == 0 {
			return
		}
		b := batch
		batch = nil
		select {
		case w.s.sem <- struct{}{}:
		case <-w.ctx.Done():
			return
		}
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer func() { <-w.s.sem }()
			if err := w.delete(b); err != nil {
				w.fail(err)
			}
		}()
	}
	for _, it := range items {
		pk := dynamo.String(it, dynamo.PK)
		if held(pk) {
			w.mu.Lock()
			w.r.Held++
			w.mu.Unlock()
			continue
		}
		if _, ok := it[Anonymize]; ok && w.t.Category != retention.Privacy {
			if err := w.anonymize(it); err != nil {
				return err
			}
			continue
		}
		batch = append(batch, it)
		if len(batch) == dynamo.MaxBatch {
			flush()
		}
	}
	flush()
	if err := context.Cause(w.ctx); err != nil && w.ctx.Err() != nil {
		return err
	}
	return nil
}

// delete removes one batch: the items' files first, so a failure leaves the
// item (and its file) for the next run rather than an orphaned file.
func (w *work) delete(batch []dynamo.Item) error {
	files := 0
	if w.s.Files != nil {
		var keys []string
		for _, it := range batch {
			keys = append(keys, dynamo.Strings(it, dynamo.Objects)...)
		}
		if len(keys) > 0 {
			if err := w.s.Files.DeleteObjects(w.ctx, keys); err != nil {
				return fmt.Errorf("files: %w", err)
			}
			files = len(keys)
		}
	}
	n := len(batch)
	if w.t.Category == retention.Privacy {
		// The audit trail's table: one conditional delete each, since its
		// rows may be deleted when expired and never rewritten (no
		// BatchWriteItem, which could put).
		n = 0
		for _, it := range batch {
			pk, sk := dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)
			trail := w.s.Trails != nil && w.s.Trails.OwnsTrail(pk, sk)
			if trail {
				m, err := w.s.Trails.DeleteTrail(w.ctx, pk, w.now)
				n += m
				if err != nil {
					return fmt.Errorf("trail of %s: %w", pk, err)
				}
			}
			_, err := w.t.Delete(w.ctx, dynamo.KeyOf(it), &dynamodb.DeleteItemInput{
				ConditionExpression:       aws.String("expiresAt <= :now"),
				ExpressionAttributeValues: dynamo.Item{":now": dynamo.N(w.now.Unix())},
			})
			switch {
			case err == nil:
				n++
			case dynamo.IsConditionFailed(err):
				continue
			default:
				return err
			}
			if trail {
				// Entries a save added after the trail was read.
				m, err := w.s.Trails.DeleteTrail(w.ctx, pk, w.now)
				n += m
				if err != nil {
					return fmt.Errorf("trail of %s: %w", pk, err)
				}
			}
		}
	} else if err := w.t.BatchDelete(w.ctx, batch); err != nil {
		return err
	}
	w.mu.Lock()
	w.r.Deleted += n
	w.r.Files += files
	w.mu.Unlock()
	return nil
}

// anonymize removes the attributes an item names and its expiry: the item
// stays, with nothing personal in it.
func (w *work) anonymize(it dynamo.Item) error {
	names := map[string]string{"#a": Anonymize}
	remove := "REMOVE #a, expiresAt, expBucket"
	for i, a := range dynamo.Strings(it, Anonymize) {
		if a == dynamo.PK || a == dynamo.SK || a == dynamo.Category {
			continue
		}
		n := "#r" + strconv.Itoa(i)
		names[n] = a
		remove += ", " + n
	}
	_, err := w.t.Update(w.ctx, dynamo.KeyOf(it), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String(remove + " SET anonymizedAt = :now"),
		ConditionExpression:       aws.String("expiresAt <= :now"),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: dynamo.Item{":now": dynamo.N(w.now.Unix())},
	})
	if err != nil && !dynamo.IsConditionFailed(err) {
		return err
	}
	if err == nil {
		w.mu.Lock()
		w.r.Anonymized++
		w.mu.Unlock()
	}
	return nil
}

// Checkpoints keeps each table's sweep progress.
type Checkpoints interface {
	// Load returns the time from which the table's buckets are to be read;
	// ok is false before the table's first completed run.
	Load(ctx context.Context, table string) (from time.Time, ok bool, err error)
	Save(ctx context.Context, table string, from time.Time) error
}

// TableCheckpoints keeps checkpoints in the privacy table (pk SWEEP#<table>).
type TableCheckpoints struct{ Table *dynamo.Table }

func checkpointKey(table string) dynamo.Item { return dynamo.Key("SWEEP#"+table, "checkpoint") }

// Load reads a table's checkpoint.
func (c TableCheckpoints) Load(ctx context.Context, table string) (time.Time, bool, error) {
	it, ok, err := c.Table.Get(ctx, checkpointKey(table), true)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	return time.Unix(dynamo.Int(it, "from"), 0), true, nil
}

// Save moves a table's checkpoint forward (never back: of two overlapping
// runs, the later one's wins).
func (c TableCheckpoints) Save(ctx context.Context, table string, from time.Time) error {
	item := checkpointKey(table)
	item["from"] = dynamo.N(from.Unix())
	err := c.Table.Put(ctx, item, dynamo.Expiry{}, &dynamodb.PutItemInput{
		ConditionExpression:       aws.String("attribute_not_exists(#f) OR #f <= :f"),
		ExpressionAttributeNames:  map[string]string{"#f": "from"},
		ExpressionAttributeValues: dynamo.Item{":f": dynamo.N(from.Unix())},
	})
	if dynamo.IsConditionFailed(err) {
		return nil
	}
	return err
}
