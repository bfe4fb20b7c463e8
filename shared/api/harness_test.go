package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/apicontract"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/report"
	"github.com/medspa-ai/backend/shared/retention/report/reportdb"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/campaign/campaigndb"
	"github.com/medspa-ai/backend/shared/campaign/uploads"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// opCounter counts the DynamoDB requests the stores send, by operation, in
// the SDK's Finalize step after the retryer: one count per request on the
// wire.
type opCounter struct {
	mu  sync.Mutex
	ops []string
}

func (c *opCounter) add(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("countOps", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		c.mu.Lock()
		c.ops = append(c.ops, awsmw.GetOperationName(ctx))
		c.mu.Unlock()
		return next.HandleFinalize(ctx, in)
	}), middleware.After)
}

func (c *opCounter) reset() { c.mu.Lock(); c.ops = nil; c.mu.Unlock() }
func (c *opCounter) get() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.ops...)
}

// world is the API under test. newWorld wires it to the in-memory stores of
// shared/fake (the same observable behaviour as the DynamoDB stores, held to
// it by their contract tests): authorization, validation, views, problems
// and every other handler-level rule is checked there, in milliseconds and
// without the emulators. newDBWorld wires it to the emulators exactly as
// functions/api wires it in Lambda, for what only AWS can show: requests
// per read, real conditional writes racing, records in real tables.
type world struct {
	// retention is the DB world's retention report source.
	retention reportdb.Source
	h         *api.Server
	adapter   *httpadapter.HandlerAdapterV2
	deps      api.Deps
	orgs      org.Store
	logs      *bytes.Buffer
	logsMu    *sync.Mutex
	openapi   map[string]any
	contract  *apicontract.Doc
	validate  bool
	// activity is the in-memory world's recorder.
	activity *fake.Activity
	// counter and tables are the emulator world's: the stores' client
	// counts requests (the recorder and idempotency store use a client of
	// their own, so their writes do not blur the count).
	counter *opCounter
	tables  map[retention.Category]*dynamo.Table
	// queued holds the content jobs the API sent.
	queued *contentQueue
	// budgets are the ad platforms' campaign budgets approvals write.
	budgets *fake.AdBudgets
	// published holds the publish jobs the API sent.
	published *publishQueue
	// privacy is the privacy requests' store, queue and mail.
	privacy *privacyWorld
	// holdAudit records the legal holds' audit entries.
	holdAudit *auditLog
}

// contentQueue records content jobs in place of ContentQueue.
type publishQueue struct {
	mu   sync.Mutex
	jobs []jobs.Publish
}

func (q *publishQueue) send(_ context.Context, job any) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, job.(jobs.Publish))
	return nil
}

type contentQueue struct {
	mu   sync.Mutex
	jobs []jobs.Content
	fail bool
}

func (q *contentQueue) send(_ context.Context, job any) error {
	j := job.(jobs.Content)
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail {
		return fmt.Errorf("queue unavailable")
	}
	q.jobs = append(q.jobs, j)
	return nil
}

func (q *contentQueue) has(requestID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		if j.RequestID == requestID {
			return true
		}
	}
	return false
}

var (
	worldOnce   sync.Once
	shared      *world
	worldErr    error
	dbWorldOnce sync.Once
	dbShared    *world
	dbWorldErr  error
)

// newWorld is the API on the in-memory stores, shared by the tests.
func newWorld(t testing.TB) *world {
	t.Helper()
	worldOnce.Do(func() { shared, worldErr = buildWorld() })
	if worldErr != nil {
		t.Fatal(worldErr)
	}
	return shared
}

// newDBWorld is the API on the emulators; it skips (or fails, with
// MEDSPA_REQUIRE_EMULATORS=1) when they are not running.
func newDBWorld(t testing.TB) *world {
	t.Helper()
	testenv.Stack(t)
	dbWorldOnce.Do(func() { dbShared, dbWorldErr = buildDBWorld(t) })
	if dbWorldErr != nil {
		t.Fatal(dbWorldErr)
	}
	return dbShared
}

// eachWorld runs fn on the in-memory world and on the emulators', for a
// behaviour worth checking against the real conditional writes too.
func eachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Helper()
	t.Run("memory", func(t *testing.T) { fn(t, newWorld(t)) })
	t.Run("dynamodb", func(t *testing.T) { fn(t, newDBWorld(t)) })
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// buildWorld is an in-memory world; with changes to its dependencies
// for a test that needs a deployment other than the shared one.
func buildWorld(change ...func(*api.Deps)) (*world, error) {
	w := &world{logs: &bytes.Buffer{}, logsMu: &sync.Mutex{}, validate: true, activity: &fake.Activity{}, queued: &contentQueue{}, budgets: fake.NewAdBudgets()}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	orgs, conns := fake.NewOrgs(), fake.NewConnections()
	orgs.Connections = conns
	d := api.Deps{Log: logging.New(lockedWriter{w.logsMu, w.logs}, "DEBUG"), Stage: "test", Orgs: orgs, Profiles: fake.NewProfiles(),
		Activity: w.activity, Idempotency: &fake.Idempotency{}, CursorKey: key, Connector: testConnector(conns), OAuthStates: &fake.States{},
		Content: fake.NewContent(), ContentJobs: w.queued.send, AssetURL: fakeAssetURL,
		Recommendations: fake.NewRecommendations(), BudgetApplier: w.budgets}
	for _, ch := range change {
		ch(&d)
	}
	err := w.start(d)
	return w, err
}

func buildDBWorld(t testing.TB) (*world, error) {
	st, awsCfg := testenv.Stack(t)
	counter := &opCounter{}
	counted := dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) { o.APIOptions = append(o.APIOptions, counter.add) })
	plain := dynamodb.NewFromConfig(awsCfg)
	tb := func(db dynamo.API, id string, c retention.Category) *dynamo.Table {
		x, err := dynamo.NewTable(db, testenv.Name(t, st, id), c, retention.Default)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tables := map[retention.Category]*dynamo.Table{
		retention.Account: tb(counted, "AccountTable", retention.Account), retention.Marketing: tb(counted, "MarketingTable", retention.Marketing),
		retention.Analytics: tb(plain, "AnalyticsTable", retention.Analytics), retention.Logs: tb(plain, "LogsTable", retention.Logs),
		retention.Ephemeral: tb(plain, "EphemeralTable", retention.Ephemeral), retention.Privacy: tb(counted, "PrivacyTable", retention.Privacy),
	}
	// The stores on the tables; each refuses a table of another category.
	orgs, err1 := orgdb.New(tables[retention.Account])
	conns, err2 := connectordb.New(tb(plain, "AccountTable", retention.Account))
	states, err3 := connectordb.NewStates(tables[retention.Ephemeral])
	profiles, err4 := profiledb.New(tables[retention.Account], tables[retention.Marketing])
	rec, err5 := activitydb.New(tables[retention.Analytics], tables[retention.Logs])
	contents, err6 := contentdb.New(tables[retention.Account])
	bills, err7 := billingdb.New(tb(plain, "BillingTable", retention.Billing))
	recs, err8 := budgetdb.New(tables[retention.Analytics])
	drafts, err9 := campaigndb.New(tables[retention.Account])
	requests, err10 := privacydb.New(tables[retention.Privacy])
	heldBy, err11 := holdsdb.New(tables[retention.Account])
	trail, err12 := auditdb.New(tables[retention.Privacy])
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8, err9, err10, err11, err12); err != nil {
		return nil, err
	}
	orgs.DecodeConnection = connectordb.Decode
	key, err := api.LoadCursorKey(context.Background(), tb(plain, "AccountTable", retention.Account))
	if err != nil {
		return nil, err
	}
	// Uploads go to the emulated bucket and publish jobs to the emulated queue.
	campaigns := api.Campaigns{Store: drafts, Files: uploads.New(awsCfg, testenv.Name(t, st, "AssetsBucket")),
		Jobs: queue.Sender{SQS: sqs.NewFromConfig(awsCfg), URL: testenv.Name(t, st, "PublishQueue")}.SendOne}
	w := &world{counter: counter, tables: tables, logs: &bytes.Buffer{}, logsMu: &sync.Mutex{}, validate: true, queued: &contentQueue{}, budgets: fake.NewAdBudgets()}
	w.privacy = newPrivacyWorld()
	w.privacy.store = requests
	w.holdAudit = &auditLog{}
	held := holds.Service{Store: heldBy, Audit: w.holdAudit.record, Now: time.Now, NewID: func() string { return ids.New("hold") }}
	// The retention report reads every table (through the counted client,
	// so its requests can be counted).
	var reportTables []*dynamo.Table
	for _, c := range retention.Categories {
		id := map[retention.Category]string{retention.Account: "AccountTable", retention.Analytics: "AnalyticsTable", retention.Logs: "LogsTable", retention.Marketing: "MarketingTable",
			retention.Billing: "BillingTable", retention.Privacy: "PrivacyTable", retention.Ephemeral: "EphemeralTable"}[c]
		reportTables = append(reportTables, tb(counted, id, c))
	}
	src := reportdb.Source{Tables: reportTables, Describe: counted, Checkpoints: reportdb.SweepCheckpoints{Table: tables[retention.Privacy]}, Held: heldBy, Tallies: trail,
		LookAhead: 1} // the test tables expire little within a year: a year's look-ahead would be ~700 requests a report
	w.retention = src
	err = w.start(api.Deps{Log: logging.New(lockedWriter{w.logsMu, w.logs}, "DEBUG"), Stage: "test", Orgs: orgs, Profiles: profiles, Activity: rec, CursorKey: key,
		Idempotency: idempotencydb.ForAPI(tables[retention.Ephemeral]), Connector: testConnector(conns), OAuthStates: states,
		Content: contents, ContentJobs: w.queued.send, AssetURL: fakeAssetURL,
		Billing:         api.Billing{Store: bills, Processor: &fake.Processor{}, Plans: testPlans},
		Recommendations: recs, BudgetApplier: w.budgets, Campaigns: campaigns, Privacy: w.privacy.deps(), Holds: held,
		Retention: func(ctx context.Context, now time.Time) (report.Report, error) {
			return report.Build(ctx, src, retention.Default, now)
		}})
	return w, err
}

// testConnector is the connection use cases on store, with fake platforms
// and the fake cipher.
func testConnector(store connector.Store) connector.Service {
	return connector.Service{Store: store, Vault: connector.NewVault(fake.Cipher{}),
		Providers: connector.StaticProviders(&fake.Provider{Name: connector.Meta}, &fake.Provider{Name: connector.Google})}
}

// testPlans are the plans of the test worlds.
var testPlans = billing.Plans{{ID: "starter", PriceID: "price_starter"}, {ID: "growth", PriceID: "price_growth"}}

// start builds the API on d and reads its OpenAPI document.
func (w *world) start(d api.Deps) error {
	if d.Privacy.Service.Store == nil {
		w.privacy = newPrivacyWorld()
		d.Privacy = w.privacy.deps()
	}
	if d.Policy.Version == "" {
		d.Policy = api.PolicyVersion{Version: "2026-11", EffectiveDate: "2026-11-01"}
	}
	if d.Billing.Store == nil {
		d.Billing = api.Billing{Store: fake.NewBilling(), Processor: &fake.Processor{}, Plans: testPlans}
	}
	if d.Holds.Store == nil {
		w.holdAudit = &auditLog{}
		d.Holds = holds.Service{Store: fake.NewHolds(), Audit: w.holdAudit.record, Now: time.Now, NewID: func() string { return ids.New("hold") }}
	}
	if d.Campaigns.Store == nil {
		if w.published == nil {
			w.published = &publishQueue{}
		}
		d.Campaigns = api.Campaigns{Store: fake.NewCampaigns(), Files: fake.NewBucket(), Jobs: w.published.send}
	}
	if d.Metrics == nil {
		d.Metrics = fake.NewMetrics()
	}
	if d.Retention == nil {
		d.Retention = func(_ context.Context, now time.Time) (report.Report, error) {
			return report.Report{GeneratedAt: now, WindowDays: 30, Categories: []report.Category{}, Flags: []string{}}, nil
		}
	}
	if d.Unsubscribe.Store == nil {
		d.Unsubscribe = api.Unsubscribe{Store: d.Profiles.(marketing.Store), Key: testUnsubscribeKey}
	}
	h, err := api.New(d)
	if err != nil {
		return err
	}
	w.h, w.adapter, w.deps, w.orgs = h, httpadapter.NewV2(h), d, d.Orgs
	doc := w.raw(nil, "GET", "/v1/openapi.json", nil, nil)
	if err := json.Unmarshal(doc.body, &w.openapi); err != nil {
		return fmt.Errorf("openapi.json: %w", err)
	}
	w.contract = nil
	return nil
}

func (w *world) logText() string { w.logsMu.Lock(); defer w.logsMu.Unlock(); return w.logs.String() }

// user is a signed-in person.
type user struct {
	name     string
	sub      string
	email    string
	verified bool
	groups   string
}

func newUser(name string) *user {
	tag := strings.TrimPrefix(ids.New("u"), "u_")[:10]
	return &user{name: name, sub: "sub-" + tag, email: name + "-" + tag + "@glowmedspa.example", verified: true, groups: "[]"}
}

func (u *user) id() string { return ids.UserID(u.sub) }

type resp struct {
	status  int
	headers map[string]string
	body    []byte
}

func (r resp) header(name string) string {
	for k, v := range r.headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

func (r resp) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

// emptyHeader in a test's headers sends that header with an empty value
// ("" leaves it out).
const emptyHeader = "\x00empty"

// event builds the HTTP API payload 2.0 event API Gateway would send after
// its JWT authorizer accepted u's token (u nil: no authorizer context).
func event(u *user, method, target string, body any, hdr map[string]string) events.APIGatewayV2HTTPRequest {
	path, query, _ := strings.Cut(target, "?")
	headers := map[string]string{"user-agent": "harness/1.0", "x-forwarded-for": "203.0.113.7"}
	var b string
	switch v := body.(type) {
	case nil:
	case string:
		b = v
		headers["content-type"] = "application/json"
	case []byte:
		b = string(v)
		headers["content-type"] = "application/json"
	default:
		j, _ := json.Marshal(v)
		b = string(j)
		headers["content-type"] = "application/json"
	}
	for k, v := range hdr {
		switch v {
		case "":
			delete(headers, strings.ToLower(k))
			continue
		case emptyHeader:
			v = ""
		}
		headers[strings.ToLower(k)] = v
	}
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: "ANY /v1/{proxy+}", RawPath: path, RawQueryString: query, Headers: headers, Body: b,
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID: "123456789012", APIID: "abc123", DomainName: "abc123.execute-api.us-east-1.amazonaws.com", Stage: "$default",
			RequestID: ids.New("req"), RouteKey: "ANY /v1/{proxy+}",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "203.0.113.7", UserAgent: "harness/1.0"},
		},
	}
	if u != nil {
		verified := "false"
		if u.verified {
			verified = "true"
		}
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{
			Claims: map[string]string{"sub": u.sub, "email": u.email, "email_verified": verified, "cognito:groups": u.groups, "token_use": "id"},
		}}
	}
	return ev
}

func (w *world) raw(u *user, method, target string, body any, hdr map[string]string) resp {
	out, err := w.adapter.ProxyWithContext(context.Background(), event(u, method, target, body, hdr))
	if err != nil {
		panic(err)
	}
	return resp{status: out.StatusCode, headers: out.Headers, body: []byte(out.Body)}
}

// do sends a request and checks the response against the OpenAPI document:
// the status is documented for the operation and the body matches its
// schema. Every test's every response is thereby a contract test.
func (w *world) do(t testing.TB, u *user, method, target string, body any, hdr map[string]string) resp {
	t.Helper()
	r := w.raw(u, method, target, body, hdr)
	w.note(method, target, r.status)
	if w.validate {
		if err := w.conforms(method, target, r); err != nil {
			t.Errorf("%s %s -> %s\ndoes not match openapi.json: %v", method, target, r, err)
		}
	}
	return r
}

func must(t testing.TB, r resp, status int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(t)
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

// problemType returns a problem's type slug.
func problemType(t testing.TB, r resp) string {
	t.Helper()
	if ct := r.header("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json: %s", ct, r.body)
	}
	return strings.TrimPrefix(str(r.json(t), "type"), "https://api.medspa.ai/problems/")
}

func q(v url.Values) string { return "?" + v.Encode() }

// auditLog collects audit entries (action and target) in memory.
type auditLog struct {
	mu      sync.Mutex
	entries []string
}

func (l *auditLog) record(_ context.Context, id, kind, actor string, _ time.Time, d map[string]string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, kind+" "+d["action"]+" "+d["scope"]+" "+d["target"]+" by "+actor)
	return nil
}

func (l *auditLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.entries...)
}

// testUnsubscribeKey signs the test worlds' unsubscribe tokens.
var testUnsubscribeKey = []byte("unsubscribe-test-key-0123456789abcdef")

func unsubscribeToken(c marketing.Claim) string {
	s, err := marketing.NewSigner(testUnsubscribeKey)
	if err != nil {
		panic(err)
	}
	return s.Token(c)
}

// drainQueue delivers the queue's messages one at a time to handle until
// the queue is quiet, and returns how many it delivered. Each call follows
// a send, so an empty receive while a message is still due (before the
// first delivery, or after a redelivery) is the emulator being slow, not
// an empty queue: it waits up to 40 s for it. Each receive hides its
// message for 15 s only, so a receive whose reply the emulator lost (the
// message in flight, delivered to nobody) is received again within that
// wait instead of after the queue's visibility timeout. A record handle fails is
// made visible again at once (a redelivery) when redeliver is set, and
// fails the test otherwise.
func drainQueue(t *testing.T, sq *sqs.Client, url string, handle func(context.Context, events.SQSEvent) (events.SQSEventResponse, error), redeliver bool) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	due, since := true, time.Now()
	for range 100 {
		out, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: 15})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			if due && time.Since(since) < 40*time.Second {
				continue
			}
			return n
		}
		m := out.Messages[0]
		n++
		resp, err := handle(ctx, events.SQSEvent{Records: []events.SQSMessage{{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body)}}})
		if err != nil {
			t.Fatal(err)
		}
		due, since = false, time.Now()
		switch {
		case len(resp.BatchItemFailures) == 0:
			_, err = sq.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
		case redeliver:
			due = true
			_, err = sq.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0})
		default:
			t.Fatalf("the handler failed the message %s", aws.ToString(m.Body))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("the queue never drained")
	return n
}
