package local

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// recorder collects the pk of every stream record delivered.
type recorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *recorder) Invoke(_ context.Context, ev []byte) ([]byte, error) {
	var e struct {
		Records []struct {
			Dynamodb struct {
				Keys map[string]map[string]string
			}
		}
	}
	_ = json.Unmarshal(ev, &e)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range e.Records {
		r.keys = append(r.keys, rec.Dynamodb.Keys["pk"]["S"])
	}
	return []byte(`{}`), nil
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.keys...)
}

// TestStreamPollerReopensAfterABadIterator delivers records, loses its
// iterator (as when one expires), and goes on after the last record read:
// nothing is delivered twice, nothing is skipped.
func TestStreamPollerReopensAfterABadIterator(t *testing.T) {
	st, cfg := testenv.StreamedStack(t)
	ctx := context.Background()
	db := dynamodb.NewFromConfig(cfg)
	table := st.Resources["MarketingTable"]
	put := func(pk string) {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table.Ref), Item: dynamo.Key(pk, "s")}); err != nil {
			t.Fatal(err)
		}
	}
	rec := &recorder{}
	p := StreamPoller{Streams: dynamodbstreams.NewFromConfig(cfg), Source: template.StreamSource{BatchSize: 100}, StreamARN: table.Attrs["StreamArn"],
		Region: cfg.Region, Fn: rec, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	shards := map[string]*shard{}
	if err := p.discover(ctx, shards); err != nil {
		t.Fatal(err)
	}
	read := func() { p.poll(ctx, shards) }
	put("A")
	put("B")
	read()
	for _, sh := range shards {
		sh.iter = aws.String("expired-iterator")
	}
	put("C")
	read() // fails on the bad iterator and reopens after B
	read()
	got := rec.seen()
	count := map[string]int{}
	for _, k := range got {
		count[k]++
	}
	for _, k := range []string{"A", "B", "C"} {
		if count[k] != 1 {
			t.Fatalf("record %s delivered %d times (all: %v)", k, count[k], got)
		}
	}
}
