package assets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/queue"
)

// TestThroughTheQueue runs contentgen's handler as Lambda would, on the
// emulators: a job sent to ContentQueue, received, handled (claimed once in
// the ephemeral table, generated with the local provider, stored in the
// account table, files in the assets bucket), then read back through a
// presigned URL. Each kind and placement; a redelivery generates nothing;
// a job for a request that does not exist fails as poison.
func TestThroughTheQueue(t *testing.T) {
	ctx := context.Background()
	e := newGeneration(t)
	client := sqs.NewFromConfig(e.cfg)
	q := queue.Sender{SQS: client, URL: testenv.Name(t, e.stack, "ContentQueue")}
	handle := testenv.QueueWorker(t, e.g.Job)

	deliver := func(job jobs.Content) events.SQSEventResponse {
		t.Helper()
		if err := q.SendOne(ctx, job); err != nil {
			t.Fatal(err)
		}
		// The message just sent: SQS delivers at least once, so a copy of
		// an earlier one may come first; it is deleted, not handled. An
		// empty receive is the emulator being slow (or a reply it lost:
		// each receive hides its message for 15 s only), so it waits up
		// to 40 s.
		want, _ := json.Marshal(job)
		var m sqstypes.Message
		deadline := time.Now().Add(40 * time.Second)
		for stale := 0; ; stale++ {
			out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 1, WaitTimeSeconds: 5, VisibilityTimeout: 15})
			for err == nil && len(out.Messages) == 0 && time.Now().Before(deadline) {
				out, err = client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 1, WaitTimeSeconds: 5, VisibilityTimeout: 15})
			}
			if err != nil || len(out.Messages) != 1 || stale == 5 {
				t.Fatalf("receive: %v %d after %d earlier copies", err, len(out.Messages), stale)
			}
			if aws.ToString(out.Messages[0].Body) == string(want) {
				m = out.Messages[0]
				break
			}
			_, _ = client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.URL), ReceiptHandle: out.Messages[0].ReceiptHandle})
		}
		resp, err := handle(ctx, events.SQSEvent{Records: []events.SQSMessage{{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)}}})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.URL), ReceiptHandle: m.ReceiptHandle})
		return resp
	}

	orgID := ids.New("org")
	for _, c := range []struct {
		kind content.Kind
		p    rules.Placement
	}{
		{content.Copy, rules.MetaFeed}, {content.Copy, rules.MetaStory}, {content.Copy, rules.GoogleSearch},
		{content.Image, rules.MetaFeed}, {content.Image, rules.MetaStory}, {content.Video, rules.MetaStory},
	} {
		r := content.Request{OrgID: orgID, ID: ids.New("cr"), Kind: c.kind, Placement: c.p, Service: "Laser hair removal", Offer: "$50 off your first session",
			CTA: "Book now", Variants: 1, Brand: content.Brand{CompanyName: "Lumen Aesthetics", Locations: []string{"Denver, CO"}},
			Status: content.Queued, CreatedAt: time.Now()}
		if err := e.store.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		job := jobs.Content{OrgID: orgID, RequestID: r.ID, Kind: jobs.ContentKind(c.kind)}
		if resp := deliver(job); len(resp.BatchItemFailures) != 0 {
			t.Fatalf("%s/%s: %+v", c.kind, c.p, resp)
		}
		got, _, _ := e.store.Get(ctx, orgID, r.ID)
		if got.Status != content.Ready || got.Provider != "local" || len(got.Results) != 1 {
			t.Fatalf("%s/%s: %s %s %+v", c.kind, c.p, got.Status, got.Reason, got.Violations)
		}
		res := got.Results[0]
		if c.kind == content.Copy {
			if vs := rules.CheckComplete(c.p, res.Fields); len(vs) > 0 {
				t.Fatalf("%s: %+v", c.p, vs)
			}
			t.Logf("%s copy: %v", c.p, res.Fields)
		} else {
			url, _, err := e.files.URL(ctx, res.Asset.Key)
			if err != nil {
				t.Fatal(err)
			}
			hr, err := http.Get(url)
			if err != nil || hr.StatusCode != 200 {
				t.Fatalf("presigned GET: %v %v", err, hr)
			}
			data, _ := io.ReadAll(hr.Body)
			hr.Body.Close()
			w, h := content.Size(c.kind, c.p)
			switch c.kind {
			case content.Image:
				cfg, err := png.DecodeConfig(bytes.NewReader(data))
				if err != nil || cfg.Width != w || cfg.Height != h {
					t.Fatalf("png %v %dx%d", err, cfg.Width, cfg.Height)
				}
			case content.Video:
				an, err := gif.DecodeAll(bytes.NewReader(data))
				if err != nil || len(an.Image) != content.VideoSeconds*10 || an.Config.Width != w || an.Config.Height != h {
					t.Fatalf("gif %v", err)
				}
			}
			t.Logf("%s %s: %s %dx%d, %d bytes, %s", c.kind, c.p, res.Asset.ContentType, w, h, len(data), res.Asset.Key)
		}
		// A redelivered (duplicate) message has no second effect.
		if resp := deliver(job); len(resp.BatchItemFailures) != 0 {
			t.Fatalf("redelivery: %+v", resp)
		}
		if again, _, _ := e.store.Get(ctx, orgID, r.ID); again.Version != got.Version {
			t.Fatalf("redelivery wrote version %d", again.Version)
		}
	}
	poison := deliver(jobs.Content{OrgID: orgID, RequestID: ids.New("cr"), Kind: jobs.Copy})
	if len(poison.BatchItemFailures) != 1 {
		t.Fatalf("poison: %+v", poison)
	}
}
