// Package ttlaudit records every item DynamoDB's TTL deletes in the privacy
// audit trail, so we can show that each category was deleted on schedule.
// The streams carry keys only (KEYS_ONLY): the audit learns which item went,
// never what it held.
package ttlaudit

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/retention"
)

// Auditor handles stream batches from the tables in Categories.
type Auditor struct {
	// Categories maps a table name to its category.
	Categories map[string]retention.Category
	Audit      audit.Recorder
	Log        *slog.Logger
	// Schedule judges deletions against their rule (default
	// retention.Default).
	Schedule *retention.Schedule
}

// ttlPrincipal is the identity DynamoDB puts on TTL deletions.
const ttlPrincipal = "dynamodb.amazonaws.com"

// IsTTLDelete reports whether r is a deletion made by TTL (not by our code).
func IsTTLDelete(r events.DynamoDBEventRecord) bool {
	return r.EventName == "REMOVE" && r.UserIdentity != nil && r.UserIdentity.Type == "Service" && r.UserIdentity.PrincipalID == ttlPrincipal
}

// Handle records each TTL deletion once and reports the records it could
// not record, so Lambda retries just those (stream order is kept by the
// checkpoint at the first failure).
func (a Auditor) Handle(ctx context.Context, ev events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	var resp events.DynamoDBEventResponse
	for _, r := range ev.Records {
		if err := a.one(ctx, r); err != nil {
			a.Log.ErrorContext(ctx, "ttl delete not audited; it will be retried", "eventId", r.EventID, "source", r.EventSourceArn, "error", err.Error())
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
			// Later records must wait: Lambda resumes from the first failure.
			return resp, nil
		}
	}
	return resp, nil
}

func (a Auditor) one(ctx context.Context, r events.DynamoDBEventRecord) error {
	if !IsTTLDelete(r) {
		// The template's filter should stop these; ignoring is safe.
		a.Log.WarnContext(ctx, "stream record is not a TTL delete; ignored", "eventId", r.EventID, "eventName", r.EventName)
		return nil
	}
	table := TableName(r.EventSourceArn)
	cat, ok := a.Categories[table]
	if !ok {
		return fmt.Errorf("stream from table %q, which has no known category", table)
	}
	pk, sk := keyString(r.Change.Keys["pk"]), keyString(r.Change.Keys["sk"])
	if pk == "" {
		return fmt.Errorf("record %s has no pk key", r.EventID)
	}
	at := r.Change.ApproximateCreationDateTime.Time
	if at.IsZero() {
		at = time.Now()
	}
	e := audit.Entry{
		ID: "ttl#" + table + "#" + r.EventID, Kind: "ttl_delete", Actor: ttlPrincipal, At: at,
		Detail: map[string]string{"table": table, "category": string(cat), "pk": pk, "sk": sk},
	}
	c, ok := a.Audit.(audit.Counter)
	if !ok {
		return a.Audit.Record(ctx, e)
	}
	sched := retention.Default
	if a.Schedule != nil {
		sched = *a.Schedule
	}
	add := map[string]int{"ttl": 1}
	if early, judged := Early(sched, cat, pk, sk, at); judged {
		add["ttl_judged"] = 1
		if early {
			add["early"] = 1
			e.Detail["early"] = "true"
			a.Log.ErrorContext(ctx, "item deleted before its retention schedule", "table", table, "category", string(cat))
		}
	}
	// The day's tally, in the same write as the row: a redelivered record
	// adds nothing.
	return c.RecordCounted(ctx, e, audit.Count{Day: at, Key: string(cat), Add: add})
}

// Early judges a deletion at at of the item pk/sk of category c. The
// streams carry keys only, so the item's own time is known only where its
// key names a day (request logs, usage events and metric rows do:
// "2026-03-02T…#req_…", "MET#…#2026-03-02"): judged is false otherwise.
// Only categories whose clock runs from the event are judged (an account
// item's clock starts at the relationship's end, which no key names). A
// deletion more than a day before the day plus the rule is early: a bug in
// a stamp, since TTL deletes only what is past expiresAt.
func Early(s retention.Schedule, c retention.Category, pk, sk string, at time.Time) (early, judged bool) {
	r, err := s.Rule(c)
	if err != nil || r.Anchor != retention.FromEvent || c == retention.Ephemeral {
		return false, false
	}
	day, ok := keyDay(sk)
	if !ok {
		if day, ok = keyDay(pk); !ok {
			return false, false
		}
	}
	return at.Before(day.AddDate(r.Years, r.Months, 0).Add(-24 * time.Hour)), true
}

// keyDay finds the first yyyy-mm-dd in a key.
func keyDay(k string) (time.Time, bool) {
	for i := 0; i+10 <= len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			continue
		}
		if d, err := time.Parse(time.DateOnly, k[i:i+10]); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// TableName extracts the table from a stream ARN
// (arn:aws:dynamodb:region:account:table/NAME/stream/LABEL).
func TableName(arn string) string {
	_, rest, ok := strings.Cut(arn, ":table/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

func keyString(v events.DynamoDBAttributeValue) string {
	if v.DataType() == events.DataTypeString {
		return v.String()
	}
	if v.DataType() == events.DataTypeNumber {
		return v.Number()
	}
	return ""
}
