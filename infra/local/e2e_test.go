package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/console"
	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", limit, what)
}

// TestLocalStackEndToEnd builds the real bootstraps, starts the whole stack
// (functions under the RIE, gateway, event sources) against the emulators,
// and drives it through its triggers.
func TestLocalStackEndToEnd(t *testing.T) {
	cfg := testenv.Config(t)
	rie := testenv.RIE(t)
	ctx := context.Background()
	logs := &testenv.LogBuffer{}
	prefix := testenv.Unique("e2e") + "-"
	sim := adplatform.StartTest(t, local.SimOptions())
	consoleLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	consoleURL := "http://" + consoleLn.Addr().String()
	st, err := local.Up(ctx, cfg, local.Options{
		Root: testenv.Root(), RIE: rie, GatewayAddr: "127.0.0.1:0", Prefix: prefix,
		StateDir: t.TempDir(), Builds: builds, Logs: logs, RetryDelay: time.Second, NoSchedules: true, Env: append(local.AdPlatformEnv(sim), local.DemoSyncEnv()...), AllowedOrigin: consoleURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := local.PutSimApps(ctx, cfg, st.Provision); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("function logs:\n%s", logs.String())
		}
	}()

	t.Run("health answers 200", func(t *testing.T) {
		resp, err := http.Get(st.URL + "/v1/health")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&h)
		if resp.StatusCode != 200 || h["status"] != "ok" {
			t.Fatalf("%d %v", resp.StatusCode, h)
		}
	})

	t.Run("the seeded demo owner reads the demo organization", func(t *testing.T) {
		demo, err := local.SeedDemo(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := local.SeedDemo(ctx, st); err != nil {
			t.Fatalf("seeding twice: %v", err)
		}
		var o map[string]any
		_ = json.Unmarshal(getOK(t, st.URL, demo.Token, "/v1/orgs/"+demo.OrgID), &o)
		if o["id"] != demo.OrgID {
			t.Fatalf("%v", o)
		}
	})

	t.Run("in a real browser, the console connects Meta and Google and lists both", func(t *testing.T) {
		demo, err := local.SeedDemo(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		cctx, stop := context.WithCancel(ctx)
		defer stop()
		go (&console.Console{API: st.URL, OrgID: demo.OrgID, Token: demo.Token}).Serve(cctx, consoleLn)
		testConsoleInBrowser(t, consoleURL)
	})

	t.Run("the demo organization's dashboard has data right after start", func(t *testing.T) { testDemoDashboard(t, ctx, st, sim) })

	t.Run("Meta and Google Ads accounts connect through the simulator, sealed and listed", func(t *testing.T) {
		testConnectAdAccounts(t, st, sim, logs)
	})

	t.Run("bad input gets exact answers through the gateway", func(t *testing.T) { badInputThroughTheGateway(t, ctx, st) })

	t.Run("no token is a 401 problem", func(t *testing.T) {
		resp, err := http.Get(st.URL + "/v1/me")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})

	t.Run("requests cut off mid-flight leave every route answering", func(t *testing.T) {
		demo, err := local.SeedDemo(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		paths := []string{"/v1/health", "/v1/openapi.json", "/v1/me", "/v1/orgs/" + demo.OrgID, "/oauth/meta/callback?state=x"}
		get := func(client *http.Client, path string) (int, error) {
			req, _ := http.NewRequest(http.MethodGet, st.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+demo.Token)
			resp, err := client.Do(req)
			if err != nil {
				return 0, err
			}
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, resp.Body)
			return resp.StatusCode, nil
		}
		// The OAuth callback redirects the browser to the frontend, which
		// does not run here: its 303 is its answer.
		noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		healthy := map[string]int{}
		for _, p := range paths {
			code, err := get(&http.Client{CheckRedirect: noRedirect}, p)
			if err != nil {
				t.Fatal(err)
			}
			healthy[p] = code
		}
		impatient := &http.Client{Timeout: 20 * time.Millisecond, Transport: &http.Transport{DisableKeepAlives: true}, CheckRedirect: noRedirect}
		var wg sync.WaitGroup
		aborted := 0
		var mu sync.Mutex
		for i := range 50 {
			wg.Go(func() {
				if _, err := get(impatient, paths[i%len(paths)]); err != nil {
					mu.Lock()
					aborted++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if aborted < 25 {
			t.Fatalf("only %d of 50 requests were cut off; the test proves nothing", aborted)
		}
		for _, p := range paths {
			code, err := get(&http.Client{CheckRedirect: noRedirect}, p)
			if err != nil || code != healthy[p] || code >= 500 {
				t.Errorf("%s after the aborts: %d %v (before: %d)", p, code, err, healthy[p])
			}
			if strings.HasPrefix(p, "/v1/") && code != 200 {
				t.Errorf("%s: %d, want 200", p, code)
			}
		}
		// And every read of the document that needs no ID but the
		// organization's (the privacy team's aside: the owner is not in it).
		doc := servedDocument(t, st.URL)
		reads := 0
		for _, o := range doc.Operations() {
			path := strings.ReplaceAll(o.Path, "{orgId}", demo.OrgID)
			// The public one-click pages answer only a signed link.
			if o.Method != "GET" || strings.Contains(path, "{") || strings.HasPrefix(path, "/v1/privacy/") || path == "/v1/unsubscribe" {
				continue
			}
			reads++
			if code, err := get(http.DefaultClient, path); err != nil || code != 200 {
				t.Errorf("%s after the aborts: %d %v, want 200", path, code, err)
			}
		}
		if reads < 15 {
			t.Errorf("only %d reads of the document checked", reads)
		}
		for id, rt := range st.Runtimes {
			if n := rt.Restarts(); n != 0 {
				t.Errorf("%s's emulator was restarted %d times: the aborts broke it", id, n)
			}
		}
	})

	t.Run("a killed function emulator is reported and restarted", func(t *testing.T) {
		rt := st.Runtimes["ApiFunction"]
		pid := rt.Pid()
		if pid == 0 {
			t.Fatal("ApiFunction has no emulator")
		}
		if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "ApiFunction's emulator restarted", 20*time.Second, func() bool {
			return rt.Restarts() >= 1 && rt.Pid() != 0 && rt.Pid() != pid
		})
		l := logs.String()
		for _, want := range []string{"function emulator exited; restarting it", "function=ApiFunction", "function emulator restarted"} {
			if !strings.Contains(l, want) {
				t.Errorf("logs lack %q", want)
			}
		}
		resp, err := http.Get(st.URL + "/v1/health")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("health after the restart: %d", resp.StatusCode)
		}
	})

	q := sqs.NewFromConfig(cfg)
	send := func(t *testing.T, queue, body string) {
		t.Helper()
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(st.Provision.Resources[queue].Ref), MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	visible := func(queue string) int {
		out, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(st.Provision.Resources[queue].Ref),
			AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
		if err != nil {
			return -1
		}
		var n int
		fmt.Sscan(out.Attributes["ApproximateNumberOfMessages"], &n)
		var m int
		fmt.Sscan(out.Attributes["ApproximateNumberOfMessagesNotVisible"], &m)
		return n + m
	}

	t.Run("each worker consumes its queue", func(t *testing.T) {
		jobs := map[string]struct{ body, logged string }{
			"SyncQueue":    {`{"orgId":"org_e2e","connectionId":"c_e2e","platform":"google","slot":"2026112716"}`, "sync job accepted"},
			"PrivacyQueue": {`{"requestId":"pr_e2e","type":"deletion"}`, "privacy job accepted"},
		}
		for queue, j := range jobs {
			send(t, queue, j.body)
		}
		for queue, j := range jobs {
			waitFor(t, queue+" consumed", 90*time.Second, func() bool {
				return strings.Contains(logs.String(), j.logged) && visible(queue) == 0
			})
		}
	})

	t.Run("a content request is generated through the queue", func(t *testing.T) {
		demo, err := local.SeedDemo(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		call := func(method, path, body string) (int, map[string]any) {
			h := testenv.Bearer(demo.Token)
			h["Content-Type"] = "application/json"
			a := testenv.Call(t, method, st.URL+path, strings.NewReader(body), h)
			return a.Status, a.JSON()
		}
		code, created := call(http.MethodPost, "/v1/orgs/"+demo.OrgID+"/content-requests",
			`{"kind":"image","placement":"meta_feed","service":"HydraFacial","offer":"20% off your first visit","callToAction":"Book now"}`)
		if code != 202 {
			t.Fatalf("%d %v", code, created)
		}
		var got map[string]any
		waitFor(t, "the request ready", 90*time.Second, func() bool {
			_, got = call(http.MethodGet, "/v1/orgs/"+demo.OrgID+"/content-requests/"+created["id"].(string), "")
			return got["status"] == "ready"
		})
		asset := got["results"].([]any)[0].(map[string]any)["asset"].(map[string]any)
		resp, err := http.Get(asset["url"].(string))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		im, err := png.DecodeConfig(resp.Body)
		if got["provider"] != "local" || err != nil || im.Width != 1080 || im.Height != 1080 {
			t.Fatalf("%v: %v %v", got, err, im)
		}
	})

	t.Run("a poison message reaches the DLQ after 5 receives", func(t *testing.T) {
		send(t, "SyncQueue", `{"orgId":"org_e2e","platform":"myspace"}`)
		var dlqBody string
		waitFor(t, "the poison message in SyncDLQ", 120*time.Second, func() bool {
			out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(st.Provision.Resources["SyncDLQ"].Ref), WaitTimeSeconds: 1})
			if err == nil && len(out.Messages) > 0 {
				dlqBody = aws.ToString(out.Messages[0].Body)
				return true
			}
			return false
		})
		if !strings.Contains(dlqBody, "myspace") {
			t.Fatalf("DLQ holds %q", dlqBody)
		}
		l := logs.String()
		for _, want := range []string{`"receiveCount":5`, "poison message", `platform must be`} {
			if !strings.Contains(l, want) {
				t.Errorf("logs lack %q", want)
			}
		}
	})

	t.Run("the daily connection check warns the owners once of an expiring Meta token", func(t *testing.T) {
		testConnectionCheckWarnsOnce(t, st, logs, consoleURL)
	})

	t.Run("every schedule fires", func(t *testing.T) {
		if len(st.Schedules) != 5 {
			t.Fatalf("%d schedules, want 5", len(st.Schedules))
		}
		for name := range st.Schedules {
			resp, err := http.Post(st.URL+"/_local/schedules/"+name, "application/json", nil)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			_, _ = out.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", name, resp.StatusCode, out.String())
			}
		}
		// A schedule's call returns when its function does, but the
		// function's log line reaches the buffer through its stdout pipe a
		// moment later.
		for _, want := range []string{"sync jobs queued", "retention sweep done", "optimise jobs queued", "connection checks done", "privacy daily run"} {
			waitFor(t, fmt.Sprintf("%q in the logs", want), 10*time.Second, func() bool { return strings.Contains(logs.String(), want) })
		}
	})

	t.Run("the retention audit records a TTL delete", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(testenv.Root(), "events", "retentionaudit", "ttl-delete.json"))
		if err != nil {
			t.Fatal(err)
		}
		table := st.Provision.Resources["AnalyticsTable"].Ref
		ev := strings.Replace(string(b), "table/AnalyticsTable/", "table/"+table+"/", 1)
		out, err := st.Invoke(ctx, "RetentionAuditFunction", []byte(ev))
		if err != nil || strings.Contains(string(out), "itemIdentifier") {
			t.Fatalf("audit: %s %v", out, err)
		}
		db := dynamodb.NewFromConfig(cfg)
		got, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(st.Provision.Resources["PrivacyTable"].Ref),
			KeyConditionExpression:    aws.String("pk = :p"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": dynamo.S("AUDIT#ttl_delete#2026-11-27")}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 1 || dynamo.String(got.Items[0], "d_table") != table {
			t.Fatalf("audit rows %v", got.Items)
		}
	})
}

// testDemoDashboard starts the demo as `make dev` does (connect, sync, and
// only then the banner) and reads the dashboard's routes at once: each
// answers data of both platforms, the spend to the micro of what the
// simulator reports for the demo's accounts.
func testDemoDashboard(t *testing.T, ctx context.Context, st *local.Stack, sim *adplatform.Server) {
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	conns, err := local.ConnectDemo(ctx, st, sim)
	if err != nil {
		t.Fatal(err)
	}
	if len(conns) != 2 {
		t.Fatalf("%d demo connections, want a Meta and a Google one", len(conns))
	}
	if err := local.SyncDemo(ctx, st, conns, 3*time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo connected and synced (%d days) in %s", local.DemoBackfillDays, time.Since(started).Round(time.Millisecond))
	get := func(path string, v any) {
		t.Helper()
		if err := json.Unmarshal(getOK(t, st.URL, demo.Token, "/v1/orgs/"+demo.OrgID+path), v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	var report struct {
		From, To string
		Groups   []struct {
			Key         string
			SpendMicros int64
			Impressions int64
		}
	}
	get("/metrics?groupBy=platform", &report)
	spend := map[string]int64{}
	for _, g := range report.Groups {
		spend[g.Key] = g.SpendMicros
		if g.Impressions == 0 {
			t.Errorf("platform %s: no impressions", g.Key)
		}
	}
	for p, acct := range local.DemoAccounts {
		if want := sim.Totals(acct, report.From, report.To).CostMicros; want == 0 || spend[string(p)] != want {
			t.Errorf("%s spend %s..%s: %d micros, the simulator has %d", p, report.From, report.To, spend[string(p)], want)
		}
	}
	var overview struct {
		Platforms []struct {
			Platform          string
			Current, Previous struct{ SpendMicros int64 }
		}
	}
	get("/metrics/overview?period=30d", &overview)
	// One entry per platform and currency: earlier steps of this test may
	// have connected more of the simulator's accounts (other currencies).
	cur, prev := map[string]int64{}, map[string]int64{}
	for _, p := range overview.Platforms {
		cur[p.Platform] += p.Current.SpendMicros
		prev[p.Platform] += p.Previous.SpendMicros
	}
	for _, p := range []string{"meta", "google"} {
		if cur[p] == 0 || prev[p] == 0 {
			t.Errorf("overview %s: %+v, want spend in this period and the one before", p, overview)
		}
	}
	var insights struct {
		Cells []struct{ Platform, Dimension string }
	}
	get("/insights", &insights)
	dims := map[string]bool{}
	for _, c := range insights.Cells {
		dims[c.Platform+"/"+c.Dimension] = true
	}
	for _, want := range []string{"meta/age_gender", "meta/placement", "google/device", "google/network"} {
		if !dims[want] {
			t.Errorf("insights lack %s (have %v)", want, dims)
		}
	}
}
