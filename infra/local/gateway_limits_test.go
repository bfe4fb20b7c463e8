package local

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/infra/testenv"
)

// corsGateway is testGateway with the template's CorsConfiguration as the
// local stack resolves it.
func corsGateway(t *testing.T) (*Gateway, *capture, *TokenIssuer) {
	t.Helper()
	g, c, iss := testGateway(t)
	tpl, err := template.Load(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := template.NewResolver(tpl, Params(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Cors, err = r.Cors("HttpApi"); err != nil || g.Cors == nil {
		t.Fatalf("CorsConfiguration: %v %v", g.Cors, err)
	}
	return g, c, iss
}

// TestBodySizeLimits sends bodies of every size class through the local
// gateway (a real HTTP server): up to what fits Lambda's 6 MB invocation
// payload reaches the function; beyond it, and beyond API Gateway's 10 MB,
// the answer is a 413 problem+json and the function is not invoked.
func TestBodySizeLimits(t *testing.T) {
	g, c, iss := testGateway(t)
	srv := httptest.NewServer(g)
	defer srv.Close()
	tok, _ := iss.Token(Identity{Subject: "u1", Email: "u1@example.com"}, time.Hour)
	const mb = 1 << 20
	for _, tc := range []struct {
		name        string
		size        int
		contentType string
		invoked     bool
	}{
		{"1 MB JSON", mb, "application/json", true},
		{"5.9 MB JSON", 59 * mb / 10, "application/json", true},
		{"5 MB binary (base64 in the event: 6.7 MB)", 5 * mb, "application/octet-stream", false},
		{"6.5 MB JSON", 65 * mb / 10, "application/json", false},
		{"8 MB JSON", 8 * mb, "application/json", false},
		{"10 MB JSON", 10 * mb, "application/json", false},
		{"11 MB JSON", 11 * mb, "application/json", false},
		{"30 MB JSON", 30 * mb, "application/json", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.event = nil
			body := bytes.Repeat([]byte("a"), tc.size)
			h := testenv.Bearer(tok)
			h["Content-Type"] = tc.contentType
			a := testenv.Call(t, http.MethodPost, srv.URL+"/v1/orgs", bytes.NewReader(body), h)
			if tc.invoked {
				if a.Status != 201 || c.event == nil {
					t.Fatalf("%d, invoked %v; want the function's answer", a.Status, c.event != nil)
				}
				return
			}
			p := a.JSON()
			if a.Status != 413 || a.Header.Get("Content-Type") != "application/problem+json" ||
				!strings.HasSuffix(p["type"].(string), "/payload-too-large") || c.event != nil {
				t.Fatalf("%d %s %v, invoked %v; want a 413 problem+json before the function", a.Status, a.Header.Get("Content-Type"), p, c.event != nil)
			}
		})
	}
}

// TestCorsPreflight: with the template's CorsConfiguration, a preflight is
// answered by the gateway (no token, no function), and actual answers carry
// Access-Control-Allow-Origin for allowed origins only.
func TestCorsPreflight(t *testing.T) {
	g, c, iss := corsGateway(t)
	preflight := func(origin, path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodOptions, path, nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "PATCH")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type,if-match")
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		return rec
	}
	c.event = nil
	rec := preflight(DevOrigin, "/v1/me")
	h := rec.Header()
	if rec.Code != 204 || c.event != nil {
		t.Fatalf("preflight: %d, invoked %v; want 204 from the gateway", rec.Code, c.event != nil)
	}
	for k, want := range map[string]string{
		"Access-Control-Allow-Origin":  DevOrigin,
		"Access-Control-Allow-Methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
		"Access-Control-Allow-Headers": "authorization,content-type,idempotency-key,if-match",
		"Access-Control-Max-Age":       "600",
	} {
		if h.Get(k) != want {
			t.Errorf("preflight %s = %q, want %q", k, h.Get(k), want)
		}
	}
	if rec := preflight("https://evil.example", "/v1/me"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a foreign origin was allowed: %v", rec.Header())
	}

	tok, _ := iss.Token(Identity{Subject: "u1", Email: "u1@example.com"}, time.Hour)
	for _, tc := range []struct {
		origin, auth, want string
	}{
		{DevOrigin, "Bearer " + tok, DevOrigin},
		{DevOrigin, "", DevOrigin}, // the 401 carries it too, or the browser hides it
		{"https://evil.example", "Bearer " + tok, ""},
	} {
		req := httptest.NewRequest(http.MethodGet, "/v1/me", nil)
		req.Header.Set("Origin", tc.origin)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.want {
			t.Errorf("GET from %s (%d): Access-Control-Allow-Origin %q, want %q", tc.origin, rec.Code, got, tc.want)
		}
		if tc.want != "" && rec.Header().Get("Access-Control-Expose-Headers") != "etag,location,idempotent-replayed" {
			t.Errorf("GET from %s: Expose-Headers %q", tc.origin, rec.Header().Get("Access-Control-Expose-Headers"))
		}
	}
}

// failing answers every invocation with err.
type failing struct{ err error }

func (f failing) Invoke(context.Context, []byte) ([]byte, error) { return nil, f.err }

// TestUnavailableFunctionIsAProblem: an invocation lost with its emulator is
// a 502 problem, one refused while it restarts a 503 with Retry-After; a
// function error stays API Gateway's 500.
func TestUnavailableFunctionIsAProblem(t *testing.T) {
	for _, tc := range []struct {
		err         error
		status      int
		contentType string
	}{
		{&UnavailableError{Function: "ApiFunction", Err: errors.New("EOF")}, 502, "application/problem+json"},
		{&UnavailableError{Function: "ApiFunction", Restarting: true}, 503, "application/problem+json"},
		{errors.New("function error: boom"), 500, "application/json"},
	} {
		g, _, _ := testGateway(t)
		for i := range g.routes {
			g.routes[i].fn = failing{tc.err}
		}
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/health", nil))
		if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.contentType {
			t.Errorf("%v: %d %s, want %d %s", tc.err, rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.contentType)
		}
		if tc.status == 503 && rec.Header().Get("Retry-After") == "" {
			t.Errorf("503 without Retry-After")
		}
	}
}
