// Package auditdb keeps the audit trail in the privacy table, written
// with a condition so an entry's ID is written once:
//
//	privacy table  pk AUDIT#<kind>#<yyyy-mm-dd>  sk <entry ID>  kind, actor, at, d_<detail>
package auditdb

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Log writes entries to the privacy table.
type Log struct{ table *dynamo.Table }

var _ audit.Recorder = Log{}

// New binds the trail to the privacy table.
func New(privacy *dynamo.Table) (Log, error) {
	if privacy == nil || privacy.Category != retention.Privacy {
		return Log{}, fmt.Errorf("auditdb: needs the privacy table")
	}
	return Log{table: privacy}, nil
}

// Record writes e unless an entry with its ID exists.
func (l Log) Record(ctx context.Context, e audit.Entry) error {
	day := e.At.UTC().Format(time.DateOnly)
	item := dynamo.Key("AUDIT#"+e.Kind+"#"+day, e.ID)
	item["kind"] = dynamo.S(e.Kind)
	item["actor"] = dynamo.S(e.Actor)
	item["at"] = dynamo.S(e.At.UTC().Format(time.RFC3339Nano))
	for k, v := range e.Detail {
		item["d_"+k] = dynamo.S(v)
	}
	err := l.table.Put(ctx, item, dynamo.Expiry{At: e.At}, &dynamodb.PutItemInput{
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	if dynamo.IsConditionFailed(err) {
		return nil
	}
	return err
}
