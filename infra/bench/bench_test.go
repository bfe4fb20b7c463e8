package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{5}, 5},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{70, 50, 60, 90, 55, 65, 52}, 60},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	in := []float64{3, 1, 2}
	median(in)
	if !slices.Equal(in, []float64{3, 1, 2}) {
		t.Errorf("median sorted its input in place: %v", in)
	}
}

func TestPercentile(t *testing.T) {
	seven := []float64{7, 1, 6, 2, 5, 3, 4}
	for _, tc := range []struct {
		p    float64
		want float64
	}{{0, 1}, {50, 4}, {90, 7}, {100, 7}} {
		if got := percentile(seven, tc.p); got != tc.want {
			t.Errorf("percentile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	ten := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if got := percentile(ten, 90); got != 9 {
		t.Errorf("p90 of 1..10 = %v, want 9", got)
	}
}

func TestEvaluate(t *testing.T) {
	tg := targets{MaxRatio: 1.5, MaxSizeMB: 20}
	baseline := result{Name: baselineName, MedianMs: 40, SamplesMs: []float64{40}}
	for _, tc := range []struct {
		name      string
		r         result
		wantPass  bool
		wantRatio float64
		wantProbs []string // substrings, one per problem
	}{
		{"within", result{MedianMs: 50, SizeMB: 12}, true, 1.25, nil},
		{"ratio at the limit passes", result{MedianMs: 60, SizeMB: 12}, true, 1.5, nil},
		{"ratio rounding to the limit passes", result{MedianMs: 60.1, SizeMB: 12}, true, 1.5025, nil},
		{"slow", result{MedianMs: 61, SizeMB: 12}, false, 1.525, []string{"cold start 1.52x"}},
		{"size at the limit passes", result{MedianMs: 40, SizeMB: 20}, true, 1, nil},
		{"big", result{MedianMs: 40, SizeMB: 20.5}, false, 1, []string{"20.50 MiB"}},
		{"slow and big", result{MedianMs: 100, SizeMB: 25}, false, 2.5, []string{"2.50x", "25.00 MiB"}},
		{"failed invocation", result{SizeMB: 12, Problems: []string{"invocation failed: HTTP 502"}}, false, 0,
			[]string{"HTTP 502"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			evaluate(&r, baseline, result{}, tg)
			if r.Pass != tc.wantPass {
				t.Errorf("pass = %v, want %v (problems %q)", r.Pass, tc.wantPass, r.Problems)
			}
			if diff := r.Ratio - tc.wantRatio; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("ratio = %v, want %v", r.Ratio, tc.wantRatio)
			}
			if len(r.Problems) != len(tc.wantProbs) {
				t.Fatalf("problems = %q, want %d", r.Problems, len(tc.wantProbs))
			}
			for i, want := range tc.wantProbs {
				if !strings.Contains(r.Problems[i], want) {
					t.Errorf("problem %q does not mention %q", r.Problems[i], want)
				}
			}
		})
	}
}

// TestEvaluateWithoutTheRequest: with INIT and REQ measured, the verdict
// is on the cold start without the request's own work, and the request is
// set against the first-request baseline's.
func TestEvaluateWithoutTheRequest(t *testing.T) {
	tg := targets{MaxRatio: 1.5, MaxSizeMB: 20}
	hello := result{Name: baselineName, MedianMs: 25, StartMs: 24, RequestMs: 1}
	write := result{Name: writeBaselineName, MedianMs: 30, StartMs: 26, RequestMs: 4}
	// A whole cold start of 2.4x hello, all but 1.25x of it its one write.
	r := result{MedianMs: 60, StartMs: 30, RequestMs: 4.4, SizeMB: 12}
	evaluate(&r, hello, write, tg)
	if !r.Pass || round2(r.StartRatio) != 1.25 || round2(r.Ratio) != 2.4 || round2(r.RequestRatio) != 1.1 {
		t.Errorf("pass %v start %.2f total %.2f request %.2f (%q), want a pass at 1.25, 2.40 and 1.10", r.Pass, r.StartRatio, r.Ratio, r.RequestRatio, r.Problems)
	}
	// Init over the limit fails however cheap the request.
	r = result{MedianMs: 40, StartMs: 39, RequestMs: 1, SizeMB: 12}
	evaluate(&r, hello, write, tg)
	if r.Pass || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "before its request 1.62x") {
		t.Errorf("pass %v problems %q, want the cold start before its request named", r.Pass, r.Problems)
	}
}

func TestEvaluateWithoutBaseline(t *testing.T) {
	failed := result{Name: baselineName, Problems: []string{"invocation failed"}}
	r := result{MedianMs: 40, SizeMB: 5}
	evaluate(&r, failed, result{}, targets{MaxRatio: 1.5, MaxSizeMB: 20})
	if r.Pass || r.Ratio != 0 {
		t.Errorf("with a failed baseline: pass %v ratio %v, want a failure and no ratio", r.Pass, r.Ratio)
	}
}

func TestNewResult(t *testing.T) {
	tgt := &target{
		name:      "api",
		dir:       "functions/api",
		sizeBytes: 3 * bytesPerMB / 2,
		samples: []sample{
			{total: 50 * time.Millisecond, init: 10 * time.Millisecond},
			{total: 70 * time.Millisecond},
			{total: 60 * time.Millisecond, init: 14 * time.Millisecond},
		},
	}
	r := newResult(tgt)
	if r.SizeMB != 1.5 || r.MedianMs != 60 || r.MinMs != 50 || r.MaxMs != 70 || r.InitMs != 12 {
		t.Errorf("newResult = %+v", r)
	}
	if len(r.Problems) != 0 {
		t.Errorf("problems = %q, want none", r.Problems)
	}
}

func TestDiscoverFunctions(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("functions/worker/main.go", "package main")
	write("functions/api/main.go", "package main")
	write("functions/api/handler.go", "package main")
	write("functions/nomain/handler.go", "package nomain") // a library dir, not a function
	write("functions/_template/main.go", "package main")
	write("functions/.hidden/main.go", "package main")
	write("functions/README.md", "not a dir")
	if err := os.MkdirAll(filepath.Join(root, "functions", "dirmain", "main.go"), 0o755); err != nil {
		t.Fatal(err)
	}

	got, err := discoverFunctions(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"api", "worker"}; !slices.Equal(got, want) {
		t.Errorf("discoverFunctions = %q, want %q", got, want)
	}

	if _, err := discoverFunctions(t.TempDir()); err == nil {
		t.Error("want an error for a root without functions/")
	}
}

func TestLoadFunctionConfigs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "functions.json")
	data := `[
	  {"logicalId":"ApiFunction","dir":"functions/api","env":{"ACCOUNT_TABLE":"acct"},"timeout":30,"memorySize":256},
	  {"logicalId":"WorkerFunction","dir":"./functions/worker/","env":{}}
	]`
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := loadFunctionConfigs(file)
	if err != nil {
		t.Fatal(err)
	}
	if got["functions/api"].Env["ACCOUNT_TABLE"] != "acct" || got["functions/api"].MemorySize != 256 {
		t.Errorf("api = %+v", got["functions/api"])
	}
	if got["functions/worker"].LogicalID != "WorkerFunction" {
		t.Errorf("worker's \"./functions/worker/\" not matched: %+v", got)
	}

	_, err = loadFunctionConfigs(filepath.Join(dir, "missing.json"))
	if err == nil || !strings.Contains(err.Error(), "make provision") {
		t.Errorf("missing file: err = %v, want it to say to run make provision", err)
	}
}

func TestLambdaEnv(t *testing.T) {
	base := []string{
		"PATH=/usr/bin",
		"AWS_ENDPOINT_URL=http://127.0.0.1:5000",
		"AWS_LAMBDA_RUNTIME_API=127.0.0.1:9999",
		"AWS_LAMBDA_MAX_CONCURRENCY=4",
		"STAGE=caller",
	}
	env := lambdaEnv(base, "ApiFunction", functionConfig{
		Env:     map[string]string{"STAGE": "dev", "ACCOUNT_TABLE": "acct"},
		Timeout: 29, MemorySize: 512,
	})
	got := lastValues(env)
	for k, want := range map[string]string{
		"PATH":                            "/usr/bin",
		"AWS_ENDPOINT_URL":                "http://127.0.0.1:5000", // the caller's passes through
		"STAGE":                           "dev",                   // the function's wins
		"ACCOUNT_TABLE":                   "acct",
		"AWS_REGION":                      "us-east-1",
		"AWS_LAMBDA_FUNCTION_NAME":        "ApiFunction",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     "29",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	for _, k := range []string{"AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_MAX_CONCURRENCY"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s passed through; it must not reach RIE", k)
		}
	}

	got = lastValues(lambdaEnv([]string{"AWS_DEFAULT_REGION=eu-west-1"}, "f", functionConfig{}))
	if got["AWS_REGION"] != "eu-west-1" || got["AWS_LAMBDA_FUNCTION_TIMEOUT"] != "30" {
		t.Errorf("defaults: %v", got)
	}
	got = lastValues(lambdaEnv([]string{"AWS_REGION=ap-south-1"}, "f", functionConfig{}))
	if got["AWS_REGION"] != "ap-south-1" {
		t.Errorf("caller's AWS_REGION overridden: %v", got)
	}
}

// lastValues resolves duplicate keys the way os/exec does: the last one wins.
func lastValues(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// TestLogDurations reads the init and the first request's durations from
// the lines RIE prints, and not "Init Duration" or "Billed Duration" as
// the request's.
func TestLogDurations(t *testing.T) {
	f := filepath.Join(t.TempDir(), "log")
	log := "INIT REPORT(durationMs: 8.40)\nSTART RequestId: x Version: $LATEST\nEND RequestId: x\n" +
		"REPORT RequestId: x\tInit Duration: 8.40 ms\tDuration: 3.25 ms\tBilled Duration: 4 ms\tMemory Size: 512 MB\t\n"
	if err := os.WriteFile(f, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := logDuration(f, initReport); got != 8400*time.Microsecond {
		t.Errorf("init %v, want 8.4ms", got)
	}
	if got := logDuration(f, invokeReport); got != 3250*time.Microsecond {
		t.Errorf("request %v, want 3.25ms", got)
	}
}
