package bedrock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/bedrock"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/mp4"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/retention"
)

// reel speaks Bedrock Runtime's asynchronous invocation protocol
// (POST /async-invoke, GET /async-invoke/{invocationArn}) as Nova Reel
// does: a render completes on its third poll by writing
// <s3Uri>/<invocation id>/output.mp4 into the bucket (moto S3 here); one
// clientRequestToken is one render.
type reel struct {
	mu      sync.Mutex
	s3      *s3.Client
	garbage bool // write a file that is not MP4
	byToken map[string]string
	jobs    map[string]*render
	auth    []string
	bodies  []map[string]any
}

type render struct {
	uri   string
	polls int
}

func (rl *reel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.auth = append(rl.auth, r.Header.Get("Authorization"))
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/async-invoke":
		var in struct {
			ClientRequestToken string         `json:"clientRequestToken"`
			ModelID            string         `json:"modelId"`
			ModelInput         map[string]any `json:"modelInput"`
			OutputDataConfig   struct {
				S3 struct {
					URI string `json:"s3Uri"`
				} `json:"s3OutputDataConfig"`
			} `json:"outputDataConfig"`
		}
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &in)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		rl.bodies = append(rl.bodies, body)
		arn, ok := rl.byToken[in.ClientRequestToken]
		if !ok {
			arn = fmt.Sprintf("arn:aws:bedrock:us-east-1:123456789012:async-invoke/r%03d", len(rl.jobs)+1)
			rl.byToken[in.ClientRequestToken] = arn
			rl.jobs[arn] = &render{uri: in.OutputDataConfig.S3.URI}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"invocationArn": arn})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.EscapedPath(), "/async-invoke/"):
		arn, _ := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), "/async-invoke/"))
		j, ok := rl.jobs[arn]
		if !ok {
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"message":"no such invocation"}`))
			return
		}
		j.polls++
		status := "InProgress"
		if j.polls >= 3 {
			status = "Completed"
			if j.polls == 3 {
				u, _ := url.Parse(j.uri)
				file := mp4.Header(1280, 720, 6000)
				if rl.garbage {
					file = []byte("<html>not a video</html>")
				}
				_, err := rl.s3.PutObject(r.Context(), &s3.PutObjectInput{Bucket: aws.String(u.Host),
					Key: aws.String(strings.TrimPrefix(u.Path, "/") + "/" + arn[strings.LastIndex(arn, "/")+1:] + "/output.mp4"), Body: bytes.NewReader(file)})
				if err != nil {
					w.WriteHeader(500)
					return
				}
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"invocationArn": arn, "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:1",
			"status": status, "submitTime": time.Now().UTC().Format(time.RFC3339), "outputDataConfig": map[string]any{"s3OutputDataConfig": map[string]any{"s3Uri": j.uri}}})
	default:
		w.WriteHeader(404)
		_, _ = w.Write([]byte(`{"message":"unknown operation"}`))
	}
}

// TestVideoThroughTheQueue: a video request on ContentQueue starts a Nova
// Reel render writing into the assets bucket under the organization's
// prefix; the generator's own delayed messages poll it; the request is
// ready with the MP4 the model wrote, checked for size and length, its
// seconds billed once though every message is delivered twice. A render
// whose file is not MP4 is deleted, restarted, and the request fails
// after its attempts with that reason.
func TestVideoThroughTheQueue(t *testing.T) {
	ctx := context.Background()
	st, cfg := testenv.Stack(t)
	bucket := testenv.Name(t, st, "AssetsBucket")
	files := assets.New(cfg, bucket)
	store := testenv.Must[*contentdb.Store](t)(contentdb.New(testenv.Table(t, retention.Account)))
	client := sqs.NewFromConfig(cfg)
	// A queue of its own: shared/content/assets' test runs in parallel on
	// the stack's ContentQueue and deletes the messages that are not its
	// own, which left this request queued.
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(ids.New("video-test"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = client.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: created.QueueUrl})
	})
	q := queue.Sender{SQS: client, URL: aws.ToString(created.QueueUrl)}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })

	for _, garbage := range []bool{false, true} {
		rl := &reel{s3: s3c, garbage: garbage, byToken: map[string]string{}, jobs: map[string]*render{}}
		srv := httptest.NewServer(rl)
		t.Cleanup(srv.Close)
		p, err := bedrock.New(cfg, bedrock.Config{CopyModel: "amazon.nova-lite-v1:0", VideoModel: "amazon.nova-reel-v1:1", Files: files, VideoMicrosPerSecond: 80000},
			func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
		if err != nil {
			t.Fatal(err)
		}
		g := &content.Generator{Store: store, Provider: p, Assets: files, Later: q.SendLater, PollEvery: time.Second, Backoff: time.Millisecond}
		handle := testenv.QueueWorker(t, g.Job)

		orgID := ids.New("org")
		r := content.Request{OrgID: orgID, ID: ids.New("cr"), Kind: content.Video, Placement: rules.MetaFeed, Service: "HydraFacial", Offer: "$50 off your first visit",
			CTA: "Book now", Variants: 1, Brand: content.Brand{CompanyName: "Lumen Aesthetics"}, Status: content.Queued, CreatedAt: time.Now()}
		if err := store.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := q.SendOne(ctx, jobs.Content{OrgID: orgID, RequestID: r.ID, Kind: jobs.Video}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			got, _, _ := store.Get(ctx, orgID, r.ID)
			if got.Status == content.Ready || got.Status == content.Failed {
				break
			}
			out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL), MaxNumberOfMessages: 1, WaitTimeSeconds: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range out.Messages {
				ev := events.SQSEvent{Records: []events.SQSMessage{{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)}}}
				for range 2 { // delivered twice
					if _, err := handle(ctx, ev); err != nil {
						t.Fatal(err)
					}
				}
				_, _ = client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.URL), ReceiptHandle: m.ReceiptHandle})
			}
		}
		got, _, _ := store.Get(ctx, orgID, r.ID)
		prefix := "assets/" + orgID + "/content/" + r.ID + "/video-1/"
		listed, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		if err != nil {
			t.Fatal(err)
		}
		if garbage {
			if got.Status != content.Failed || !strings.Contains(got.Reason, "not MP4") || len(rl.jobs) != 3 || len(listed.Contents) != 0 {
				t.Fatalf("%s %q, %d renders, %d files left", got.Status, got.Reason, len(rl.jobs), len(listed.Contents))
			}
			continue
		}
		if got.Status != content.Ready || got.Provider != "bedrock" {
			t.Fatalf("%s %q", got.Status, got.Reason)
		}
		a := got.Results[0].Asset
		if !strings.HasPrefix(a.Key, prefix) || a.Width != 1280 || a.Height != 720 || a.DurationMs != 6000 || a.ContentType != "video/mp4" {
			t.Fatalf("%+v", a)
		}
		if len(rl.jobs) != 1 || got.Usage.VideoSeconds != 6 || got.Usage.CostMicros != 6*80000 || len(listed.Contents) != 1 {
			t.Fatalf("%d renders, usage %+v, %d files", len(rl.jobs), got.Usage, len(listed.Contents))
		}
		b := rl.bodies[0]
		in, _ := json.Marshal(b["modelInput"])
		if b["modelId"] != "amazon.nova-reel-v1:1" || !strings.Contains(string(in), `"taskType":"TEXT_VIDEO"`) || !strings.Contains(string(in), `"dimension":"1280x720"`) || !strings.Contains(rl.auth[0], "/bedrock/aws4_request") {
			t.Fatalf("%v %s", b, rl.auth[0])
		}
	}
}
