package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// functionConfig is one entry of the provisioning output (.local/functions.json).
type functionConfig struct {
	LogicalID  string            `json:"logicalId"`
	Dir        string            `json:"dir"`
	Env        map[string]string `json:"env"`
	Timeout    int               `json:"timeout"`
	MemorySize int               `json:"memorySize"`
}

// discoverFunctions lists the names of the functions/<name>/ dirs that hold a
// main.go, sorted so that table rows and rounds are in a stable order.
func discoverFunctions(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "functions"))
	if err != nil {
		return nil, fmt.Errorf("discover functions: %w", err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		// The go tool skips these in ./... patterns too; they are never deployed.
		if !e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		fi, err := os.Stat(filepath.Join(root, "functions", name, "main.go"))
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

// loadFunctionConfigs reads the provisioning output, keyed by the cleaned
// slash-separated dir ("functions/api") so "./functions/api/" matches too.
func loadFunctionConfigs(file string) (map[string]functionConfig, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s not found: run the provisioning first (make provision), or point -functions at the file it writes", file)
	}
	if err != nil {
		return nil, err
	}
	var list []functionConfig
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: want a JSON array of {logicalId, dir, env, timeout, memorySize}: %w", file, err)
	}
	byDir := make(map[string]functionConfig, len(list))
	for _, fc := range list {
		byDir[cleanDir(fc.Dir)] = fc
	}
	return byDir, nil
}

func cleanDir(dir string) string {
	return path.Clean(filepath.ToSlash(dir))
}

// lambdaEnv builds the RIE process environment, which RIE hands on to the
// function. Later entries win (os/exec keeps the last of duplicate keys), so
// the order is: caller's environment (AWS_ENDPOINT_URL, credentials...), then
// what Lambda itself would set, then the function's provisioned variables.
func lambdaEnv(base []string, name string, fc functionConfig) []string {
	env := make([]string, 0, len(base)+len(fc.Env)+4)
	region := ""
	defaultRegion := ""
	for _, kv := range base {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "AWS_LAMBDA_MAX_CONCURRENCY", "AWS_LAMBDA_RUNTIME_API":
			// The first switches RIE into its managed-instances mode, the
			// second would point the function at some other runtime API.
			continue
		case "AWS_REGION":
			region = v
		case "AWS_DEFAULT_REGION":
			defaultRegion = v
		}
		env = append(env, kv)
	}
	// Lambda always sets AWS_REGION and SDK clients fail at init without it.
	if region == "" {
		if defaultRegion == "" {
			defaultRegion = "us-east-1"
		}
		env = append(env, "AWS_REGION="+defaultRegion)
	}
	env = append(env,
		"AWS_LAMBDA_FUNCTION_NAME="+name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(orDefault(fc.MemorySize, defaultMemoryMB)),
		"AWS_LAMBDA_FUNCTION_TIMEOUT="+strconv.Itoa(orDefault(fc.Timeout, defaultTimeoutSec)),
	)
	keys := make([]string, 0, len(fc.Env))
	for k := range fc.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+fc.Env[k])
	}
	return env
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// buildAll compiles every target twice: for linux/arm64, the deployed
// artifact whose size counts, and for the host, the only one RIE can run
// here. Builds run in parallel because linking dominates and is mostly
// single-threaded per binary.
func buildAll(ctx context.Context, root string, ts []*target) error {
	type job struct {
		t            *target
		goos, goarch string
		out          string
	}
	var jobs []job
	for _, t := range ts {
		jobs = append(jobs,
			job{t, "linux", "arm64", t.armBin},
			job{t, runtime.GOOS, runtime.GOARCH, t.nativeBin})
	}

	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, max(1, runtime.NumCPU()))
	)
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := buildBootstrap(ctx, root, j.t, j.goos, j.goarch, j.out); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}

	for _, t := range ts {
		fi, err := os.Stat(t.armBin)
		if err != nil {
			return err
		}
		t.sizeBytes = fi.Size()
	}
	return nil
}

// buildBootstrap runs the same go build as the SAM build (provided.al2023,
// handler bootstrap). Functions are built from the root as ./functions/<name>;
// the baseline from its own dir, so -hello may live outside -root's module.
func buildBootstrap(ctx context.Context, root string, t *target, goos, goarch, out string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	dir, pkg := root, "./"+t.dir
	if t.baseline || t.write {
		dir, pkg = t.pkgDir, "."
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-tags", "lambda.norpc",
		"-ldflags", "-s -w", "-o", out, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s for %s/%s: %v\n%s", t.name, goos, goarch, err, output)
	}
	return nil
}
