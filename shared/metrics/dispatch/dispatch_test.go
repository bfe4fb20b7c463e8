package dispatch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics/dispatch"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestDispatchQueuesOneJobPerActiveConnection stores 23 active connections
// (more than one SQS batch), one inactive and one malformed, and finds
// exactly one valid job per active connection on the queue.
func TestDispatchQueuesOneJobPerActiveConnection(t *testing.T) {
	ctx := context.Background()
	st, cfg := testenv.Stack(t)
	accounts := testenv.Table(t, retention.Account)
	put := func(org, id, platform string, active bool) {
		item := connectordb.Key(org, id)
		item["platform"] = dynamo.S(platform)
		if active {
			item["gsi1pk"] = dynamo.S(connectordb.ActiveGSI)
			item["gsi1sk"] = dynamo.S(org + "#" + id)
		}
		if err := accounts.Put(ctx, item, dynamo.Expiry{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	putOrg := func(id string, st org.Status) {
		item := dynamo.Key("ORG#"+id, "ORG")
		item["status"] = dynamo.S(string(st))
		if err := accounts.Put(ctx, item, dynamo.Expiry{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for i := range 23 {
		org, id := fmt.Sprintf("org_%02d", i%7), fmt.Sprintf("conn_%02d", i)
		platform := []string{"meta", "google"}[i%2]
		put(org, id, platform, true)
		want = append(want, org+"/"+id)
	}
	put("org_x", "inactive", "meta", false)
	put("org_x", "broken", "tiktok", true)
	// A cancelled organization's connection and one whose organization is
	// gone are listed but not synced.
	put("org_cancelled", "conn_c", "meta", true)
	put("org_gone", "conn_g", "google", true)
	for i := range 7 {
		putOrg(fmt.Sprintf("org_%02d", i), org.Active)
	}
	putOrg("org_x", org.Active)
	putOrg("org_cancelled", org.Cancelled)

	q := sqs.NewFromConfig(cfg)
	url := testenv.Name(t, st, "SyncQueue")
	now := time.Date(2026, 11, 27, 15, 42, 0, 0, time.UTC)
	var logs bytes.Buffer
	d := dispatch.Dispatcher{Connections: testenv.Must[connectordb.Store](t)(connectordb.New(accounts)), Orgs: testenv.Must[*orgdb.Store](t)(orgdb.New(accounts)), Queue: queue.Sender{SQS: q, URL: url}, Log: logging.New(&logs, "INFO"), Now: func() time.Time { return now }}
	res, err := d.Handle(ctx, schedule.Event{Schedule: dispatch.Name})
	if err != nil {
		t.Fatal(err)
	}
	if res.Queued != 23 || res.Skipped != 1 || res.Inactive != 2 || res.Slot != "2026112715" {
		t.Fatalf("result %+v, want 23 queued, 1 skipped, 2 inactive, slot 2026112715", res)
	}

	got := drain(t, ctx, q, url, want)
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queued jobs\n got %v\nwant %v", got, want)
	}

	// A scheduler retry that runs after the hour turned still dispatches the
	// slot it was scheduled for, so the worker sees duplicates, not new jobs.
	d.Now = func() time.Time { return now.Add(time.Hour) }
	res, err = d.Handle(ctx, schedule.Event{Schedule: dispatch.Name, ScheduledTime: "2026-11-27T15:00:00Z"})
	if err != nil || res.Slot != "2026112715" {
		t.Fatalf("retried run: %+v %v", res, err)
	}
	if again := drain(t, ctx, q, url, want); len(again) != 23 {
		t.Fatalf("the retried run queued %d distinct jobs, want the same 23", len(again))
	}
}

// drain receives and deletes jobs until it has seen every job of want (or
// 20 s passed), plus one more receive for any job not wanted, and returns
// the distinct jobs. SQS is at-least-once: a send retried after a lost
// answer can enqueue a job twice (the worker's idempotency absorbs it), and
// a receive whose answer was lost hides its batch for the visibility
// timeout, which these receives set to 2 s.
func drain(t *testing.T, ctx context.Context, q *sqs.Client, url string, want []string) []string {
	t.Helper()
	missing := map[string]bool{}
	for _, w := range want {
		missing[w] = true
	}
	seen := map[string]bool{}
	var got []string
	for deadline, extra := time.Now().Add(20*time.Second), 1; time.Now().Before(deadline) && (len(missing) > 0 || extra > 0); {
		if len(missing) == 0 {
			extra--
		}
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			var j jobs.Sync
			if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &j); err != nil || j.Validate() != nil {
				t.Fatalf("bad job %s: %v", aws.ToString(m.Body), err)
			}
			if k := j.OrgID + "/" + j.ConnectionID; !seen[k] {
				seen[k] = true
				delete(missing, k)
				got = append(got, k)
			}
			_, _ = q.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
		}
	}
	return got
}
