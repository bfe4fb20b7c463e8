package local_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/testenv"
)

// TestRedriveMovesEveryMessageBack: `make redrive QUEUE=SyncDLQ` empties
// the DLQ into SyncQueue, bodies intact; a queue that is no redrive target
// is refused with what can be redriven.
func TestRedriveMovesEveryMessageBack(t *testing.T) {
	cfg := testenv.Config(t)
	ctx := context.Background()
	st, err := local.Provision(ctx, cfg, testenv.Root(), testenv.Unique("redrive")+"-")
	if err != nil {
		t.Fatal(err)
	}
	client := sqs.NewFromConfig(cfg)
	dlq, src := st.Resources["SyncDLQ"].Ref, st.Resources["SyncQueue"].Ref
	bodies := []string{`{"n":1}`, `{"n":2}`, `{"n":3}`}
	for _, b := range bodies {
		if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(dlq), MessageBody: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	rd, err := local.RedriveDLQ(ctx, client, st, "SyncDLQ")
	if err != nil {
		t.Fatal(err)
	}
	if rd.Moved < 3 || rd.Source != "SyncQueue" {
		t.Fatalf("redrive %+v, want 3 messages to SyncQueue", rd)
	}
	// SQS is at-least-once (a send whose answer is lost is retried and may
	// enqueue a copy), so the bodies are compared as a set.
	got := map[string]bool{}
	for len(got) < len(bodies) {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(src), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		if err != nil || len(out.Messages) == 0 {
			t.Fatalf("SyncQueue holds %v (%v), want %v", got, err, bodies)
		}
		for _, m := range out.Messages {
			got[aws.ToString(m.Body)] = true
		}
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, " ") != strings.Join(bodies, " ") {
		t.Fatalf("SyncQueue holds %v, want %v", keys, bodies)
	}
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), WaitTimeSeconds: 1})
	if err != nil || len(out.Messages) != 0 {
		t.Fatalf("SyncDLQ still holds %d messages (%v)", len(out.Messages), err)
	}
	for name, want := range map[string]string{"RetentionAuditDLQ": "no queue's redrive target", "NopeDLQ": "no dead-letter queue"} {
		if _, err := local.RedriveDLQ(ctx, client, st, name); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "PrivacyDLQ") {
			t.Errorf("redrive %s: %v, want an error saying %q and listing the DLQs", name, err, want)
		}
	}
}
