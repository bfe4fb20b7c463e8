package bedrock_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/bedrock"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/fake"
)

// runtime is a local server speaking the Bedrock Runtime wire protocol
// (REST-JSON): POST /model/{modelId}/converse and /model/{modelId}/invoke,
// errors as the service sends them (status, X-Amzn-ErrorType, message).
type runtime struct {
	mu        sync.Mutex
	throttle  int      // answer this many requests with ThrottlingException first
	answers   []string // Converse texts, one per call (the last repeats)
	calls     []call
	imageSize image.Point
}

type call struct {
	path, auth string
	body       map[string]any
}

func (rt *runtime) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	rt.mu.Lock()
	rt.calls = append(rt.calls, call{r.URL.Path, r.Header.Get("Authorization"), body})
	n := len(rt.calls)
	throttled := rt.throttle > 0
	if throttled {
		rt.throttle--
	}
	rt.mu.Unlock()
	if throttled {
		w.Header().Set("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(`{"message":"Too many requests, please wait before trying again."}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/converse"):
		text := rt.answers[min(n-1, len(rt.answers)-1)]
		block := map[string]any{"text": text}
		if in, ok := strings.CutPrefix(text, "tool:"); ok {
			// The structured answer: a call of the forced tool.
			block = map[string]any{"toolUse": map[string]any{"toolUseId": "tooluse_1", "name": bedrock.ToolName, "input": json.RawMessage(in)}}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": []any{block}}},
			"stopReason": "end_turn", "usage": map[string]any{"inputTokens": 812, "outputTokens": 164, "totalTokens": 976}, "metrics": map[string]any{"latencyMs": 420},
		})
	case strings.HasSuffix(r.URL.Path, "/invoke"):
		var buf bytes.Buffer
		_ = png.Encode(&buf, image.NewRGBA(image.Rectangle{Max: rt.imageSize}))
		_ = json.NewEncoder(w).Encode(map[string]any{"images": []string{base64.StdEncoding.EncodeToString(buf.Bytes())}})
	default:
		w.WriteHeader(404)
		_, _ = w.Write([]byte(`{"message":"unknown operation"}`))
	}
}

func provider(t *testing.T, rt *runtime) *bedrock.Provider {
	srv := httptest.NewServer(rt)
	t.Cleanup(srv.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")}
	p, err := bedrock.New(cfg, bedrock.Config{CopyModel: "amazon.nova-lite-v1:0", ImageModel: "amazon.nova-canvas-v1:0", InputMicrosPer1K: 60, OutputMicrosPer1K: 240, ImageMicros: 40000},
		func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func request(kind content.Kind, p rules.Placement) content.Request {
	return content.Request{OrgID: "org_b", ID: "cr_" + string(kind), Kind: kind, Placement: p, Service: "HydraFacial", Offer: "20% off your first visit",
		CTA: "Book now", Variants: 1, Brand: content.Brand{CompanyName: "Glow Studio", BrandVoice: "warm"}, Status: content.Queued, Version: 1}
}

func run(t *testing.T, p content.Provider, r content.Request) content.Request {
	t.Helper()
	store := fake.NewContent()
	_ = store.Create(context.Background(), r)
	g := &content.Generator{Store: store, Provider: p, Assets: &fake.Assets{}, Backoff: time.Millisecond}
	if err := g.Run(context.Background(), r.OrgID, r.ID); err != nil {
		t.Fatal(err)
	}
	got, _, _ := store.Get(context.Background(), r.OrgID, r.ID)
	return got
}

const goodCopy = `tool:{"variants":[{"primaryText":"Glow Studio offers HydraFacial treatments by licensed aestheticians. 20% off your first visit.","headline":"HydraFacial at Glow Studio","description":"Book now"}]}`

// goodText is the same answer from a model that ignored the tool and
// wrote JSON in text, with a preamble.
const goodText = `Here you go:
{"variants":[{"primaryText":"Glow Studio offers HydraFacial treatments by licensed aestheticians. 20% off your first visit.","headline":"HydraFacial at Glow Studio","description":"Book now"}]}`

// TestConverse: the request is signed (SigV4, service bedrock), names the
// model in the path, carries the brief; the JSON answer is parsed and
// checked; tokens and cost are recorded; throttling is retried.
func TestConverse(t *testing.T) {
	rt := &runtime{throttle: 2, answers: []string{goodCopy}}
	got := run(t, provider(t, rt), request(content.Copy, rules.MetaFeed))
	if got.Status != content.Ready || got.Provider != "bedrock" || got.Model != "amazon.nova-lite-v1:0" {
		t.Fatalf("%s %s %+v", got.Status, got.Reason, got.Violations)
	}
	if len(rt.calls) != 3 {
		t.Fatalf("%d calls, want 2 throttled and 1 answered", len(rt.calls))
	}
	c := rt.calls[2]
	if c.path != "/model/amazon.nova-lite-v1:0/converse" {
		t.Fatalf("path %q", c.path)
	}
	if !strings.HasPrefix(c.auth, "AWS4-HMAC-SHA256 Credential=AKIDTEST/") || !strings.Contains(c.auth, "/us-east-1/bedrock/aws4_request") || !strings.Contains(c.auth, "Signature=") {
		t.Fatalf("not SigV4-signed for bedrock: %q", c.auth)
	}
	msgs, _ := json.Marshal(c.body["messages"])
	if !strings.Contains(string(msgs), "HydraFacial") || !strings.Contains(string(msgs), "primaryText (125)") || c.body["system"] == nil {
		t.Fatalf("brief not sent: %s", msgs)
	}
	tools, _ := json.Marshal(c.body["toolConfig"])
	for _, want := range []string{`"toolChoice":{"tool":{"name":"submit_ad_copy"}}`, `"primaryText":{"maxLength":125,"type":"string"}`, `"additionalProperties":false`, `"maxItems":1`} {
		if !strings.Contains(string(tools), want) {
			t.Fatalf("structured output not asked for: %s lacks %s", tools, want)
		}
	}
	if got.Usage.InputTokens != 812 || got.Usage.OutputTokens != 164 || got.Usage.CostMicros != (812*60+164*240)/1000 {
		t.Fatalf("usage %+v", got.Usage)
	}
	if got.Results[0].Fields["headline"] != "HydraFacial at Glow Studio" {
		t.Fatalf("fields %v", got.Results[0].Fields)
	}
}

// TestTextAnswer: a model that answers in text rather than through the
// tool is still read, from the JSON in its text.
func TestTextAnswer(t *testing.T) {
	got := run(t, provider(t, &runtime{answers: []string{goodText}}), request(content.Copy, rules.MetaFeed))
	if got.Status != content.Ready || got.Results[0].Fields["headline"] != "HydraFacial at Glow Studio" {
		t.Fatalf("%s %s %+v", got.Status, got.Reason, got.Results)
	}
}

// TestViolatingModelCopyIsNeverReady: the model keeps answering with copy
// that breaks rules (and once with malformed JSON); the request ends
// rejected, the violations were fed back in the later prompts.
func TestViolatingModelCopyIsNeverReady(t *testing.T) {
	bad := `tool:{"variants":[{"primaryText":"Are you struggling with wrinkles? Botox results guaranteed.","headline":"Permanent results","description":"Pain-free"}]}`
	rt := &runtime{answers: []string{bad, "not json at all", bad}}
	got := run(t, provider(t, rt), request(content.Copy, rules.MetaFeed))
	if got.Status != content.Rejected || len(got.Results) != 0 || got.Attempts != 3 {
		t.Fatalf("%s attempts %d", got.Status, got.Attempts)
	}
	last, _ := json.Marshal(rt.calls[2].body["messages"])
	if !strings.Contains(string(last), "broke these rules") {
		t.Fatalf("no feedback in the last prompt: %s", last)
	}
}

// TestImageModel: InvokeModel with the text-to-image body at a size the
// model accepts (multiples of 16), cropped to the placement's exact size.
func TestImageModel(t *testing.T) {
	rt := &runtime{imageSize: image.Pt(1088, 1920)}
	got := run(t, provider(t, rt), request(content.Image, rules.MetaStory))
	if got.Status != content.Ready || got.Results[0].Asset.Width != 1080 || got.Results[0].Asset.Height != 1920 {
		t.Fatalf("%s %s %+v", got.Status, got.Reason, got.Results)
	}
	c := rt.calls[0]
	cfg := c.body["imageGenerationConfig"].(map[string]any)
	if c.path != "/model/amazon.nova-canvas-v1:0/invoke" || c.body["taskType"] != "TEXT_IMAGE" || cfg["width"] != float64(1088) || cfg["height"] != float64(1920) {
		t.Fatalf("%s %v", c.path, c.body)
	}
	if got.Usage.Images != 1 || got.Usage.CostMicros != 40000 {
		t.Fatalf("usage %+v", got.Usage)
	}
}

// TestThrottlingPersists: still throttled after the retries, the error is
// transient (the message is redelivered later).
func TestThrottlingPersists(t *testing.T) {
	rt := &runtime{throttle: 100, answers: []string{goodCopy}}
	_, err := provider(t, rt).Generate(context.Background(), content.Spec(request(content.Copy, rules.MetaFeed)))
	if !errors.Is(err, content.ErrTransient) || len(rt.calls) != 1 {
		t.Fatalf("%v after %d calls (the client must not retry on its own)", err, len(rt.calls))
	}
}
