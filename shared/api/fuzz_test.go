package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/logging"
)

// FuzzRequest sends arbitrary requests to every route of the API on the
// in-memory stores, through the Lambda proxy as in production: a route
// (its method and path, or a fuzzed method and path with {org}, {member}
// and {message} standing for a real organization's IDs), a caller (owner,
// viewer, someone else, no identity), headers ("Name: value" lines) and a
// body. Whatever arrives, the API never answers 5xx, every 4xx is
// application/problem+json with a documented type and its own status, and
// every response matches the OpenAPI document.
//
//	go test ./shared/api/ -run '^$' -fuzz '^FuzzRequest$' -fuzztime 200x
//
// The seed corpus (testdata/fuzz/FuzzRequest) holds a valid request per
// route and each kind of bad input of TestBadInputAtTheEdge.
func FuzzRequest(f *testing.F) {
	f.Add(uint8(0), uint8(0), "", "", "", "")
	var w *world
	execs := 0
	f.Fuzz(func(t *testing.T, route, who uint8, method, path, headers, body string) {
		// A fresh world now and then: the in-memory stores grow with
		// every input's organization, and so would each list's cost.
		if execs%500 == 0 {
			var err error
			if w, err = buildQuietWorld(); err != nil {
				t.Fatal(err)
			}
		}
		execs++
		routes := w.h.Routes()
		rt := routes[int(route)%len(routes)]
		fx := w.newOrg(t)
		fill := strings.NewReplacer("{orgId}", fx.id, "{org}", fx.id, "{memberId}", fx.viewer.id(), "{member}", fx.viewer.id(),
			"{messageId}", "msg_1", "{message}", "msg_1", "{requestId}", fx.content, "{connectionId}", fx.conn, "{provider}", "meta", "{recommendationId}", fx.rec, "{changeId}", fx.change, "{assetId}", fx.asset, "{draftId}", fx.draft, "{privacyRequestId}", fx.privacy, "{holdId}", fx.hold, "{policyVersion}", "2026-11", "/v1/unsubscribe", "/v1/unsubscribe?token="+url.QueryEscape(fx.unsub))
		if method == "" {
			method = rt.Method
		}
		if path == "" {
			path = rt.Path
		}
		path = fill.Replace(path)
		caller := []*user{fx.owner, fx.viewer, newUser("stranger"), nil}[int(who)%4]
		hdr := map[string]string{}
		for _, line := range strings.Split(headers, "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) != "" {
				hdr[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
			}
		}
		ev := event(caller, method, path, nil, nil)
		for k, v := range hdr {
			ev.Headers[k] = v
		}
		ev.Body = body
		out, err := w.adapter.ProxyWithContext(context.Background(), ev)
		if err != nil {
			target := "https://" + ev.RequestContext.DomainName + "/" + strings.TrimPrefix(ev.RawPath, "/")
			if ev.RawQueryString != "" {
				target += "?" + ev.RawQueryString
			}
			if _, perr := url.Parse(target); perr != nil || !validMethod(method) {
				t.Skip("not an HTTP request API Gateway would pass on:", err)
			}
			t.Fatalf("the proxy failed on %s %q: %v", method, path, err)
		}
		r := resp{status: out.StatusCode, headers: out.Headers, body: []byte(out.Body)}
		if r.status >= 500 {
			t.Fatalf("%s %q (%q, %d bytes) -> %s", method, path, headers, len(body), r)
		}
		if r.status >= 400 {
			if ct := r.header("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("%s %q -> %d of content type %q: %s", method, path, r.status, ct, r.body)
			}
			var p struct {
				Type   string `json:"type"`
				Status int    `json:"status"`
			}
			if err := json.Unmarshal(r.body, &p); err != nil || p.Status != r.status {
				t.Fatalf("%s %q -> a problem that says status %d: %s", method, path, p.Status, r.body)
			}
		}
		if err := w.conforms(method, path, r); err != nil {
			t.Fatalf("%s %q (%q) -> %s\ndoes not match openapi.json: %v", method, path, headers, r, err)
		}
	})
}

// validMethod: a method is an HTTP token (what API Gateway passes on).
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}

// buildQuietWorld is the in-memory world without the log buffer, which
// would grow with every input.
func buildQuietWorld() (*world, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	w := &world{logs: &bytes.Buffer{}, logsMu: &sync.Mutex{}, activity: &fake.Activity{}, queued: &contentQueue{}}
	orgs, conns := fake.NewOrgs(), fake.NewConnections()
	orgs.Connections = conns
	err := w.start(api.Deps{Log: logging.New(io.Discard, "ERROR"), Stage: "test", Orgs: orgs, Profiles: fake.NewProfiles(),
		Activity: w.activity, Idempotency: &fake.Idempotency{}, CursorKey: key, Content: fake.NewContent(), ContentJobs: w.queued.send,
		AssetURL: fakeAssetURL, Connector: testConnector(conns), OAuthStates: &fake.States{},
		Recommendations: fake.NewRecommendations(), BudgetApplier: fake.NewAdBudgets()})
	return w, err
}
