// Command provision creates the stack of template.yaml in the local
// emulators and writes what it made to .local/stack.json (resources) and
// .local/functions.json (each function's folder, resolved environment and
// triggers), which the local runner and the benchmarks read.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/platform/awsclient"
)

type params map[string]string

func (p params) String() string { return fmt.Sprint(map[string]string(p)) }
func (p params) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want Name=Value, got %q", s)
	}
	p[k] = v
	return nil
}

func main() {
	tpl := flag.String("template", "template.yaml", "SAM template")
	out := flag.String("out", ".local", "folder for stack.json and functions.json")
	prefix := flag.String("prefix", "dev-", "prefix for every physical name")
	ps := params{}
	flag.Var(ps, "param", "template parameter override Name=Value (repeatable)")
	flag.Parse()

	if err := run(*tpl, *out, *prefix, ps); err != nil {
		fmt.Fprintln(os.Stderr, "provision:", err)
		os.Exit(1)
	}
}

func run(tplPath, out, prefix string, ps params) error {
	if os.Getenv("AWS_ENDPOINT_URL") == "" {
		return fmt.Errorf("AWS_ENDPOINT_URL is not set: run `eval $(infra/emulators.sh env)` first (or use make)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		return err
	}
	st, err := provision.ApplyFile(ctx, cfg, tplPath, provision.Options{Prefix: prefix, Params: ps})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for name, v := range map[string]any{"stack.json": st, "functions.json": st.Functions} {
		b, _ := json.MarshalIndent(v, "", "  ")
		if err := os.WriteFile(filepath.Join(out, name), append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("provisioned %d resources and %d functions from %s (not emulated: %s)\n",
		len(st.Resources), len(st.Functions), tplPath, strings.Join(st.NotEmulated, ", "))
	return nil
}
