package local

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// Invoker runs one function invocation.
type Invoker interface {
	Invoke(ctx context.Context, event []byte) ([]byte, error)
}

// route is one HttpApi event of the template, bound to its function.
type route struct {
	template.Route
	fn       Invoker
	segments []string
}

// Gateway is the local stand-in for API Gateway's HTTP API: it matches the
// template's routes, enforces the JWT authorizer, turns requests into
// payload 2.0 events and function responses back into HTTP.
type Gateway struct {
	routes []route
	tokens *TokenIssuer
	log    *slog.Logger
	// Control serves /_local/ (schedules fired by hand); nil for none.
	Control http.Handler
	// Host is the API's domain name as the events report it.
	Host string
	// Cors is the HTTP API's CorsConfiguration (nil: no CORS).
	Cors *template.Cors
	now  func() time.Time
}

// NewGateway builds the gateway for fns' routes.
func NewGateway(fns map[string]Invoker, defs []template.Function, tokens *TokenIssuer, log *slog.Logger) *Gateway {
	g := &Gateway{tokens: tokens, log: log, now: time.Now, Host: "localhost"}
	for _, f := range defs {
		for _, r := range f.Routes {
			g.routes = append(g.routes, route{Route: r, fn: fns[f.LogicalID], segments: strings.Split(strings.Trim(r.Path, "/"), "/")})
		}
	}
	return g
}

// match finds the route API Gateway would pick: the most specific path
// (literal segments over {param} over {proxy+}), then a method over ANY.
func (g *Gateway) match(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	type cand struct {
		r      *route
		params map[string]string
		score  []int
	}
	var cands []cand
	for i := range g.routes {
		r := &g.routes[i]
		if r.Method != "ANY" && r.Method != method {
			continue
		}
		params, score, ok := matchPath(r.segments, segs)
		if !ok {
			continue
		}
		methodScore := 0
		if r.Method != "ANY" {
			methodScore = 1
		}
		cands = append(cands, cand{r, params, append(score, methodScore)})
	}
	if len(cands) == 0 {
		return nil, nil
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].score, cands[j].score
		for k := range min(len(a), len(b)) {
			if a[k] != b[k] {
				return a[k] > b[k]
			}
		}
		return len(a) > len(b)
	})
	return cands[0].r, cands[0].params
}

// matchPath scores each segment: 3 literal, 2 {param}, 1 {proxy+}.
func matchPath(pattern, segs []string) (map[string]string, []int, bool) {
	params := map[string]string{}
	var score []int
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "+}") {
			if i >= len(segs) {
				return nil, nil, false
			}
			params[p[1:len(p)-2]] = strings.Join(segs[i:], "/")
			return params, append(score, 1), true
		}
		if i >= len(segs) {
			return nil, nil, false
		}
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" {
				return nil, nil, false
			}
			params[p[1:len(p)-1]] = segs[i]
			score = append(score, 2)
			continue
		}
		if p != segs[i] {
			return nil, nil, false
		}
		score = append(score, 3)
	}
	if len(segs) != len(pattern) {
		return nil, nil, false
	}
	return params, score, true
}

// The size limits between a client and a function: API Gateway refuses a
// request body over 10 MB, and Lambda refuses an invocation payload (here
// the payload 2.0 event, body included, base64 or JSON-escaped) over 6 MB
// before the function runs.
const (
	maxBody         = 10 << 20
	maxInvokeEvent  = 6 << 20
	problemTooLarge = "payload-too-large"
	problemNoFn     = "function-unavailable"
)

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.Control != nil && strings.HasPrefix(r.URL.Path, "/_local/") {
		g.Control.ServeHTTP(w, r)
		return
	}
	start := g.now()
	if r.ContentLength > maxBody {
		tooLarge(w, fmt.Sprintf("Request bodies are limited to %d bytes by API Gateway.", maxBody))
		return
	}
	if g.preflight(w, r) {
		return
	}
	g.corsHeaders(w, r)
	rt, params := g.match(r.Method, r.URL.Path)
	if rt == nil {
		// API Gateway's own answer for an unmatched route.
		writeGatewayJSON(w, http.StatusNotFound, `{"message":"Not Found"}`)
		return
	}
	var claims map[string]string
	if !rt.Public {
		raw, err := g.authorize(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			p := problem.Unauthorized()
			p.Detail = "A valid bearer token is required: " + err.Error() + "."
			problem.Write(w, p)
			return
		}
		claims = ClaimStrings(raw)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if len(body) > maxBody {
		tooLarge(w, fmt.Sprintf("Request bodies are limited to %d bytes by API Gateway.", maxBody))
		return
	}
	if err != nil {
		problem.Write(w, problem.BadRequest("The request body could not be read: "+err.Error()+"."))
		return
	}
	ev := g.Event(r, rt.Route, params, claims, body, start)
	payload, _ := json.Marshal(ev)
	if len(payload) > maxInvokeEvent {
		tooLarge(w, fmt.Sprintf("The request, as the function's event (%d bytes), exceeds Lambda's invocation payload limit of %d bytes.", len(payload), maxInvokeEvent))
		return
	}
	// API Gateway finishes an invocation whose client has left; so does
	// the runtime (it detaches from the request's cancellation and bounds
	// the invocation by the function's timeout).
	out, err := rt.fn.Invoke(context.WithoutCancel(r.Context()), payload)
	var unavailable *UnavailableError
	switch {
	case errors.As(err, &unavailable):
		g.log.Error("function unavailable", "function", unavailable.Function, "route", ev.RouteKey, "requestId", ev.RequestContext.RequestID, "error", err.Error())
		status, title := http.StatusBadGateway, "The function failed"
		if unavailable.Restarting {
			status, title = http.StatusServiceUnavailable, "The function is restarting"
			w.Header().Set("Retry-After", "1")
		}
		problem.Write(w, problem.New(status, problemNoFn, title, err.Error()+"."))
		return
	case err != nil:
		g.log.Error("function failed", "route", ev.RouteKey, "requestId", ev.RequestContext.RequestID, "error", err.Error())
		writeGatewayJSON(w, http.StatusInternalServerError, `{"message":"Internal Server Error"}`)
		return
	}
	writeResponse(w, out)
}

func tooLarge(w http.ResponseWriter, detail string) {
	// The client may still be sending: say so and close.
	w.Header().Set("Connection", "close")
	problem.Write(w, problem.New(http.StatusRequestEntityTooLarge, problemTooLarge, "The request body is too large", detail))
}

// preflight answers a CORS preflight request the way API Gateway does when
// the API has a CorsConfiguration: itself, whatever the routes and without
// the authorizer. It reports whether r was one.
func (g *Gateway) preflight(w http.ResponseWriter, r *http.Request) bool {
	if g.Cors == nil || r.Method != http.MethodOptions || r.Header.Get("Origin") == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	if origin, ok := g.allowedOrigin(r.Header.Get("Origin")); ok {
		h.Set("Access-Control-Allow-Origin", origin)
		if g.Cors.AllowCredentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		if len(g.Cors.AllowMethods) > 0 {
			h.Set("Access-Control-Allow-Methods", strings.Join(g.Cors.AllowMethods, ","))
		}
		if len(g.Cors.AllowHeaders) > 0 {
			h.Set("Access-Control-Allow-Headers", strings.Join(g.Cors.AllowHeaders, ","))
		}
		if g.Cors.MaxAge > 0 {
			h.Set("Access-Control-Max-Age", strconv.Itoa(g.Cors.MaxAge))
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

// corsHeaders adds the CORS response headers for an allowed Origin, as API
// Gateway does to every answer (the function's CORS headers are replaced).
func (g *Gateway) corsHeaders(w http.ResponseWriter, r *http.Request) {
	if g.Cors == nil || r.Header.Get("Origin") == "" {
		return
	}
	origin, ok := g.allowedOrigin(r.Header.Get("Origin"))
	if !ok {
		return
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Origin", origin)
	if g.Cors.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if len(g.Cors.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(g.Cors.ExposeHeaders, ","))
	}
}

func (g *Gateway) allowedOrigin(origin string) (string, bool) {
	for _, o := range g.Cors.AllowOrigins {
		if o == "*" {
			return "*", true
		}
		if strings.EqualFold(o, origin) {
			return origin, true
		}
	}
	return "", false
}

func (g *Gateway) authorize(r *http.Request) (map[string]any, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, fmt.Errorf("the Authorization header is missing")
	}
	// API Gateway accepts the token with or without the scheme, whose
	// name is case-insensitive (RFC 9110).
	tok := h
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		tok = h[7:]
	}
	return g.tokens.Verify(strings.TrimSpace(tok), g.now())
}

// Event builds the HTTP API payload 2.0 event for r.
func (g *Gateway) Event(r *http.Request, rt template.Route, params map[string]string, claims map[string]string, body []byte, at time.Time) events.APIGatewayV2HTTPRequest {
	routeKey := rt.Method + " " + rt.Path
	headers := map[string]string{}
	var cookies []string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if lk == "cookie" {
			for _, v := range vs {
				for _, c := range strings.Split(v, ";") {
					if c = strings.TrimSpace(c); c != "" {
						cookies = append(cookies, c)
					}
				}
			}
			continue
		}
		headers[lk] = strings.Join(vs, ",")
	}
	host := r.Host
	if host == "" {
		host = g.Host
	}
	headers["host"] = host
	sourceIP, _, _ := net.SplitHostPort(r.RemoteAddr)
	if sourceIP == "" {
		sourceIP = "127.0.0.1"
	}
	headers["x-forwarded-for"] = sourceIP
	headers["x-forwarded-proto"] = "http"
	if _, port, err := net.SplitHostPort(host); err == nil {
		headers["x-forwarded-port"] = port
	}
	headers["content-length"] = strconv.Itoa(len(body))
	reqID := requestID()
	headers["x-amzn-trace-id"] = "Root=1-" + strconv.FormatInt(at.Unix(), 16) + "-" + reqID

	var qs map[string]string
	if q := r.URL.Query(); len(q) > 0 {
		qs = map[string]string{}
		for k, vs := range q {
			qs[k] = strings.Join(vs, ",")
		}
	}
	if len(params) == 0 {
		params = nil
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version:               "2.0",
		RouteKey:              routeKey,
		RawPath:               r.URL.EscapedPath(),
		RawQueryString:        r.URL.RawQuery,
		Cookies:               cookies,
		Headers:               headers,
		QueryStringParameters: qs,
		PathParameters:        params,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey:     routeKey,
			AccountID:    "123456789012",
			Stage:        "$default",
			RequestID:    reqID,
			APIID:        "local",
			DomainName:   host,
			DomainPrefix: strings.Split(host, ".")[0],
			Time:         at.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			TimeEpoch:    at.UnixMilli(),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: r.Method, Path: r.URL.Path, Protocol: r.Proto, SourceIP: sourceIP, UserAgent: r.UserAgent(),
			},
		},
	}
	if claims != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
	}
	if len(body) > 0 {
		if isText(r.Header.Get("Content-Type"), body) {
			ev.Body = string(body)
		} else {
			ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
		}
	}
	return ev
}

// isText decides, as API Gateway does for HTTP APIs, whether a body is
// passed as text or base64.
func isText(contentType string, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "", strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "xml"),
		mt == "application/x-www-form-urlencoded", mt == "application/javascript":
		return utf8.Valid(body)
	}
	return false
}

// writeResponse turns a payload 2.0 response into HTTP. A payload that is
// not a response object is, as in API Gateway, a 200 JSON body.
func writeResponse(w http.ResponseWriter, out []byte) {
	var resp events.APIGatewayV2HTTPResponse
	var probe map[string]json.RawMessage
	if json.Unmarshal(out, &probe) != nil || probe["statusCode"] == nil || json.Unmarshal(out, &resp) != nil {
		writeGatewayJSON(w, http.StatusOK, string(out))
		return
	}
	cors := w.Header().Get("Access-Control-Allow-Origin") != ""
	for k, v := range resp.Headers {
		if cors && isCorsHeader(k) {
			continue
		}
		w.Header().Set(k, v)
	}
	for k, vs := range resp.MultiValueHeaders {
		if cors && isCorsHeader(k) {
			continue
		}
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	for _, c := range resp.Cookies {
		w.Header().Add("Set-Cookie", c)
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			writeGatewayJSON(w, http.StatusBadGateway, `{"message":"Internal Server Error"}`)
			return
		}
		body = b
	}
	if w.Header().Get("Content-Type") == "" && len(body) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
}

func isCorsHeader(k string) bool {
	return strings.HasPrefix(strings.ToLower(k), "access-control-")
}

func writeGatewayJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func requestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
