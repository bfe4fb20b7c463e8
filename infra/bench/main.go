// Command bench measures every Lambda function's linux/arm64 bootstrap size
// and its cold start under the AWS Lambda Runtime Interface Emulator (RIE),
// against a hello-world baseline (./hello) built and run the same way, and
// its first request's own work against a first-request baseline (./hellodb,
// hello plus one DynamoDB write).
//
// Cold starts are measured on the host's own GOOS/GOARCH, since RIE runs the
// bootstrap directly (no Docker, no emulation); the ratio to hello is what
// carries over to Lambda, not the absolute milliseconds.
//
//	go run ./infra/bench -rie "$RIE_BIN" [-runs 7] [-json bench.json]
package main

import (
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

const (
	exitFail  = 1 // measured, but a function missed a target or failed
	exitSetup = 2 // could not measure: bad flags, missing files, build error

	baselineName      = "hello (baseline)"
	writeBaselineName = "hello+1 write"
	defaultTimeoutSec = 30
	defaultMemoryMB   = 128
	// startSlack is added to the function's own timeout to cover RIE start-up.
	startSlack = 10 * time.Second
)

type config struct {
	root, functionsFile, rieBin, helloDir, helloDBDir, jsonPath string
	runs                                                        int
	targets                                                     targets
	keep                                                        bool
}

// target is a function (or the baseline) to build and measure.
type target struct {
	name     string   // functions/<name>, or baselineName
	dir      string   // package dir relative to root, slash-separated
	pkgDir   string   // absolute package dir
	event    []byte   // cold-start request body
	env      []string // complete RIE environment
	timeout  time.Duration
	baseline bool
	// write: the first-request baseline (./hellodb, one DynamoDB write)
	write bool

	armBin, nativeBin string
	sizeBytes         int64
	samples           []sample
	err               error // first failed invocation; no more runs after it
}

func main() {
	var cfg config
	flag.StringVar(&cfg.root, "root", ".", "repository root, holding functions/ and events/")
	flag.StringVar(&cfg.functionsFile, "functions", ".local/functions.json",
		"provisioned function config (written by make provision); relative to -root")
	flag.StringVar(&cfg.rieBin, "rie", os.Getenv("RIE_BIN"), "aws-lambda-rie binary (default $RIE_BIN)")
	flag.StringVar(&cfg.helloDir, "hello", "infra/bench/hello", "baseline hello-world package dir; relative to -root")
	flag.StringVar(&cfg.helloDBDir, "hellodb", "infra/bench/hellodb", "first-request baseline package dir (hello plus one DynamoDB write); relative to -root")
	flag.IntVar(&cfg.runs, "runs", 7, "measured cold starts per function; the median is reported")
	flag.StringVar(&cfg.jsonPath, "json", "", "also write the results as JSON to this file")
	flag.Float64Var(&cfg.targets.MaxRatio, "max-ratio", 1.5, "max cold-start median relative to hello")
	flag.Float64Var(&cfg.targets.MaxSizeMB, "max-size-mb", 20, "max linux/arm64 bootstrap size in MiB")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the work dir with the binaries and each invocation's log")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "bench: unexpected arguments %q\n", flag.Args())
		flag.Usage()
		os.Exit(exitSetup)
	}

	// RIE runs in its own process group, out of reach of the terminal's
	// Ctrl-C; catching it lets the current RIE be killed on the way out.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, cfg)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, cfg config) int {
	ts, err := prepare(&cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return exitSetup
	}
	rieVer := rieVersion(cfg.rieBin)

	work, err := os.MkdirTemp("", "medspa-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return exitSetup
	}
	if cfg.keep {
		defer fmt.Fprintln(os.Stderr, "bench: kept work dir", work)
	} else {
		defer os.RemoveAll(work)
	}
	for _, t := range ts {
		base := filepath.Join(work, filepath.FromSlash(t.slug()))
		t.armBin = filepath.Join(base, "arm64", "bootstrap")
		t.nativeBin = filepath.Join(base, "native", "bootstrap")
	}

	fmt.Fprintf(os.Stderr, "bench: building %d functions + hello and hellodb for linux/arm64 and %s/%s\n",
		len(ts)-2, runtime.GOOS, runtime.GOARCH)
	if err := buildAll(ctx, cfg.root, ts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return exitSetup
	}

	measureAll(ctx, cfg, ts, work)
	if ctx.Err() != nil {
		fmt.Fprintln(os.Stderr, "bench: interrupted")
		return exitFail
	}

	rep := report{
		RIEPath:     cfg.rieBin,
		RIEVersion:  rieVer,
		Runs:        cfg.runs,
		ColdStartOn: runtime.GOOS + "/" + runtime.GOARCH,
		Targets:     cfg.targets,
		Baseline:    newResult(ts[0]),
		Write:       newResult(ts[1]),
		Pass:        true,
	}
	for _, t := range ts[2:] {
		r := newResult(t)
		evaluate(&r, rep.Baseline, rep.Write, cfg.targets)
		rep.Pass = rep.Pass && r.Pass
		rep.Functions = append(rep.Functions, r)
	}
	rep.print(os.Stdout)
	if cfg.jsonPath != "" {
		if err := rep.writeJSON(cfg.jsonPath); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			return exitFail
		}
	}
	if !rep.Pass {
		return exitFail
	}
	return 0
}

// slug is the target's place in the work dir; the baseline gets one no
// function dir can collide with.
func (t *target) slug() string {
	switch {
	case t.baseline:
		return "baseline"
	case t.write:
		return "baseline-write"
	}
	return t.dir
}

// prepare checks everything that does not need a build, so that a missing
// event or provisioning step is reported before minutes of building, and
// makes cfg's paths absolute. The baseline is always ts[0], the
// first-request baseline ts[1].
func prepare(cfg *config) ([]*target, error) {
	if cfg.runs < 1 {
		return nil, errors.New("-runs must be at least 1")
	}
	if cfg.rieBin == "" {
		return nil, errors.New("no RIE binary: pass -rie or set RIE_BIN (the Makefile installs aws-lambda-rie with go install)")
	}
	if fi, err := os.Stat(cfg.rieBin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("RIE binary %s is not an executable file", cfg.rieBin)
	}
	var err error
	if cfg.root, err = filepath.Abs(cfg.root); err != nil {
		return nil, err
	}
	if cfg.rieBin, err = filepath.Abs(cfg.rieBin); err != nil {
		return nil, err
	}

	names, err := discoverFunctions(cfg.root)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no functions found: no %s/functions/*/main.go", cfg.root)
	}
	functionsFile := underRoot(cfg.root, cfg.functionsFile)
	configs, err := loadFunctionConfigs(functionsFile)
	if err != nil {
		return nil, err
	}

	helloDir := underRoot(cfg.root, cfg.helloDir)
	if _, err := os.Stat(filepath.Join(helloDir, "main.go")); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	ts := []*target{{
		name:     baselineName,
		dir:      filepath.ToSlash(cfg.helloDir),
		pkgDir:   helloDir,
		event:    []byte("{}"),
		env:      lambdaEnv(os.Environ(), "hello", functionConfig{}),
		timeout:  defaultTimeoutSec*time.Second + startSlack,
		baseline: true,
	}}
	// The first-request baseline writes into the table the api's request
	// log goes to, the api's first request's one write.
	helloDBDir := underRoot(cfg.root, cfg.helloDBDir)
	if _, err := os.Stat(filepath.Join(helloDBDir, "main.go")); err != nil {
		return nil, fmt.Errorf("first-request baseline: %w", err)
	}
	logs := ""
	for _, fc := range configs {
		if v := fc.Env["LOGS_TABLE"]; v != "" {
			logs = v
		}
	}
	if logs == "" {
		return nil, fmt.Errorf("first-request baseline: no function of %s has LOGS_TABLE; re-run make provision", functionsFile)
	}
	ts = append(ts, &target{
		name:    writeBaselineName,
		dir:     filepath.ToSlash(cfg.helloDBDir),
		pkgDir:  helloDBDir,
		event:   []byte("{}"),
		env:     lambdaEnv(os.Environ(), "hellodb", functionConfig{Env: map[string]string{"LOGS_TABLE": logs}}),
		timeout: defaultTimeoutSec*time.Second + startSlack,
		write:   true,
	})

	// Collect every problem rather than stopping at the first, so one run
	// tells the team everything that is missing.
	var problems []string
	for _, name := range names {
		dir := "functions/" + name
		eventFile := filepath.Join(cfg.root, "events", name, "coldstart.json")
		event, err := os.ReadFile(eventFile)
		switch {
		case errors.Is(err, os.ErrNotExist):
			problems = append(problems, fmt.Sprintf("%s: missing cold-start event %s", dir, eventFile))
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", dir, err))
		case !json.Valid(event):
			problems = append(problems, fmt.Sprintf("%s: %s is not valid JSON", dir, eventFile))
		}
		fc, ok := configs[dir]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: no entry with \"dir\": %q in %s; re-run make provision", dir, dir, functionsFile))
		}
		fnName := fc.LogicalID
		if fnName == "" {
			fnName = name
		}
		ts = append(ts, &target{
			name:    name,
			dir:     dir,
			pkgDir:  filepath.Join(cfg.root, "functions", name),
			event:   event,
			env:     lambdaEnv(os.Environ(), fnName, fc),
			timeout: time.Duration(orDefault(fc.Timeout, defaultTimeoutSec))*time.Second + startSlack,
		})
	}
	if len(problems) > 0 {
		return nil, errors.New("cannot run:\n  " + strings.Join(problems, "\n  "))
	}
	return ts, nil
}

func underRoot(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, p)
}

// rieVersion reads the module version go install stamped into the binary.
func rieVersion(bin string) string {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return "version unknown"
	}
	return info.Main.Path + "@" + info.Main.Version
}

// measureAll runs one uncounted warm-up invocation of every target, then
// cfg.runs measured rounds. Each round runs hello and every function once,
// one at a time, so machine noise lands on all of them alike; the start of
// the round rotates so no function always follows the same neighbour.
func measureAll(ctx context.Context, cfg config, ts []*target, work string) {
	// The warm-up is where a misconfigured function fails, in seconds rather
	// than after the rounds; it also puts RIE and every binary in the page
	// cache so that the first measured round is not special.
	fmt.Fprintln(os.Stderr, "bench: warm-up invocation of each function")
	for _, t := range ts {
		invoke(ctx, cfg, t, work, "warmup", false)
		if ctx.Err() != nil {
			return
		}
	}
	if ts[0].err != nil || ts[1].err != nil {
		return // without the baselines there is nothing to compare against
	}

	for round := 1; round <= cfg.runs; round++ {
		fmt.Fprintf(os.Stderr, "bench: round %d/%d\n", round, cfg.runs)
		for i := range ts {
			t := ts[(i+round)%len(ts)]
			if t.err != nil {
				continue
			}
			invoke(ctx, cfg, t, work, fmt.Sprintf("round-%02d", round), true)
			if ctx.Err() != nil {
				return
			}
		}
	}
}

// invoke measures one cold start of t, recording the sample or the failure.
// A failed cold start is tried once more: on a loaded machine the RIE can
// start the function before its own runtime API listens, and the function
// then exits at once ("connection refused"); a function that really fails
// fails twice.
func invoke(ctx context.Context, cfg config, t *target, work, label string, record bool) {
	var s sample
	var err error
	for try := range 2 {
		suffix := ""
		if try > 0 {
			suffix = "-again"
		}
		s, err = coldStart(ctx, cfg.rieBin, invocation{
			bootstrap: t.nativeBin,
			event:     t.event,
			env:       t.env,
			timeout:   t.timeout,
			logPath:   filepath.Join(work, filepath.FromSlash(t.slug()), label+suffix+".log"),
		})
		if err == nil || ctx.Err() != nil {
			break
		}
		if try == 0 {
			fmt.Fprintf(os.Stderr, "bench: %s: cold start failed (%s), trying once more: %v\n", t.name, label, err)
		}
	}
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		t.err = err
		printFailure(t, label, err)
		return
	}
	if record {
		t.samples = append(t.samples, s)
	}
}

// printFailure shows, as it happens, what the function said and answered.
func printFailure(t *target, label string, err error) {
	fmt.Fprintf(os.Stderr, "\nbench: %s: invocation failed (%s): %v\n", t.name, label, err)
	var ie *invokeError
	if errors.As(err, &ie) {
		if len(ie.body) > 0 {
			fmt.Fprintf(os.Stderr, "--- response body ---\n%s\n", clip(strings.TrimSpace(string(ie.body)), 2000, false))
		}
		fmt.Fprintf(os.Stderr, "--- last lines of RIE and function output ---\n%s\n---\n\n", clip(ie.logTail, 6000, true))
	}
}

// clip bounds what a failure prints: SDK errors repeated per table can run
// to many kilobytes. keepEnd keeps the end, where a log's last words are.
func clip(s string, n int, keepEnd bool) string {
	if len(s) <= n {
		return s
	}
	if keepEnd {
		return "[...]" + s[len(s)-n:]
	}
	return s[:n] + "[...]"
}
