// Package metricsdb keeps metric rows, audience insights and sync state in
// the analytics table (category analytics: 2 years from the metric's day).
//
//	rows      pk MET#<org>#<level>#<yyyy-mm>   sk <date>#<platform>#<account>#<entity>
//	insights  pk AUD#<org>#<yyyy-mm>           sk <date>#<platform>#<account>#<campaign>#<dimension>#<segment>
//	state     pk SYNC#<org>                    sk <connectionId>
//
// A row's key is its identity (platform, account, level, entity, day), and
// every attribute, expiresAt included (2 years from the day itself), comes
// from the row: re-writing a day writes identical items. One partition
// holds one organization's month at one level, so a year of daily
// campaign rows is 12-13 Query calls (one per month touched, one more per
// further MB of a month), and a backfill's writes spread over months.
package metricsdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store is metrics.Store on the analytics table.
type Store struct {
	table *dynamo.Table
	bw    dynamo.BatchWriter
	// Writers is how many BatchWriteItem calls run at once (default 8).
	Writers int
}

var _ metrics.Store = (*Store)(nil)

// New binds the store to the analytics table.
func New(analytics *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("metricsdb", analytics, retention.Analytics); err != nil {
		return nil, err
	}
	bw, _ := analytics.DB.(dynamo.BatchWriter)
	return &Store{table: analytics, bw: bw, Writers: 8}, nil
}

func rowPK(org string, l metrics.Level, day string) string {
	return "MET#" + org + "#" + string(l) + "#" + day[:7]
}

func audPK(org, day string) string { return "AUD#" + org + "#" + day[:7] }

func dayStart(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

func n(v int64) types.AttributeValue { return dynamo.N(v) }

func putCounts(it dynamo.Item, c metrics.Counts) {
	it["spend"], it["impr"], it["reach"], it["clicks"] = n(c.SpendMicros), n(c.Impressions), n(c.Reach), n(c.Clicks)
	it["leads"], it["conv"], it["value"] = n(c.LeadsMilli), n(c.ConversionsMilli), n(c.ConversionValueMicros)
}

func getCounts(it dynamo.Item) metrics.Counts {
	return metrics.Counts{
		SpendMicros: dynamo.Int(it, "spend"), Impressions: dynamo.Int(it, "impr"), Reach: dynamo.Int(it, "reach"), Clicks: dynamo.Int(it, "clicks"),
		LeadsMilli: dynamo.Int(it, "leads"), ConversionsMilli: dynamo.Int(it, "conv"), ConversionValueMicros: dynamo.Int(it, "value"),
	}
}

func (s *Store) rowItem(r metrics.Row) (dynamo.Item, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return s.dayItem(dynamo.Key(rowPK(r.OrgID, r.Level, r.Date), r.ID()), r.Date, r.Counts, map[string]string{"org": r.OrgID, "conn": r.ConnectionID,
		"plat": string(r.Platform), "acct": r.AccountID, "cur": r.Currency, "lvl": string(r.Level), "eid": r.EntityID, "name": r.EntityName,
		"cid": r.CampaignID, "cname": r.CampaignName, "asid": r.AdSetID, "date": r.Date})
}

func decodeRow(it dynamo.Item) metrics.Row {
	return metrics.Row{
		OrgID: dynamo.String(it, "org"), ConnectionID: dynamo.String(it, "conn"), Platform: connector.Platform(dynamo.String(it, "plat")),
		AccountID: dynamo.String(it, "acct"), Currency: dynamo.String(it, "cur"), Level: metrics.Level(dynamo.String(it, "lvl")),
		EntityID: dynamo.String(it, "eid"), EntityName: dynamo.String(it, "name"), CampaignID: dynamo.String(it, "cid"),
		CampaignName: dynamo.String(it, "cname"), AdSetID: dynamo.String(it, "asid"), Date: dynamo.String(it, "date"), Counts: getCounts(it),
	}
}

func (s *Store) insightItem(c metrics.Insight) (dynamo.Item, error) {
	if c.OrgID == "" || c.CampaignID == "" || c.Dimension == "" || c.Segment == "" || len(c.Date) != 10 {
		return nil, errors.New("metricsdb: an insight needs orgId, campaignId, dimension, segment and date")
	}
	return s.dayItem(dynamo.Key(audPK(c.OrgID, c.Date), c.ID()), c.Date, c.Counts, map[string]string{"org": c.OrgID, "conn": c.ConnectionID,
		"plat": string(c.Platform), "acct": c.AccountID, "cur": c.Currency, "cid": c.CampaignID, "date": c.Date, "dim": c.Dimension, "seg": c.Segment})
}

// dayItem is key's item holding the non-empty strings and the counts of a
// day's figures, expiring with that day.
func (s *Store) dayItem(key dynamo.Item, day string, c metrics.Counts, strs map[string]string) (dynamo.Item, error) {
	for k, v := range strs {
		if v != "" {
			key[k] = dynamo.S(v)
		}
	}
	putCounts(key, c)
	return key, s.table.Stamp(key, dynamo.Expiry{At: dayStart(day)})
}

func decodeInsight(it dynamo.Item) metrics.Insight {
	return metrics.Insight{
		OrgID: dynamo.String(it, "org"), ConnectionID: dynamo.String(it, "conn"), Platform: connector.Platform(dynamo.String(it, "plat")),
		AccountID: dynamo.String(it, "acct"), Currency: dynamo.String(it, "cur"), CampaignID: dynamo.String(it, "cid"), Date: dynamo.String(it, "date"),
		Dimension: dynamo.String(it, "dim"), Segment: dynamo.String(it, "seg"), Counts: getCounts(it),
	}
}

// PutRows writes rows with BatchWriteItem, 25 at a time on Writers
// concurrent calls; unprocessed items are retried with a backoff.
func (s *Store) PutRows(ctx context.Context, rows []metrics.Row) error {
	return putAll(ctx, s, rows, s.rowItem)
}

// PutInsights writes audience cells like PutRows.
func (s *Store) PutInsights(ctx context.Context, cells []metrics.Insight) error {
	return putAll(ctx, s, cells, s.insightItem)
}

// putAll writes xs, each as item makes it.
func putAll[T any](ctx context.Context, s *Store, xs []T, item func(T) (dynamo.Item, error)) error {
	items := make([]dynamo.Item, 0, len(xs))
	for _, x := range xs {
		it, err := item(x)
		if err != nil {
			return err
		}
		items = append(items, it)
	}
	return s.write(ctx, items)
}

// write puts items, deduplicated by key (BatchWriteItem refuses a batch
// naming one key twice; the last one wins, as a second put would).
func (s *Store) write(ctx context.Context, items []dynamo.Item) error {
	if s.bw == nil {
		return errors.New("metricsdb: the table's client cannot batch write")
	}
	seen := make(map[string]int, len(items))
	uniq := items[:0]
	for _, it := range items {
		k := dynamo.String(it, dynamo.PK) + "\x00" + dynamo.String(it, dynamo.SK)
		if i, ok := seen[k]; ok {
			uniq[i] = it
			continue
		}
		seen[k] = len(uniq)
		uniq = append(uniq, it)
	}
	var batches [][]dynamo.Item
	for i := 0; i < len(uniq); i += dynamo.MaxBatch {
		batches = append(batches, uniq[i:min(i+dynamo.MaxBatch, len(uniq))])
	}
	workers := max(1, min(s.Writers, len(batches)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan []dynamo.Item)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				if err := s.batch(ctx, b); err != nil {
					mu.Lock()
					if first == nil {
						first = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for _, b := range batches {
		select {
		case next <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// batch writes up to 25 items, retrying unprocessed ones (20 ms doubling
// to 2 s) until done or ctx ends.
func (s *Store) batch(ctx context.Context, items []dynamo.Item) error {
	reqs := make([]types.WriteRequest, len(items))
	for i, it := range items {
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: it}}
	}
	return s.requests(ctx, reqs)
}

// requests sends up to 25 write requests in one BatchWriteItem, retrying
// unprocessed ones.
func (s *Store) requests(ctx context.Context, reqs []types.WriteRequest) error {
	return s.table.BatchWrite(ctx, reqs, func(err error) error { return fmt.Errorf("metricsdb: batch write: %w", err) })
}

// months lists the YYYY-MM of every month from..to touches.
func months(from, to string) ([]string, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return nil, fmt.Errorf("metricsdb: bad range %q..%q", from, to)
	}
	var out []string
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(t); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out, nil
}

func (s *Store) queryMonths(ctx context.Context, pkOf func(month string) string, from, to string, filter map[string]string, fn func([]dynamo.Item) error) error {
	return s.queryMonthsOf(ctx, pkOf, from, to, filter, "", fn)
}

// queryMonthsOf is queryMonths reading only the projection's attributes
// (all when empty).
func (s *Store) queryMonthsOf(ctx context.Context, pkOf func(month string) string, from, to string, filter map[string]string, projection string, fn func([]dynamo.Item) error) error {
	ms, err := months(from, to)
	if err != nil {
		return err
	}
	for _, m := range ms {
		in := &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :from AND :to"),
			ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(pkOf(m)), ":from": dynamo.S(from), ":to": dynamo.S(to + "#\uffff")},
		}
		if len(filter) > 0 {
			var conds []string
			in.ExpressionAttributeNames = map[string]string{}
			for k, v := range filter {
				conds = append(conds, "#f_"+k+" = :f_"+k)
				in.ExpressionAttributeNames["#f_"+k] = k
				in.ExpressionAttributeValues[":f_"+k] = dynamo.S(v)
			}
			in.FilterExpression = aws.String(strings.Join(conds, " AND "))
		}
		if projection != "" {
			in.ProjectionExpression = aws.String(projection)
		}
		if err := s.table.QueryPages(ctx, in, fn); err != nil {
			return err
		}
	}
	return nil
}

// Daily pages through the organization's rows at q.Level, one Query per
// month of the range (and per further MB).
func (s *Store) Daily(ctx context.Context, q metrics.Query, fn func([]metrics.Row) error) error {
	if q.OrgID == "" || !q.Level.Valid() {
		return errors.New("metricsdb: a query needs an organization and a level")
	}
	var filter map[string]string
	if q.Platform != "" {
		filter = map[string]string{"plat": string(q.Platform)}
	}
	return s.queryMonths(ctx, func(m string) string { return "MET#" + q.OrgID + "#" + string(q.Level) + "#" + m }, q.From, q.To, filter,
		func(items []dynamo.Item) error {
			rows := make([]metrics.Row, 0, len(items))
			for _, it := range items {
				rows = append(rows, decodeRow(it))
			}
			return fn(rows)
		})
}

// PruneRows deletes the scope's rows that keep does not name: one
// key-only Query per month of the scope (filtered to its platform and
// account), then BatchWriteItem deletes.
func (s *Store) PruneRows(ctx context.Context, sc metrics.Scope, keep map[string]bool) (int, error) {
	if sc.OrgID == "" || sc.AccountID == "" || !sc.Level.Valid() || !sc.Platform.Valid() {
		return 0, errors.New("metricsdb: pruning needs an organization, platform, account and level")
	}
	return s.prune(ctx, func(m string) string { return "MET#" + sc.OrgID + "#" + string(sc.Level) + "#" + m }, sc, keep)
}

// PruneInsights deletes the scope's audience cells that keep does not
// name.
func (s *Store) PruneInsights(ctx context.Context, sc metrics.Scope, keep map[string]bool) (int, error) {
	if sc.OrgID == "" || sc.AccountID == "" || !sc.Platform.Valid() {
		return 0, errors.New("metricsdb: pruning needs an organization, platform and account")
	}
	return s.prune(ctx, func(m string) string { return "AUD#" + sc.OrgID + "#" + m }, sc, keep)
}

func (s *Store) prune(ctx context.Context, pkOf func(month string) string, sc metrics.Scope, keep map[string]bool) (int, error) {
	var gone []types.WriteRequest
	err := s.queryMonthsOf(ctx, pkOf, sc.From, sc.To, map[string]string{"plat": string(sc.Platform), "acct": sc.AccountID}, "pk, sk", func(items []dynamo.Item) error {
		for _, it := range items {
			if !keep[dynamo.String(it, dynamo.SK)] {
				gone = append(gone, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: dynamo.KeyOf(it)}})
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(gone); i += dynamo.MaxBatch {
		if err := s.requests(ctx, gone[i:min(i+dynamo.MaxBatch, len(gone))]); err != nil {
			return i, err
		}
	}
	return len(gone), nil
}

// CampaignDays returns the organization's daily campaign rows.
func (s *Store) CampaignDays(ctx context.Context, orgID, from, to string) ([]metrics.Row, error) {
	return metrics.CampaignDays(ctx, s, orgID, from, to)
}

// Insights pages through the organization's audience cells.
func (s *Store) Insights(ctx context.Context, orgID, from, to string, fn func([]metrics.Insight) error) error {
	if orgID == "" {
		return errors.New("metricsdb: insights need an organization")
	}
	return s.queryMonths(ctx, func(m string) string { return "AUD#" + orgID + "#" + m }, from, to, nil, func(items []dynamo.Item) error {
		cells := make([]metrics.Insight, 0, len(items))
		for _, it := range items {
			cells = append(cells, decodeInsight(it))
		}
		return fn(cells)
	})
}

func stateKey(org, conn string) dynamo.Item { return dynamo.Key("SYNC#"+org, conn) }

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// State reads a connection's sync state consistently.
func (s *Store) State(ctx context.Context, orgID, connID string) (metrics.State, error) {
	it, ok, err := s.table.Get(ctx, stateKey(orgID, connID), true)
	if err != nil || !ok {
		return metrics.State{OrgID: orgID, ConnectionID: connID}, err
	}
	st := metrics.State{
		OrgID: orgID, ConnectionID: connID, BackfilledFrom: dynamo.String(it, "backfilledFrom"), SyncedThrough: dynamo.String(it, "syncedThrough"),
		StoredFrom: dynamo.String(it, "storedFrom"), StoredTo: dynamo.String(it, "storedTo"),
		LoginCustomerID: dynamo.String(it, "loginCustomerId"), LastSuccessAt: parseStamp(dynamo.String(it, "lastSuccessAt")),
		LeaseID: dynamo.String(it, "leaseId"), LeaseUntil: parseStamp(dynamo.String(it, "leaseUntil")), Version: dynamo.Int(it, "version"),
	}
	if raw := dynamo.String(it, "run"); raw != "" {
		var r metrics.Run
		if err := json.Unmarshal([]byte(raw), &r); err == nil {
			st.Run = &r
		}
	}
	return st, nil
}

// SaveState writes st conditional on its version.
func (s *Store) SaveState(ctx context.Context, st metrics.State) (metrics.State, error) {
	it := stateKey(st.OrgID, st.ConnectionID)
	for k, v := range map[string]string{"backfilledFrom": st.BackfilledFrom, "syncedThrough": st.SyncedThrough, "storedFrom": st.StoredFrom, "storedTo": st.StoredTo, "loginCustomerId": st.LoginCustomerID,
		"lastSuccessAt": stamp(st.LastSuccessAt), "leaseId": st.LeaseID, "leaseUntil": stamp(st.LeaseUntil), "org": st.OrgID} {
		if v != "" {
			it[k] = dynamo.S(v)
		}
	}
	if st.Run != nil {
		raw, _ := json.Marshal(st.Run)
		it["run"] = dynamo.S(string(raw))
	}
	it["version"] = dynamo.N(st.Version + 1)
	cond := "attribute_not_exists(pk)"
	vals := dynamo.Item(nil)
	if st.Version > 0 {
		cond, vals = "version = :v", dynamo.Item{":v": dynamo.N(st.Version)}
	}
	err := s.table.Put(ctx, it, dynamo.Expiry{}, &dynamodb.PutItemInput{ConditionExpression: aws.String(cond), ExpressionAttributeValues: vals})
	if dynamo.IsConditionFailed(err) {
		return st, metrics.ErrConflict
	}
	if err != nil {
		return st, err
	}
	st.Version++
	return st, nil
}
