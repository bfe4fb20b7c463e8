package local

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/medspa-ai/backend/infra/template"
)

// Runtime is one function's real bootstrap running under the Lambda Runtime
// Interface Emulator, as in a Lambda container. Like one Lambda execution
// environment it serves one invocation at a time.
type Runtime struct {
	Fn   template.Function
	addr string
	cmd  *exec.Cmd
	done chan struct{}
	mu   sync.Mutex
	out  *os.File
}

// FunctionError is an invocation that ended in a function error (a returned
// error, a panic, a timeout or a crash), as Lambda reports it.
type FunctionError struct {
	Function string
	Body     []byte
}

func (e *FunctionError) Error() string {
	return fmt.Sprintf("%s: function error: %s", e.Function, bytes.TrimSpace(e.Body))
}

// StartRuntime runs bootstrap under rie with env (the function's resolved
// environment on top of base), prefixing every log line with the function's
// folder name.
func StartRuntime(rie, bootstrap string, fn template.Function, base []string, logs io.Writer) (*Runtime, error) {
	apiAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	runtimeAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(rie, "--runtime-interface-emulator-address", apiAddr, "--runtime-api-address", runtimeAddr, bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = FunctionEnv(fn, base)
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// A pipe end as an *os.File: the runtime inherits it directly, and the
	// prefixing goroutine below ends when the last writer exits.
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("start %s under the RIE: %w", fn.LogicalID, err)
	}
	pw.Close()
	name := filepath.Base(fn.Dir)
	go prefixLines(pr, logs, name)
	r := &Runtime{Fn: fn, addr: apiAddr, cmd: cmd, done: make(chan struct{}), out: pr}
	go func() { _ = cmd.Wait(); close(r.done) }()
	if err := r.waitReady(10 * time.Second); err != nil {
		r.Stop()
		return nil, err
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

func (r *Runtime) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", r.addr, 100*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		select {
		case <-r.done:
			return fmt.Errorf("%s: the RIE exited while starting", r.Fn.LogicalID)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s: the RIE did not listen on %s within %s", r.Fn.LogicalID, r.addr, limit)
}

var invokeClient = &http.Client{}

// Invoke sends one event and returns the function's response payload. A
// function error is a *FunctionError.
func (r *Runtime) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, time.Duration(r.Fn.Timeout+5)*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+r.addr+"/2015-03-31/functions/function/invocations", bytes.NewReader(event))
	if err != nil {
		return nil, err
	}
	resp, err := invokeClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("invoke %s: %w", r.Fn.LogicalID, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Amz-Function-Error") != "" || isErrorPayload(body) {
		return body, &FunctionError{Function: r.Fn.LogicalID, Body: body}
	}
	return body, nil
}

// isErrorPayload recognizes how the RIE answers a function error or a
// timeout: 200 with {"errorType": ...} or "Task timed out ...".
func isErrorPayload(body []byte) bool {
	if bytes.HasPrefix(body, []byte("Task timed out")) {
		return true
	}
	var f struct {
		ErrorType    *string `json:"errorType"`
		ErrorMessage *string `json:"errorMessage"`
	}
	return json.Unmarshal(body, &f) == nil && f.ErrorType != nil && f.ErrorMessage != nil
}

// Stop ends the RIE and its runtime.
func (r *Runtime) Stop() {
	pid := r.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-r.done
	}
}

func prefixLines(r io.ReadCloser, w io.Writer, name string) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	prefix := fmt.Sprintf("%-15s| ", name)
	for sc.Scan() {
		_, _ = fmt.Fprintf(w, "%s%s\n", prefix, sc.Bytes())
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// errStopped is returned by pollers once the stack is closing.
var errStopped = errors.New("local stack stopped")
