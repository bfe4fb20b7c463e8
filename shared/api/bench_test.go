package api

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/profile"
)

// The benchmarks measure the handler path without DynamoDB: the payload 2.0
// event through aws-lambda-go-api-proxy, routing, claims, authorization,
// body limits, strict decoding, validation, the PHI guard and JSON
// serialization. The store's one read is served from memory (memStore)
// and the recorder discards; every other store method is a nil interface,
// so a benchmark that reached DynamoDB would panic instead of measuring it.

type memStore struct {
	org.Store // nil: any method but Load panics
	snap      org.Snapshot
}

func (m memStore) Load(context.Context, string, string, org.Want) (org.Snapshot, error) {
	return m.snap, nil
}

type discard struct{}

func (discard) Usage(context.Context, activity.UsageEvent) error   { return nil }
func (discard) Request(context.Context, activity.RequestLog) error { return nil }

type noProfiles struct{ profile.Store }
type noIdempotency struct{ idempotency.Store }

const benchSub = "6f1c2d3e-0000-4000-8000-000000000001"

func benchAdapter(b *testing.B) (*httpadapter.HandlerAdapterV2, string) {
	orgID := ids.New("org")
	now := time.Now().UTC()
	o := &org.Org{ID: orgID, CompanyProfile: org.CompanyProfile{CompanyName: "Glow Med Spa", Website: "https://glowmedspa.example", TimeZone: "America/Chicago",
		Locations: []org.Location{{City: "Austin", State: "TX"}, {City: "Dallas", State: "TX"}}, Services: []string{"HydraFacial", "Microneedling", "Laser hair removal"},
		BrandVoice: "Warm, friendly and science-backed."}, Status: org.Active, CreatedAt: now, UpdatedAt: now, Version: 3}
	caller := &org.Member{OrgID: orgID, ID: ids.UserID(benchSub), Status: org.Joined, Role: org.Admin, OrgStatus: org.Active, Version: 1}
	s, err := New(withConnections(Deps{Log: logging.New(io.Discard, "INFO"), Stage: "bench", Orgs: memStore{snap: org.Snapshot{Caller: caller, Org: o}},
		Profiles: noProfiles{}, Activity: discard{}, Idempotency: noIdempotency{}, CursorKey: make([]byte, 32), Content: fake.NewContent(), ContentJobs: noJobs}))
	if err != nil {
		b.Fatal(err)
	}
	return httpadapter.NewV2(s), orgID
}

func benchEvent(method, path, body string, hdr map[string]string, signedIn bool) events.APIGatewayV2HTTPRequest {
	h := map[string]string{"user-agent": "bench/1.0", "content-type": "application/json"}
	for k, v := range hdr {
		h[k] = v
	}
	ev := events.APIGatewayV2HTTPRequest{Version: "2.0", RouteKey: "ANY /v1/{proxy+}", RawPath: path, Headers: h, Body: body,
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: "abc123.execute-api.us-east-1.amazonaws.com", RequestID: "C7m2Qj5ZIAMEVxg=",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, SourceIP: "203.0.113.10"}}}
	if signedIn {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
			Claims: map[string]string{"sub": benchSub, "email": "admin@glowmedspa.example", "email_verified": "true", "cognito:groups": "[]"}}}
	}
	return ev
}

func runBench(b *testing.B, ev events.APIGatewayV2HTTPRequest, adapter *httpadapter.HandlerAdapterV2, want int) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := adapter.ProxyWithContext(ctx, ev)
		if err != nil || out.StatusCode != want {
			b.Fatalf("%d %s %v", out.StatusCode, out.Body, err)
		}
	}
}

// BenchmarkHealth is the baseline the others are read against (as ratios,
// since the machines are shared and noisy): the same adapter and pipeline
// for a public route that does no work.
func BenchmarkHealth(b *testing.B) {
	a, _ := benchAdapter(b)
	runBench(b, benchEvent("GET", "/v1/health", "", nil, false), a, 200)
}

// BenchmarkGetOrg: an authorized read, answered 200 with the org's JSON.
func BenchmarkGetOrg(b *testing.B) {
	a, orgID := benchAdapter(b)
	runBench(b, benchEvent("GET", "/v1/orgs/"+orgID, "", nil, true), a, 200)
}

// BenchmarkPatchOrgInvalid: an update refused by validation (422 naming
// three fields) before any read.
func BenchmarkPatchOrgInvalid(b *testing.B) {
	a, orgID := benchAdapter(b)
	body := `{"companyName":"","website":"ftp://x","locations":[{"city":"Austin","state":"ZZ"}],"brandVoice":"Warm and friendly."}`
	runBench(b, benchEvent("PATCH", "/v1/orgs/"+orgID, body, map[string]string{"if-match": `"3"`}, true), a, 422)
}

// BenchmarkCreateSupportPHI: a support message refused by the PHI guard.
func BenchmarkCreateSupportPHI(b *testing.B) {
	a, orgID := benchAdapter(b)
	body := `{"kind":"support","subject":"Client follow-up","body":"Our client Mary Smith, DOB 1/2/1970, came in for filler and bruised. Please advise on the campaign."}`
	runBench(b, benchEvent("POST", "/v1/orgs/"+orgID+"/support-messages", body, nil, true), a, 422)
}

// BenchmarkUnauthenticated: a request without the authorizer's claims.
func BenchmarkUnauthenticated(b *testing.B) {
	a, orgID := benchAdapter(b)
	runBench(b, benchEvent("GET", "/v1/orgs/"+orgID, "", nil, false), a, 401)
}

// BenchmarkAuthorize: the access decision alone.
func BenchmarkAuthorize(b *testing.B) {
	m := &org.Member{Status: org.Joined, Role: org.Marketer, OrgStatus: org.Active}
	b.ReportAllocs()
	for b.Loop() {
		if authorize(org.UpdateSettings, m) != nil || authorize(org.UpdateOrg, m) == nil {
			b.Fatal("wrong decision")
		}
	}
}
