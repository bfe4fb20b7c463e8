// Package sweep is the retention backstop: DynamoDB's TTL deletes expired
// items late (often days), so once a day every table is scanned for items
// past expiresAt and they are deleted, each table's count going to the audit
// trail.
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
	Log      *slog.Logger
	Now      func() time.Time
}

// CancelledOrgs gives a cancelled organization's remaining items the
// organization's expiry (org.Store's partition knowledge stays in orgdb).
type CancelledOrgs interface {
	StampCancelled(ctx context.Context) (int, error)
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
	// Stamped counts items of cancelled organizations given their expiry.
	Stamped int `json:"stamped,omitempty"`
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
	// Tables are swept concurrently, so a run takes as long as the largest
	// table, not the sum of all seven.
	results := make([]TableResult, len(tables))
	errs := make([]error, len(tables))
	var wg sync.WaitGroup
	for i, t := range tables {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = s.sweepTable(ctx, t, now)
		}()
	}
	wg.Wait()
	s.Log.InfoContext(ctx, "retention sweep done", "tables", results)
	return results, errors.Join(errs...)
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
	var stamped, profiles int
	var serr, perr error
	if t.Category == retention.Account && s.Cancelled != nil {
		if stamped, serr = s.Cancelled.StampCancelled(ctx); serr != nil {
			s.Log.ErrorContext(ctx, "cancelled organizations not fully stamped; the next run resumes", "stamped", stamped, "error", serr.Error())
		}
	}
	// After the cancelled organizations: Cancel has already given their
	// memberships an expiry, so their members' relationships read as over.
	if t.Category == retention.Account && s.Profiles != nil {
		if profiles, perr = s.Profiles.Run(ctx, now); perr != nil {
			s.Log.ErrorContext(ctx, "profile clocks not all run; the next run resumes", "profiles", profiles, "error", perr.Error())
		}
	}
	n, err := s.table(ctx, t, now)
	err = errors.Join(serr, perr, err)
	r := TableResult{Table: t.Name, Category: string(t.Category), Deleted: n, Stamped: stamped, Profiles: profiles}
	if err != nil {
		r.Error = err.Error()
		err = fmt.Errorf("%s: %w", t.Name, err)
		s.Log.ErrorContext(ctx, "retention sweep failed for a table", "table", t.Name, "deleted", n, "error", r.Error)
	}
	if n > 0 || stamped > 0 || profiles > 0 || err != nil {
		aerr := s.Audit.Record(ctx, audit.Entry{
			ID: "sweep#" + now.UTC().Format(time.RFC3339) + "#" + t.Name, Kind: "retention_sweep", Actor: "retention-sweep", At: now,
			Detail: map[string]string{"table": t.Name, "category": string(t.Category), "deleted": strconv.Itoa(n), "stamped": strconv.Itoa(stamped), "profiles": strconv.Itoa(profiles), "error": r.Error},
		})
		if aerr != nil {
			err = errors.Join(err, fmt.Errorf("audit %s: %w", t.Name, aerr))
		}
	}
	return r, err
}

func (s Sweeper) table(ctx context.Context, t *dynamo.Table, now time.Time) (int, error) {
	nowN := dynamo.N(now.Unix())
	in := &dynamodb.ScanInput{
		FilterExpression:          aws.String("expiresAt <= :now"),
		ProjectionExpression:      aws.String("pk, sk"),
		ExpressionAttributeValues: dynamo.Item{":now": nowN},
	}
	deleted := 0
	err := t.ScanPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			// The condition keeps an item whose expiry was pushed back
			// (e.g. a reactivated account) after the scan read it.
			_, err := t.Delete(ctx, dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)), &dynamodb.DeleteItemInput{
				ConditionExpression:       aws.String("expiresAt <= :now"),
				ExpressionAttributeValues: dynamo.Item{":now": nowN},
			})
			switch {
			case err == nil:
				deleted++
			case dynamo.IsConditionFailed(err):
			default:
				return err
			}
		}
		return nil
	})
	return deleted, err
}
