// Package audit appends entries to the privacy audit trail (privacy records
// category). Entries are written once: each has a deterministic ID, and a
// redelivered event that writes the same entry again is a no-op, so retries
// never duplicate audit rows.
package audit

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/dynamo"
)

// Entry is one audit row. Put IDs in it, never personal data.
type Entry struct {
	// ID makes the entry unique and its write idempotent.
	ID string
	// Kind groups entries: "ttl_delete", "retention_sweep", "privacy_request", ...
	Kind string
	// Actor is who acted: a user ID or a system component.
	Actor  string
	At     time.Time
	Detail map[string]string
}

// Log writes entries to the privacy table.
type Log struct{ Table *dynamo.Table }

// Record writes e unless an entry with its ID exists.
func (l Log) Record(ctx context.Context, e Entry) error {
	day := e.At.UTC().Format(time.DateOnly)
	item := dynamo.Key("AUDIT#"+e.Kind+"#"+day, e.ID)
	item["kind"] = dynamo.S(e.Kind)
	item["actor"] = dynamo.S(e.Actor)
	item["at"] = dynamo.S(e.At.UTC().Format(time.RFC3339Nano))
	for k, v := range e.Detail {
		item["d_"+k] = dynamo.S(v)
	}
	err := l.Table.Put(ctx, item, dynamo.Expiry{At: e.At}, &dynamodb.PutItemInput{
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	if dynamo.IsConditionFailed(err) {
		return nil
	}
	return err
}
