package local_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/infra/testenv"
)

// streamFn records the sort keys of every batch and fails the first batch
// at its second record.
type streamFn struct {
	mu      sync.Mutex
	batches [][]string
}

func (f *streamFn) Invoke(_ context.Context, ev []byte) ([]byte, error) {
	var e struct {
		Records []struct {
			Dynamodb struct {
				SequenceNumber string
				Keys           map[string]map[string]string
			} `json:"dynamodb"`
		}
	}
	if err := json.Unmarshal(ev, &e); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var sks []string
	for _, r := range e.Records {
		sks = append(sks, r.Dynamodb.Keys["sk"]["S"])
	}
	f.batches = append(f.batches, sks)
	if len(f.batches) == 1 && len(e.Records) > 1 {
		return []byte(`{"batchItemFailures":[{"itemIdentifier":"` + e.Records[1].Dynamodb.SequenceNumber + `"}]}`), nil
	}
	return []byte(`{"batchItemFailures":[]}`), nil
}

// TestStreamPollerResumesAtFirstFailure: with ReportBatchItemFailures on a
// stream, Lambda checkpoints before the first failed record and retries
// from it; the records before it are not delivered again.
func TestStreamPollerResumesAtFirstFailure(t *testing.T) {
	cfg := testenv.Config(t)
	ctx := context.Background()
	db := dynamodb.NewFromConfig(cfg)
	name := testenv.Prefix() + "stream-checkpoint"
	out, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}, {AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange}},
		StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeKeysOnly},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range []string{"a", "b", "c"} {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "p"}, "sk": &types.AttributeValueMemberS{Value: sk}}}); err != nil {
			t.Fatal(err)
		}
	}
	fn := &streamFn{}
	p := local.StreamPoller{Streams: dynamodbstreams.NewFromConfig(cfg), StreamARN: aws.ToString(out.TableDescription.LatestStreamArn),
		Region: cfg.Region, Fn: fn, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Source: template.StreamSource{BatchSize: 10, ReportFailures: true}}
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { p.Run(pctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		fn.mu.Lock()
		n := len(fn.batches)
		fn.mu.Unlock()
		if n >= 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	<-done
	fn.mu.Lock()
	defer fn.mu.Unlock()
	if len(fn.batches) < 2 {
		t.Fatalf("batches %v: the failed batch was not retried", fn.batches)
	}
	if got := fn.batches[1]; len(got) != 2 || got[0] != "b" || got[1] != "c" {
		t.Fatalf("retry delivered %v, want [b c] (from the first failure on)", got)
	}
}
