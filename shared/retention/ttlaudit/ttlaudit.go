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
	return a.Audit.Record(ctx, audit.Entry{
		ID: "ttl#" + table + "#" + r.EventID, Kind: "ttl_delete", Actor: ttlPrincipal, At: at,
		Detail: map[string]string{"table": table, "category": string(cat), "pk": pk, "sk": sk},
	})
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
