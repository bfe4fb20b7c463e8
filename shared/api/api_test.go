package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/buildinfo"
	"github.com/medspa-ai/backend/shared/logging"
)

// invoke drives the handler the way Lambda does: an HTTP API payload 2.0
// event from events/ through aws-lambda-go-api-proxy.
func invoke(t *testing.T, file string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", "api", file))
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	h := api.New(api.Deps{Log: logging.New(&bytes.Buffer{}, "INFO"), Stage: "test"})
	resp, err := httpadapter.NewV2(h).ProxyWithContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestHealthFromSampleEvent(t *testing.T) {
	buildinfo.Version, buildinfo.Commit = "v1.2.3", "abc1234"
	resp := invoke(t, "health.json")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	var h api.Health
	if err := json.Unmarshal([]byte(resp.Body), &h); err != nil {
		t.Fatal(err)
	}
	if h.Status != "ok" || h.Version != "v1.2.3" || h.Commit != "abc1234" || h.BuildTime == "" || h.Stage != "test" {
		t.Fatalf("health = %+v", h)
	}
}

func TestUnknownRouteIsProblemJSON(t *testing.T) {
	resp := invoke(t, "unknown-route.json")
	if resp.StatusCode != 404 || resp.Headers["Content-Type"] != "application/problem+json" {
		t.Fatalf("got %d %v: %s", resp.StatusCode, resp.Headers, resp.Body)
	}
}
