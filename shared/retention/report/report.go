// Package report is the retention report for operators and the privacy
// team: per data category, its schedule, how many items it holds, the item
// nearest its limit against that limit, what legal holds keep, what was
// deleted in the last 30 days by TTL and by the sweep, and flags for what
// needs a person: an item past its schedule still present (a late sweep),
// or a deletion before its schedule (a bug). reportdb reads it from the
// tables' expiry indexes, the audit trail's daily tallies and the holds.
package report

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/medspa-ai/backend/shared/platform/parallel"
	"github.com/medspa-ai/backend/shared/retention"
)

// Window is how far back deletions are counted.
const Window = 30 * 24 * time.Hour

// LateAfter is how long an item may stay past its expiresAt before it is a
// late sweep: the sweep runs daily, and re-reads 48 hours back.
const LateAfter = 72 * time.Hour

// Flags.
const (
	// FlagLateSweep: an item older than its schedule is still present.
	FlagLateSweep = "late_sweep"
	// FlagDeletedEarly: an item was deleted before its schedule.
	FlagDeletedEarly = "deleted_early"
	// FlagSweepIncomplete: the table has never had a complete sweep (no
	// checkpoint), so its due items are not known from the index.
	FlagSweepIncomplete = "never_swept"
)

// Source is what the report is read from, one table at a time.
type Source interface {
	// Categories lists the categories with a table.
	Categories() []retention.Category
	// ItemCount is the table's item count as DynamoDB last computed it
	// (about every six hours).
	ItemCount(ctx context.Context, c retention.Category) (int64, error)
	// Expiries reads the expiry index: the items past expiresAt at now
	// (count and the earliest expiresAt among them) and the earliest
	// expiresAt of all, looking at most a year past now; ok is false
	// when the table was never swept.
	Expiries(ctx context.Context, c retention.Category, now time.Time) (Expiries, bool, error)
	// Holds lists the legal holds in force, by the categories they cover.
	Holds(ctx context.Context) (map[retention.Category]int, error)
	// Deletions returns the daily tallies from since: day -> category ->
	// counter ("ttl", "sweep", "anonymized", "ttl_judged", "early").
	Deletions(ctx context.Context, since time.Time) (map[string]map[string]map[string]int, error)
}

// Expiries is what a table's expiry index says.
type Expiries struct {
	Due         int
	EarliestDue time.Time
	// Earliest is the first expiresAt in the index (due or not); zero if
	// nothing expires within a year.
	Earliest time.Time
}

// Report is the whole report.
type Report struct {
	GeneratedAt time.Time  `json:"generatedAt"`
	WindowDays  int        `json:"windowDays"`
	Categories  []Category `json:"categories"`
	// Flags lists every category's flags, "<category>:<flag>".
	Flags []string `json:"flags"`
}

// Category is one category's line.
type Category struct {
	Category retention.Category `json:"category"`
	Schedule string             `json:"schedule"`
	// LimitDays is the schedule in days (0 for marketing: at unsubscribe;
	// for account, counted from the relationship's end).
	LimitDays int  `json:"limitDays"`
	FromEnd   bool `json:"fromEnd"`
	// LiveItems is DynamoDB's item count (refreshed about every six
	// hours): the items still present, due or not.
	LiveItems int64 `json:"liveItems"`
	// Oldest is the item nearest its limit.
	Oldest *Oldest `json:"oldest"`
	// DueNow counts items past their expiresAt still present (TTL and the
	// sweep remove them; reads already hide them).
	DueNow int `json:"dueNow"`
	// HoldsInForce counts the legal holds covering this category: their
	// items do not expire while the hold lasts.
	HoldsInForce int `json:"holdsInForce"`
	// Deleted counts the last WindowDays days' deletions.
	Deleted Deletions `json:"deleted"`
	Flags   []string  `json:"flags"`
}

// Oldest is the item nearest its limit, from the expiry index.
type Oldest struct {
	ExpiresAt time.Time `json:"expiresAt"`
	// AgeDays is how old it is, for categories whose clock runs from the
	// event (limit less the days it has left); omitted otherwise.
	AgeDays *int `json:"ageDays,omitempty"`
	// DaysLeft is negative when it is past its limit.
	DaysLeft int `json:"daysLeft"`
}

// Deletions are a window's deletion counts.
type Deletions struct {
	ByTTL      int `json:"byTtl"`
	BySweep    int `json:"bySweep"`
	Anonymized int `json:"anonymized"`
	// Early counts TTL deletions judged before their schedule (from the
	// day the item's key names, where it names one: Judged of ByTTL).
	Early  int `json:"early"`
	Judged int `json:"judged"`
}

// Build reads the report at now. Tables are read concurrently.
func Build(ctx context.Context, src Source, sched retention.Schedule, now time.Time) (Report, error) {
	now = now.UTC()
	rep := Report{GeneratedAt: now, WindowDays: int(Window / (24 * time.Hour)), Flags: []string{}}
	since := now.Add(-Window)
	held, err := src.Holds(ctx)
	if err != nil {
		return Report{}, err
	}
	tallies, err := src.Deletions(ctx, since)
	if err != nil {
		return Report{}, err
	}
	lines, err := parallel.Map(0, src.Categories(), func(c retention.Category) (Category, error) {
		return line(ctx, src, sched, c, now, since, held[c], tallies)
	})
	if err != nil {
		return Report{}, err
	}
	rep.Categories = lines
	for _, l := range lines {
		for _, f := range l.Flags {
			rep.Flags = append(rep.Flags, string(l.Category)+":"+f)
		}
	}
	sort.Strings(rep.Flags)
	return rep, nil
}

func line(ctx context.Context, src Source, sched retention.Schedule, c retention.Category, now, since time.Time, holds int, tallies map[string]map[string]map[string]int) (Category, error) {
	r, err := sched.Rule(c)
	if err != nil {
		return Category{}, err
	}
	limit := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // days in a schedule: from a year that is not a leap year
	limitDays := int(limit.AddDate(r.Years, r.Months, 0).Sub(limit) / (24 * time.Hour))
	if c == retention.Ephemeral {
		limitDays = 1
	}
	l := Category{Category: c, Schedule: r.Basis, LimitDays: limitDays, FromEnd: r.Anchor == retention.FromEnd, HoldsInForce: holds, Flags: []string{}}
	if l.LiveItems, err = src.ItemCount(ctx, c); err != nil {
		return Category{}, err
	}
	ex, swept, err := src.Expiries(ctx, c, now)
	if err != nil {
		return Category{}, err
	}
	if !swept {
		l.Flags = append(l.Flags, FlagSweepIncomplete)
	}
	l.DueNow = ex.Due
	if !ex.Earliest.IsZero() {
		left := int(math.Floor(ex.Earliest.Sub(now).Hours() / 24))
		o := &Oldest{ExpiresAt: ex.Earliest.UTC(), DaysLeft: left}
		if r.Anchor == retention.FromEvent && c != retention.Ephemeral {
			age := limitDays - left
			o.AgeDays = &age
		}
		l.Oldest = o
	}
	if ex.Due > 0 && now.Sub(ex.EarliestDue) > LateAfter {
		l.Flags = append(l.Flags, FlagLateSweep)
	}
	day := since.Format(time.DateOnly)
	for d, byCat := range tallies {
		if d < day {
			continue
		}
		n := byCat[string(c)]
		l.Deleted.ByTTL += n["ttl"]
		l.Deleted.BySweep += n["sweep"]
		l.Deleted.Anonymized += n["anonymized"]
		l.Deleted.Early += n["early"]
		l.Deleted.Judged += n["ttl_judged"]
	}
	if l.Deleted.Early > 0 {
		l.Flags = append(l.Flags, FlagDeletedEarly)
	}
	return l, nil
}
