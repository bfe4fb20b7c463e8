package awsclient

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/logging"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestFromEnv(t *testing.T) {
	cfg, err := FromEnv(env(map[string]string{
		"AWS_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "tok",
		"AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
	}))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "AKID" || creds.SessionToken != "tok" || cfg.Region != "us-west-2" {
		t.Fatalf("config %+v creds %+v %v", cfg, creds, err)
	}
	if got := *cfg.BaseEndpoint; got != "http://127.0.0.1:5000" {
		t.Fatalf("base endpoint %s", got)
	}
	src := cfg.ConfigSources[0].(endpoints)
	if v, ok, _ := src.GetServiceBaseEndpoint(context.Background(), dynamodb.ServiceID); !ok || v != "http://127.0.0.1:8000" {
		t.Fatalf("dynamodb endpoint %q %v", v, ok)
	}
	if _, ok, _ := src.GetServiceBaseEndpoint(context.Background(), sqs.ServiceID); ok {
		t.Fatal("sqs has no service-specific endpoint")
	}
}

func TestFromEnvNamesWhatIsMissing(t *testing.T) {
	_, err := FromEnv(env(map[string]string{}))
	if err == nil || !strings.Contains(err.Error(), "AWS_REGION") || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Fatalf("error %v", err)
	}
}

// TestSDKLevel: the SDK's spurious checksum warning for a response without
// a CRC32 header is debug; a real mismatch and other warnings stay warnings.
func TestSDKLevel(t *testing.T) {
	for msg, want := range map[string]slog.Level{
		"failed to close HTTP response body, this may affect connection reuse: response did not match expected checksum, 0, 837963753":          slog.LevelDebug,
		"failed to close HTTP response body, this may affect connection reuse: response did not match expected checksum, 1247023415, 837963753": slog.LevelWarn,
		"request failed with unretryable error": slog.LevelWarn,
	} {
		if got := sdkLevel(logging.Warn, msg); got != want {
			t.Errorf("%q: %v, want %v", msg, got, want)
		}
	}
	if got := sdkLevel(logging.Debug, "anything"); got != slog.LevelDebug {
		t.Errorf("debug classification: %v", got)
	}
}
