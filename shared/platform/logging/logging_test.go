package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
)

func TestRedactsSecrets(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl"
	const meta = "EAAGm0PX4ZCpsBAKZAZBbcd1234567890abcdefXYZ"
	cases := []struct {
		name   string
		log    func(l *slog.Logger)
		secret string
	}{
		{"access_token key", func(l *slog.Logger) { l.Info("x", "access_token", "abc123secretvalue") }, "abc123secretvalue"},
		{"Authorization header key", func(l *slog.Logger) { l.Info("x", "Authorization", "Basic dXNlcjpwYXNz") }, "dXNlcjpwYXNz"},
		{"client_secret in a group", func(l *slog.Logger) { l.Info("x", slog.Group("meta", "client_secret", "s3cr3t-value")) }, "s3cr3t-value"},
		{"bearer in free text", func(l *slog.Logger) { l.Info("x", "detail", "sent Bearer "+jwt) }, jwt},
		{"jwt in message attr", func(l *slog.Logger) { l.Info("x", "value", jwt) }, jwt},
		{"meta token in error", func(l *slog.Logger) { l.Error("x", "err", errors.New("graph: token "+meta+" expired")) }, meta},
		{"google token", func(l *slog.Logger) { l.Info("x", "body", "ya29.a0AfH6SMBx-abcdef") }, "ya29.a0AfH6SMBx-abcdef"},
		{"cookie key", func(l *slog.Logger) { l.Info("x", "cookie", "sid=abcdef") }, "sid=abcdef"},
		{"group named like a secret", func(l *slog.Logger) {
			l.Info("x", slog.Group("authorization", "scheme", "Basic", "value", "dXNlcjpwYXNz"))
		}, "dXNlcjpwYXNz"},
		{"logger group named like a secret", func(l *slog.Logger) { l.WithGroup("session").Info("x", "id", "sess-abcdef-123") }, "sess-abcdef-123"},
		{"map with a secret key", func(l *slog.Logger) { l.Info("x", "params", map[string]string{"access_token": "abc123secretvalue"}) }, "abc123secretvalue"},
		{"struct with a secret field", func(l *slog.Logger) {
			l.Info("x", "creds", struct{ AppID, ClientSecret string }{"app-1", "s3cr3t-value"})
		}, "s3cr3t-value"},
		{"http headers", func(l *slog.Logger) {
			l.Info("x", "headers", map[string][]string{"Authorization": {"Basic dXNlcjpwYXNz"}})
		}, "dXNlcjpwYXNz"},
		{"jwt inside a slice", func(l *slog.Logger) { l.Info("x", "values", []string{"ok", jwt}) }, jwt},
		{"nested map", func(l *slog.Logger) {
			l.Info("x", "resp", map[string]any{"data": map[string]any{"refresh_token": "rt-abcdef-123"}})
		}, "rt-abcdef-123"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.log(New(&buf, "INFO"))
			if strings.Contains(buf.String(), tc.secret) {
				t.Fatalf("secret reached the log: %s", buf.String())
			}
			if !strings.Contains(buf.String(), Redacted) {
				t.Fatalf("no redaction marker: %s", buf.String())
			}
		})
	}
}

func TestKeepsOrdinaryValues(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, "INFO").Info("synced", "orgId", "org_123", "rows", 42)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["orgId"] != "org_123" || line["rows"] != float64(42) {
		t.Fatalf("ordinary fields changed: %v", line)
	}
}

func TestKeepsOrdinaryStructuredValues(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, "INFO").Info("sweep", "tables", []map[string]any{{"table": "t1", "deleted": 3}}, "ids", []string{"org_1"})
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	tables, _ := line["tables"].([]any)
	if len(tables) != 1 || tables[0].(map[string]any)["deleted"] != float64(3) || line["ids"].([]any)[0] != "org_1" {
		t.Fatalf("structured fields changed: %s", buf.String())
	}
}

func TestAddsIDs(t *testing.T) {
	var buf bytes.Buffer
	ctx := WithIDs(context.Background(), IDs{RequestID: "req-1", CorrelationID: "corr-9"})
	New(&buf, "INFO").With("fn", "api").InfoContext(ctx, "hello")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["requestId"] != "req-1" || line["correlationId"] != "corr-9" || line["fn"] != "api" {
		t.Fatalf("ids missing: %v", line)
	}
}

func TestLevel(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "WARN")
	l.Info("hidden")
	if buf.Len() != 0 {
		t.Fatalf("INFO logged at WARN: %s", buf.String())
	}
}

func BenchmarkLogLine(b *testing.B) {
	l := New(io.Discard, "INFO")
	ctx := WithIDs(context.Background(), IDs{RequestID: "req-1", CorrelationID: "corr-1"})
	b.ReportAllocs()
	for b.Loop() {
		l.InfoContext(ctx, "request", "route", "orgs.get", "orgId", "org_123", "userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15", "status", 200)
	}
}
