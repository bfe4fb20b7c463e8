// Package logging builds the JSON slog logger every function uses: request
// and correlation IDs on every line, and redaction so tokens, secrets and
// auth headers never reach a log even when a caller logs them by mistake.
package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

type ctxKey struct{}

// IDs identifies the work a log line belongs to.
type IDs struct {
	RequestID     string
	CorrelationID string
}

// WithIDs returns ctx carrying ids; handlers add them where work starts.
func WithIDs(ctx context.Context, ids IDs) context.Context {
	return context.WithValue(ctx, ctxKey{}, ids)
}

// IDsFrom returns the IDs carried by ctx, falling back to Lambda's request ID.
func IDsFrom(ctx context.Context) IDs {
	ids, _ := ctx.Value(ctxKey{}).(IDs)
	if ids.RequestID == "" {
		if lc, ok := lambdacontext.FromContext(ctx); ok {
			ids.RequestID = lc.AwsRequestID
		}
	}
	return ids
}

// New returns a JSON logger writing to w at level (DEBUG, INFO, WARN, ERROR;
// anything else is INFO).
func New(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lv, ReplaceAttr: redact})
	return slog.New(idHandler{h})
}

// Default is New(os.Stdout, $LOG_LEVEL): Lambda ships stdout to CloudWatch.
func Default() *slog.Logger { return New(os.Stdout, os.Getenv("LOG_LEVEL")) }

type idHandler struct{ slog.Handler }

func (h idHandler) Handle(ctx context.Context, r slog.Record) error {
	ids := IDsFrom(ctx)
	if ids.RequestID != "" {
		r.AddAttrs(slog.String("requestId", ids.RequestID))
	}
	if ids.CorrelationID != "" {
		r.AddAttrs(slog.String("correlationId", ids.CorrelationID))
	}
	return h.Handler.Handle(ctx, r)
}

func (h idHandler) WithAttrs(as []slog.Attr) slog.Handler { return idHandler{h.Handler.WithAttrs(as)} }
func (h idHandler) WithGroup(n string) slog.Handler       { return idHandler{h.Handler.WithGroup(n)} }

// Redacted replaces every secret value.
const Redacted = "[REDACTED]"

// Keys whose values are secret whatever they look like. Both expressions
// are compiled on first use: a cold start that logs nothing (a health
// check at INFO) does not pay for them.
var secretKey = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(token|secret|passw|authorization|cookie|api[-_]?key|credential|signature|code[-_]?verifier|session|otp|verification[-_]?code)`)
})

// Values that are secret wherever they appear: bearer credentials, JWTs,
// Meta long-lived tokens (EAA...), Google OAuth tokens (ya29. / 1//).
var secretValue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)bearer\s+\S+|eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*|\bEAA[A-Za-z0-9]{20,}|\bya29\.[\w-]+|\b1//[\w-]{20,}`)
})

func redact(groups []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() != slog.KindGroup && (isSecretKey(a.Key) || inSecretGroup(groups)) {
		// A group named like a secret (slog.Group("authorization", ...),
		// WithGroup("session")) is secret in every member.
		return slog.String(a.Key, Redacted)
	}
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); mayHoldSecret(s) && secretValue().MatchString(s) {
			return slog.String(a.Key, secretValue().ReplaceAllString(s, Redacted))
		}
	case slog.KindAny:
		// Errors and Stringers are rendered here so a token inside an
		// error message is caught too.
		if _, ok := a.Value.Any().(slog.Level); ok {
			return a // the built-in level, on every line
		}
		if v, ok := a.Value.Any().(error); ok {
			s := v.Error()
			if mayHoldSecret(s) && secretValue().MatchString(s) {
				return slog.String(a.Key, secretValue().ReplaceAllString(s, Redacted))
			}
			return a
		}
		// Maps, structs and slices are written as JSON: redact the JSON
		// the handler would write, by key and by value, at any depth.
		if v, ok := redactJSON(a.Value.Any()); ok {
			return slog.Any(a.Key, v)
		}
	}
	return a
}

func inSecretGroup(groups []string) bool {
	for _, g := range groups {
		if isSecretKey(g) {
			return true
		}
	}
	return false
}

// redactJSON renders v as the JSON handler would and, when that JSON holds a
// secret key or value, returns it with those redacted (ok true).
func redactJSON(v any) (any, bool) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	if !mayHoldSecret(string(b)) && !secretKey().Match(b) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return nil, false
	}
	out, changed := redactValue(doc)
	return out, changed
}

func redactValue(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		changed := false
		for k, e := range x {
			// Not isSecretKey: keys from data must not grow its cache.
			if secretKey().MatchString(k) {
				x[k], changed = Redacted, true
				continue
			}
			if r, c := redactValue(e); c {
				x[k], changed = r, true
			}
		}
		return x, changed
	case []any:
		changed := false
		for i, e := range x {
			if r, c := redactValue(e); c {
				x[i], changed = r, true
			}
		}
		return x, changed
	case string:
		if mayHoldSecret(x) && secretValue().MatchString(x) {
			return secretValue().ReplaceAllString(x, Redacted), true
		}
	}
	return v, false
}

// secretKeys caches isSecretKey: attribute keys come from a small fixed set,
// and the regex would otherwise run on every key of every line.
var secretKeys sync.Map

func isSecretKey(k string) bool {
	if v, ok := secretKeys.Load(k); ok {
		return v.(bool)
	}
	v := secretKey().MatchString(k)
	if len(k) <= 64 { // a key built from data must not grow the cache without bound
		secretKeys.Store(k, v)
	}
	return v
}

// mayHoldSecret is a cheap screen before the secretValue regex, which is
// costly on every string of every log line: each alternative of the regex
// contains one of these literals.
func mayHoldSecret(s string) bool {
	if strings.Contains(s, "eyJ") || strings.Contains(s, "EAA") || strings.Contains(s, "ya29.") || strings.Contains(s, "1//") {
		return true
	}
	for i := 0; i+6 <= len(s); i++ {
		if (s[i] == 'b' || s[i] == 'B') && strings.EqualFold(s[i:i+6], "bearer") {
			return true
		}
	}
	return false
}

// HeaderValue is for logging an HTTP header safely: secret headers come out redacted.
func HeaderValue(name, value string) string {
	if secretKey().MatchString(name) || strings.EqualFold(name, "x-api-key") {
		return Redacted
	}
	return secretValue().ReplaceAllString(value, Redacted)
}
