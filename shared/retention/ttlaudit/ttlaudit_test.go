package ttlaudit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/ttlaudit"
)

func TestTableName(t *testing.T) {
	if got := ttlaudit.TableName("arn:aws:dynamodb:us-east-1:123456789012:table/dev-AccountTable/stream/2026-11-01T00:00:00.000"); got != "dev-AccountTable" {
		t.Fatalf("got %q", got)
	}
	if got := ttlaudit.TableName("arn:aws:sqs:us-east-1:1:q"); got != "" {
		t.Fatalf("got %q", got)
	}
}

// TestAuditsTTLDeletesOnce feeds the sample TTL-delete stream record (from
// events/) twice, plus a user delete, and finds exactly one audit row.
func TestAuditsTTLDeletesOnce(t *testing.T) {
	ctx := context.Background()
	st, _ := testenv.Stack(t)
	privacy := testenv.Table(t, retention.Privacy)
	analytics := testenv.Name(t, st, "AnalyticsTable")

	b, err := os.ReadFile(filepath.Join(testenv.Root(), "events", "retentionaudit", "ttl-delete.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	rec := ev.Records[0]
	rec.EventSourceArn = strings.Replace(rec.EventSourceArn, "table/AnalyticsTable/", "table/"+analytics+"/", 1)
	rec.EventID = testenv.Unique("evt")
	userDelete := rec
	userDelete.EventID = testenv.Unique("evt-user")
	userDelete.UserIdentity = nil

	// An item whose key says it is from January 2026, deleted in November:
	// 10 months into its 2 years.
	early := rec
	early.EventID = testenv.Unique("evt-early")
	early.Change.Keys = map[string]events.DynamoDBAttributeValue{"pk": events.NewStringAttribute("ORG#org_01"), "sk": events.NewStringAttribute("USAGE#2026-01-05T10:00:00Z#e2")}

	var logs bytes.Buffer
	trail := testenv.Must[auditdb.Log](t)(auditdb.New(privacy))
	a := ttlaudit.Auditor{Categories: map[string]retention.Category{analytics: retention.Analytics}, Audit: trail, Log: logging.New(&logs, "INFO")}
	since := rec.Change.ApproximateCreationDateTime.UTC()
	counted := func() map[string]int {
		c, err := trail.Counts(ctx, since)
		if err != nil {
			t.Fatal(err)
		}
		return c[since.Format("2006-01-02")]["analytics"]
	}
	before := counted()
	for range 2 { // a redelivered batch
		resp, err := a.Handle(ctx, events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{rec, userDelete, early}})
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("handle: %v %+v\n%s", err, resp, logs.String())
		}
	}
	day := rec.Change.ApproximateCreationDateTime.UTC().Format("2006-01-02")
	var mine []map[string]types.AttributeValue
	for _, it := range testenv.Partition(t, privacy, "AUDIT#ttl_delete#"+day) {
		// Rows of this test's two records only (the table outlives a -count run).
		if sk := dynamo.String(it, "sk"); dynamo.String(it, "d_table") == analytics && (strings.HasSuffix(sk, "#"+rec.EventID) || strings.HasSuffix(sk, "#"+userDelete.EventID)) {
			mine = append(mine, it)
		}
	}
	if len(mine) != 1 {
		t.Fatalf("%d audit rows, want exactly 1", len(mine))
	}
	// The day's tally counts each TTL delete once, however often it is
	// delivered, and the early one as early.
	after := counted()
	if after["ttl"]-before["ttl"] != 2 || after["ttl_judged"]-before["ttl_judged"] != 2 || after["early"]-before["early"] != 1 {
		t.Fatalf("tally before %v after %v: want 2 TTL deletes, both judged, 1 early", before, after)
	}
	if !strings.Contains(logs.String(), "deleted before its retention schedule") {
		t.Fatal("the early deletion was not logged")
	}
	row := mine[0]
	if dynamo.String(row, "d_category") != "analytics" || dynamo.String(row, "d_pk") != "ORG#org_01" || dynamo.String(row, dynamo.Category) != "privacy" {
		t.Fatalf("audit row %v", row)
	}

	// A stream from a table with no known category is retried, not dropped.
	unknown := rec
	unknown.EventSourceArn = "arn:aws:dynamodb:us-east-1:123456789012:table/Other/stream/x"
	resp, _ := a.Handle(ctx, events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{unknown}})
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != rec.Change.SequenceNumber {
		t.Fatalf("unknown table: %+v", resp)
	}
}

func TestEarly(t *testing.T) {
	nov := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		c             retention.Category
		pk, sk        string
		early, judged bool
	}{
		{retention.Analytics, "ORG#o", "USAGE#2024-11-27T10:00:00Z#e1", false, true},
		{retention.Analytics, "ORG#o", "USAGE#2026-01-05T10:00:00Z#e1", true, true},
		{retention.Logs, "REQ#usr_a", "2025-11-20T10:00:00Z#req_1", false, true},
		{retention.Logs, "REQ#usr_a", "2025-12-20T10:00:00Z#req_1", true, true},
		{retention.Analytics, "MET#con_1#2026-03-01", "campaign#c1", true, true},
		{retention.Account, "ORG#o", "CONTENT#2026-01-01", false, false}, // its clock starts at the relationship's end
		{retention.Billing, "ORG#o", "INVOICE#in_1", false, false},       // no day in the key
	} {
		early, judged := ttlaudit.Early(retention.Default, tc.c, tc.pk, tc.sk, nov)
		if early != tc.early || judged != tc.judged {
			t.Errorf("%s %s/%s: early %v judged %v, want %v %v", tc.c, tc.pk, tc.sk, early, judged, tc.early, tc.judged)
		}
	}
}
