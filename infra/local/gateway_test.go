package local

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/infra/template"
)

// capture records the event it is invoked with and answers like a handler.
type capture struct{ event []byte }

func (c *capture) Invoke(_ context.Context, ev []byte) ([]byte, error) {
	c.event = ev
	return []byte(`{"statusCode":201,"headers":{"Content-Type":"text/plain","X-Test":"1"},"cookies":["a=1; Path=/","b=2"],"body":"aGVsbG8=","isBase64Encoded":true}`), nil
}

func testGateway(t *testing.T) (*Gateway, *capture, *TokenIssuer) {
	t.Helper()
	iss, err := LoadIssuer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.Load(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := template.NewResolver(tpl, nil, nil)
	c := &capture{}
	var defs []template.Function
	fns := map[string]Invoker{}
	for _, id := range tpl.OfType(template.FunctionType) {
		f := template.Function{LogicalID: id}
		// Only the routes matter here; resolve events without resources.
		if err := resolveRoutes(r, tpl, id, &f); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, f)
		fns[id] = c
	}
	return NewGateway(fns, defs, iss, slog.New(slog.NewTextHandler(io.Discard, nil))), c, iss
}

func resolveRoutes(r *template.Resolver, tpl *template.Template, id string, f *template.Function) error {
	for name, raw := range template.Map(tpl.Resources[id].Properties, "Events") {
		ev, _ := raw.(map[string]any)
		if ev["Type"] != "HttpApi" {
			continue
		}
		p := template.Map(ev, "Properties")
		authz, _ := template.Map(p, "Auth")["Authorizer"].(string)
		f.Routes = append(f.Routes, template.Route{Event: name, Method: strings.ToUpper(p["Method"].(string)), Path: p["Path"].(string), Public: authz == "NONE"})
	}
	return nil
}

// TestEventsMatchSamples sends, for every HTTP sample event in events/, the
// request it describes through the gateway, and compares the event the
// gateway builds with the sample field by field. Per-request values (IDs,
// times, trace header) are compared by presence.
func TestEventsMatchSamples(t *testing.T) {
	g, c, iss := testGateway(t)
	files, _ := filepath.Glob(filepath.Join("..", "..", "events", "*", "*.json"))
	n := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var sample events.APIGatewayV2HTTPRequest
		if json.Unmarshal(b, &sample) != nil || sample.Version != "2.0" {
			continue
		}
		n++
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			url := sample.RawPath
			if sample.RawQueryString != "" {
				url += "?" + sample.RawQueryString
			}
			body := []byte(sample.Body)
			req := httptest.NewRequest(sample.RequestContext.HTTP.Method, url, bytes.NewReader(body))
			for k, v := range sample.Headers {
				req.Header.Set(k, v)
			}
			if len(sample.Cookies) > 0 {
				req.Header.Set("Cookie", strings.Join(sample.Cookies, "; "))
			}
			if sample.RequestContext.Authorizer != nil {
				claims := sample.RequestContext.Authorizer.JWT.Claims
				var groups []string
				if gs := strings.Trim(claims["cognito:groups"], "[]"); gs != "" {
					groups = strings.Fields(gs)
				}
				tok, err := iss.Token(Identity{Subject: claims["sub"], Email: claims["email"], Groups: groups}, time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			rec := httptest.NewRecorder()
			g.ServeHTTP(rec, req)
			if rec.Code != 201 {
				t.Fatalf("gateway answered %d: %s", rec.Code, rec.Body.String())
			}
			var got events.APIGatewayV2HTTPRequest
			if err := json.Unmarshal(c.event, &got); err != nil {
				t.Fatal(err)
			}
			compareEvents(t, sample, got)
			// And the same JSON shape: no field the sample has is missing.
			var sm, gm map[string]any
			_ = json.Unmarshal(b, &sm)
			_ = json.Unmarshal(c.event, &gm)
			for _, k := range missingKeys("", sm, gm) {
				t.Errorf("event lacks %s", k)
			}
		})
	}
	if n < 3 {
		t.Fatalf("only %d HTTP sample events found", n)
	}
}

func compareEvents(t *testing.T, want, got events.APIGatewayV2HTTPRequest) {
	t.Helper()
	eq := func(field string, a, b any) {
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: sample %v, gateway %v", field, a, b)
		}
	}
	eq("version", want.Version, got.Version)
	eq("routeKey", want.RouteKey, got.RouteKey)
	eq("requestContext.routeKey", want.RequestContext.RouteKey, got.RequestContext.RouteKey)
	eq("rawPath", want.RawPath, got.RawPath)
	eq("rawQueryString", want.RawQueryString, got.RawQueryString)
	eq("queryStringParameters", want.QueryStringParameters, got.QueryStringParameters)
	eq("pathParameters", want.PathParameters, got.PathParameters)
	eq("cookies", want.Cookies, got.Cookies)
	eq("body", want.Body, got.Body)
	eq("isBase64Encoded", want.IsBase64Encoded, got.IsBase64Encoded)
	eq("requestContext.stage", want.RequestContext.Stage, got.RequestContext.Stage)
	eq("requestContext.http.method", want.RequestContext.HTTP.Method, got.RequestContext.HTTP.Method)
	eq("requestContext.http.path", want.RequestContext.HTTP.Path, got.RequestContext.HTTP.Path)
	eq("requestContext.http.protocol", want.RequestContext.HTTP.Protocol, got.RequestContext.HTTP.Protocol)
	eq("requestContext.http.userAgent", want.RequestContext.HTTP.UserAgent, got.RequestContext.HTTP.UserAgent)
	eq("authorizer present", want.RequestContext.Authorizer != nil, got.RequestContext.Authorizer != nil)
	if want.RequestContext.Authorizer != nil && got.RequestContext.Authorizer != nil {
		wc, gc := want.RequestContext.Authorizer.JWT.Claims, got.RequestContext.Authorizer.JWT.Claims
		for _, k := range []string{"sub", "email", "cognito:groups", "token_use"} {
			eq("claims."+k, wc[k], gc[k])
		}
		for _, k := range []string{"iss", "aud", "exp", "iat"} {
			if _, ok := gc[k]; !ok {
				t.Errorf("claim %s missing", k)
			}
		}
	}
	for k, v := range want.Headers {
		switch k {
		case "host", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "authorization", "content-length":
			if _, ok := got.Headers[k]; !ok {
				t.Errorf("header %s missing", k)
			}
		default:
			eq("header "+k, v, got.Headers[k])
		}
	}
	if got.RequestContext.RequestID == "" || got.RequestContext.TimeEpoch == 0 || got.RequestContext.Time == "" || got.RequestContext.HTTP.SourceIP == "" {
		t.Errorf("per-request fields missing: %+v", got.RequestContext)
	}
}

func missingKeys(prefix string, want, got map[string]any) []string {
	var out []string
	for k, v := range want {
		gv, ok := got[k]
		if !ok {
			out = append(out, prefix+k)
			continue
		}
		if wm, ok := v.(map[string]any); ok {
			if gm, ok := gv.(map[string]any); ok && k != "claims" && k != "headers" {
				out = append(out, missingKeys(prefix+k+".", wm, gm)...)
			}
		}
	}
	return out
}

func TestResponseIsReturnedFaithfully(t *testing.T) {
	g, _, _ := testGateway(t)
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/health", nil))
	if rec.Code != 201 || rec.Body.String() != "hello" || rec.Header().Get("X-Test") != "1" || rec.Header().Get("Content-Type") != "text/plain" {
		t.Fatalf("got %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
	if c := rec.Header().Values("Set-Cookie"); len(c) != 2 {
		t.Fatalf("cookies %v", c)
	}
}

func TestJWTAuthorizer(t *testing.T) {
	g, c, iss := testGateway(t)
	good, _ := iss.Token(Identity{Subject: "u1", Email: "u1@example.com", Groups: []string{PrivacyTeam}}, time.Hour)
	expired, _ := iss.Token(Identity{Subject: "u1"}, -time.Minute)
	other, _ := LoadIssuer(t.TempDir())
	foreign, _ := other.Token(Identity{Subject: "u1"}, time.Hour)
	cases := []struct {
		name, auth string
		status     int
	}{
		{"no token", "", 401},
		{"garbage", "Bearer abc", 401},
		{"expired", "Bearer " + expired, 401},
		{"another issuer's key", "Bearer " + foreign, 401},
		{"tampered", "Bearer " + good[:len(good)-4] + "AAAA", 401},
		{"valid", "Bearer " + good, 201},
		{"valid, scheme in lower case", "bearer " + good, 201},
		{"valid, no scheme", good, 201},
	}
	for _, tc := range cases {
		c.event = nil
		req := httptest.NewRequest(http.MethodGet, "/v1/me", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.status)
		}
		if tc.status == 401 {
			if rec.Header().Get("Content-Type") != "application/problem+json" || c.event != nil {
				t.Errorf("%s: not a problem+json 401, or the function was invoked", tc.name)
			}
		}
	}
	var ev events.APIGatewayV2HTTPRequest
	_ = json.Unmarshal(c.event, &ev)
	if got := ev.RequestContext.Authorizer.JWT.Claims["cognito:groups"]; got != "[privacy-team]" {
		t.Errorf("groups claim rendered %q, want [privacy-team] as API Gateway does", got)
	}
}

func TestRoutePrecedence(t *testing.T) {
	g, _, _ := testGateway(t)
	cases := map[string]string{
		"GET /v1/health":           "GET /v1/health",
		"GET /v1/openapi.json":     "GET /v1/openapi.json",
		"GET /v1/orgs/x":           "ANY /v1/{proxy+}",
		"POST /v1/health":          "ANY /v1/{proxy+}",
		"GET /oauth/meta/callback": "GET /oauth/{proxy+}",
	}
	for req, want := range cases {
		m, p, _ := strings.Cut(req, " ")
		r, _ := g.match(m, p)
		if r == nil || r.Method+" "+r.Path != want {
			t.Errorf("%s matched %v, want %s", req, r, want)
		}
	}
	if r, _ := g.match("POST", "/oauth/meta/callback"); r != nil {
		t.Errorf("POST /oauth matched %s %s", r.Method, r.Path)
	}
}
