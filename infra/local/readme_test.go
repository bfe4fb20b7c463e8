package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/org"
)

// sampleStatus is what each API sample answers against the seeded demo
// organization (its name says it; 2xx unless listed).
var sampleStatus = map[string]int{
	"api/unknown-route.json": 404, "api/orgs-create.json": 201, "api/members-invite.json": 201, "api/support-create.json": 201,
	"api/support-phi-refused.json": 422, "api/org-leave.json": 409, // the demo owner is the only owner
	"api/privacy-confirm.json": 422, // no request waits for that code: the one answer to every failure
	// A callback always sends the browser back to the frontend with its
	// outcome; these samples carry no live state, so it is oauth-state.
	"oauth/callback-missing-code.json": 303, "oauth/callback-denied.json": 303, "oauth/start-unknown-state.json": 303,
	"oauth/coldstart.json":              303,
	"billingwebhook/coldstart.json":     400, // unsigned: refused before the secret is read
	"billingwebhook/bad-signature.json": 400,
}

// sampleFailures is how many records of a batch sample fail on purpose.
var sampleFailures = map[string]int{"sqs-one-bad-record.json": 1, "sqs-two-kinds.json": 1}

// notRunHere are the README's make targets this test does not run, each
// with the reason; any other target the README prints must be handled below.
var notRunHere = map[string]string{
	"dev":            "the stack itself: this test runs it in-process (local.Up, as infra/cmd/dev does)",
	"test":           "the suite this test is part of",
	"build":          "cross-compiles for Lambda; the stack builds the same packages",
	"emulators":      "already running for this test",
	"emulators-stop": "would stop the emulators under the suite",
	"provision":      "local.Up provisions the same way",
	"bench":          "minutes of measurement (infra/bench has its own tests)",
	"bench-api":      "benchmarks (minutes)",
	"bench-sweep":    "minutes of measurement (it seeds 600,000 items)",
	"sim-optimize":   "a measurement; infra/sim/campaigns' test runs it on fewer seeds",
	"report-example": "writes an example file; shared/budget/report's tests render and check the same report",
	"bench-sync":     "minutes of measurement (it syncs 91,250 rows)",
	"bench-privacy":  "minutes of measurement (it seeds 200,000 items)",
	"lint":           "run by make test",
	"help":           "prints the targets",
	"tools":          "installs the RIE, which this test already runs",
	"browser":        "installs Chromium; make test runs it before the suite",
}

// TestReadmeCommandsAndSamples runs, against a fresh stack, every sample
// event in events/ the way `make invoke` does (local.PrepareSample, then the
// function's real bootstrap under the RIE), and every command the README
// prints: make invoke, make token, make fire and make redrive through the
// code they run, the curl commands (the README's and the ones `make dev`
// prints) with the real curl.
func TestReadmeCommandsAndSamples(t *testing.T) {
	st, logs := upStack(t, "readme")
	ctx := context.Background()
	invoke := func(t *testing.T, fn, file string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(testenv.Root(), file))
		if err != nil {
			t.Fatal(err)
		}
		payload, err := local.PrepareSample(ctx, st.AWS, st.Provision, b)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := local.FunctionByName(st.Provision.Functions, fn)
		if !ok {
			t.Fatalf("no function %s", fn)
		}
		out, err := st.Invoke(ctx, f.LogicalID, payload)
		base := filepath.Base(file)
		key := filepath.Base(filepath.Dir(file)) + "/" + base
		if err != nil {
			t.Fatalf("%s %s: %v", fn, file, err)
		}
		var resp struct {
			StatusCode *int
			Failures   []json.RawMessage `json:"batchItemFailures"`
		}
		_ = json.Unmarshal(out, &resp)
		if resp.StatusCode != nil {
			want, ok := sampleStatus[key]
			if ok && *resp.StatusCode != want || !ok && (*resp.StatusCode < 200 || *resp.StatusCode > 299) {
				t.Errorf("%s %s: status %d, want %v: %s", fn, file, *resp.StatusCode, map[bool]any{true: want, false: "2xx"}[ok], out)
			}
		}
		if len(resp.Failures) != sampleFailures[base] {
			t.Errorf("%s %s: %d failed records, want %d: %s", fn, file, len(resp.Failures), sampleFailures[base], out)
		}
	}

	t.Run("every sample event", func(t *testing.T) {
		files, _ := filepath.Glob(filepath.Join(testenv.Root(), "events", "*", "*.json"))
		if len(files) < 30 {
			t.Fatalf("only %d sample events", len(files))
		}
		for _, f := range files {
			rel, _ := filepath.Rel(testenv.Root(), f)
			fn := filepath.Base(filepath.Dir(f))
			t.Run(rel, func(t *testing.T) {
				if why, ok := notLocal[fn]; ok {
					t.Skip(fn + " " + why)
				}
				invoke(t, fn, rel)
			})
		}
	})

	readme, err := os.ReadFile(filepath.Join(testenv.Root(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var members []local.Member // the README's make token commands
	t.Run("the README's commands", func(t *testing.T) {
		makeCmd := regexp.MustCompile("make (-s )?([a-z-]+)((?: [A-Z]+=[^ `\\])|]+)*)")
		seen := map[string]bool{}
		for _, m := range makeCmd.FindAllStringSubmatch(string(readme), -1) {
			target, args := m[2], map[string]string{}
			for _, kv := range strings.Fields(m[3]) {
				k, v, _ := strings.Cut(kv, "=")
				args[k] = v
			}
			key := m[0]
			if seen[key] {
				continue
			}
			seen[key] = true
			switch target {
			case "invoke":
				if args["FN"] == "" || strings.ContainsAny(args["EVENT"], "<>") {
					continue
				}
				t.Run(key, func(t *testing.T) { invoke(t, args["FN"], args["EVENT"]) })
			case "stripe-event":
				if args["TYPE"] == "" {
					continue
				}
				t.Run(key, func(t *testing.T) {
					cmd := exec.Command("go", "run", "./infra/cmd/stripeevent", "-type", args["TYPE"], "-addr", strings.TrimPrefix(st.URL, "http://"))
					if args["ORG"] != "" {
						cmd.Args = append(cmd.Args, "-org", args["ORG"])
					}
					cmd.Dir = testenv.Root()
					if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "-> 200") {
						t.Fatalf("%v: %s", err, out)
					}
				})
			case "fire":
				if args["SCHEDULE"] == "" {
					continue
				}
				t.Run(key, func(t *testing.T) {
					if code := post(t, st.URL+"/_local/schedules/"+args["SCHEDULE"]); code != 200 {
						t.Fatalf("%d", code)
					}
				})
			case "token":
				if args["ORG"] == "" || args["ROLE"] == "" {
					continue
				}
				m := local.Member{OrgID: local.OrgAlias(args["ORG"]), Subject: args["USER"], Email: args["USER"] + "@example.com", Role: org.Role(args["ROLE"])}
				members = append(members, m)
				t.Run(key, func(t *testing.T) {
					if err := local.EnsureMember(ctx, st.AWS, st.Provision, m); err != nil {
						t.Fatal(err)
					}
				})
			case "redrive":
				if args["QUEUE"] == "" {
					continue
				}
				t.Run(key, func(t *testing.T) {
					if _, err := local.RedriveDLQ(ctx, sqs.NewFromConfig(st.AWS), st.Provision, args["QUEUE"]); err != nil {
						t.Fatal(err)
					}
				})
			default:
				if _, ok := notRunHere[target]; !ok {
					t.Errorf("the README prints `%s`: run it here or say in notRunHere why not", key)
				}
			}
		}
		if code := post(t, st.URL+"/_local/schedules/no-such-schedule"); code != 404 {
			t.Errorf("an unknown schedule: %d, want 404 (make fire then exits non-zero)", code)
		}
	})

	t.Run("the README's and the banner's curl commands", func(t *testing.T) {
		if err := local.ResetDemo(ctx, st.AWS, st.Provision); err != nil {
			t.Fatal(err)
		}
		demo, err := local.SeedDemo(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			if err := local.EnsureMember(ctx, st.AWS, st.Provision, m); err != nil {
				t.Fatal(err)
			}
		}
		if len(members) == 0 {
			t.Fatal("the README prints no make token ... ORG=... ROLE=... command for its curl")
		}
		alice, err := st.Tokens.Token(local.Identity{Subject: "alice", Email: "alice@example.com"}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		var cmds []struct{ line, token string }
		for _, l := range strings.Split(string(readme), "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "curl ") && strings.Contains(l, "127.0.0.1:3000") {
				cmds = append(cmds, struct{ line, token string }{strings.ReplaceAll(l, "http://127.0.0.1:3000", st.URL), alice})
			}
		}
		if len(cmds) == 0 {
			t.Fatal("no curl command found in the README")
		}
		for _, c := range demo.Curls(st.URL) {
			cmds = append(cmds, struct{ line, token string }{strings.ReplaceAll(c, "\\\n", ""), demo.Token})
		}
		for _, c := range cmds {
			line, comment, _ := strings.Cut(c.line, "#")
			want := "2"
			if strings.Contains(comment, "401") {
				want = "401"
			}
			cmd := exec.Command("sh", "-c", line+` -o /dev/null -w '%{http_code}'`)
			cmd.Env = append(os.Environ(), "TOKEN="+c.token)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil || !strings.HasPrefix(out.String(), want) {
				t.Errorf("%s\n  -> %s %v, want HTTP %s..", line, out.String(), err, want)
			}
		}
	})
	if t.Failed() {
		t.Logf("function logs:\n%s", logs.String())
	}
}

func post(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// upStack starts a fresh local stack of its own for t.
func upStack(t *testing.T, name string) (*local.Stack, *testenv.LogBuffer) {
	t.Helper()
	cfg := testenv.Config(t)
	rie := testenv.RIE(t)
	logs := &testenv.LogBuffer{}
	st, err := local.Up(context.Background(), cfg, local.Options{
		Root: testenv.Root(), RIE: rie, GatewayAddr: "127.0.0.1:0", Prefix: testenv.Unique(name) + "-",
		StateDir: t.TempDir(), Builds: builds, Logs: logs, RetryDelay: time.Second, NoSchedules: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st, logs
}

// notLocal are the functions the local stack does not run, with why; their
// sample events are exercised by their package's own tests.
var notLocal = map[string]string{
	"tokenclaims": "exists only with the bundled Cognito pool, which the local stack replaces with its own issuer (shared/staff's tests run its samples)",
}
