// Command hellodb is the first-request baseline for infra/bench: hello plus
// the least a request that writes can do, one DynamoDB PutItem (into the
// bench's copy of the logs table, as the api's request log) on the SDK
// client and configuration every function uses (shared/platform/awsclient).
// What a function's first request costs beyond this is its own work; up to
// it, it is the round trip on a new connection that any writing function
// pays.
package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/awsclient"
)

func main() {
	cfg, err := awsclient.Load(context.Background())
	if err != nil {
		panic(err)
	}
	db, table := dynamodb.NewFromConfig(cfg), os.Getenv("LOGS_TABLE")
	lambda.Start(func(ctx context.Context, _ json.RawMessage) (map[string]bool, error) {
		now := time.Now()
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
			"pk":        &types.AttributeValueMemberS{Value: "BENCH#hellodb"},
			"sk":        &types.AttributeValueMemberS{Value: now.UTC().Format(time.RFC3339Nano)},
			"expiresAt": &types.AttributeValueMemberN{Value: strconv.FormatInt(now.Add(time.Hour).Unix(), 10)},
		}})
		return map[string]bool{"ok": err == nil}, err
	})
}
