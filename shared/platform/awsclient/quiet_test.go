package awsclient_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestFailedConditionLogsNoWarning: a failed condition (every idempotent
// retry, every stale update) is an ordinary answer; the SDK's client must
// not log a warning for it.
func TestFailedConditionLogsNoWarning(t *testing.T) {
	tb := testenv.Table(t, retention.Ephemeral)
	_, cfg := testenv.Stack(t)
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	defer slog.SetDefault(prev)

	db := dynamodb.NewFromConfig(cfg)
	item := dynamo.Key("quiet", testenv.Unique("k"))
	in := &dynamodb.PutItemInput{TableName: aws.String(tb.Name), Item: item, ConditionExpression: aws.String("attribute_not_exists(pk)")}
	if _, err := db.PutItem(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutItem(context.Background(), in); !dynamo.IsConditionFailed(err) {
		t.Fatalf("second put: %v", err)
	}
	if strings.Contains(logs.String(), "aws sdk") {
		t.Fatalf("the SDK logged: %s", logs.String())
	}
}
