package local

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/medspa-ai/backend/infra/rie"
	"github.com/medspa-ai/backend/infra/template"
)

// Runtime is one function's real bootstrap running under the Lambda Runtime
// Interface Emulator, as in a Lambda container. Like one Lambda execution
// environment it serves one invocation at a time.
type Runtime struct {
	Fn   template.Function
	proc *rie.Process
	mu   sync.Mutex
}

// StartRuntime runs bootstrap under rieBin with env (the function's resolved
// environment on top of base), prefixing every log line with the function's
// folder name.
func StartRuntime(rieBin, bootstrap string, fn template.Function, base []string, logs io.Writer) (*Runtime, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// A pipe end as an *os.File: the runtime inherits it directly, and the
	// prefixing goroutine below ends when the last writer exits.
	proc, err := rie.Start(rie.Options{RIE: rieBin, Bootstrap: bootstrap, Env: FunctionEnv(fn, base), Output: pw})
	pw.Close()
	if err != nil {
		pr.Close()
		return nil, fmt.Errorf("start %s under the RIE: %w", fn.LogicalID, err)
	}
	go prefixLines(pr, logs, filepath.Base(fn.Dir))
	r := &Runtime{Fn: fn, proc: proc}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := proc.WaitReady(ctx, 20*time.Millisecond); err != nil {
		r.Stop()
		return nil, fmt.Errorf("%s: %w", fn.LogicalID, err)
	}
	return r, nil
}

// FunctionEnv is what Lambda would give the function: the base environment
// (AWS endpoints and credentials), the function's identity, and the
// template's variables, which win.
func FunctionEnv(fn template.Function, base []string) []string {
	env := make([]string, 0, len(base)+len(fn.Env)+4)
	for _, kv := range base {
		k, _, _ := cutEnv(kv)
		if k == "AWS_LAMBDA_RUNTIME_API" || k == "AWS_LAMBDA_MAX_CONCURRENCY" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"AWS_LAMBDA_FUNCTION_NAME="+fn.LogicalID,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(fn.MemorySize),
		"AWS_LAMBDA_FUNCTION_TIMEOUT="+strconv.Itoa(fn.Timeout),
	)
	for k, v := range fn.Env {
		env = append(env, k+"="+v)
	}
	return env
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

// Invoke sends one event and returns the function's response payload. A
// function error (a returned error, a panic, a timeout or a crash) is a
// *rie.FunctionError.
func (r *Runtime) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, time.Duration(r.Fn.Timeout+5)*time.Second)
	defer cancel()
	out, err := r.proc.Invoke(ctx, event)
	if err != nil {
		return out, fmt.Errorf("%s: %w", r.Fn.LogicalID, err)
	}
	return out, nil
}

// Stop ends the RIE and its runtime.
func (r *Runtime) Stop() { r.proc.Stop() }

func prefixLines(r io.ReadCloser, w io.Writer, name string) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	prefix := fmt.Sprintf("%-15s| ", name)
	for sc.Scan() {
		_, _ = fmt.Fprintf(w, "%s%s\n", prefix, sc.Bytes())
	}
}

// errStopped is returned by pollers once the stack is closing.
var errStopped = errors.New("local stack stopped")
