package local

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
//
// It is supervised: an RIE that exits, or fails an invocation itself (no
// answer, or an answer about its own state rather than the function's), is
// reported with the function's name and started again, with a backoff, as
// Lambda replaces a broken execution environment. Invocations that meet it
// meanwhile fail with an *UnavailableError.
type Runtime struct {
	Fn        template.Function
	rieBin    string
	bootstrap string
	env       []string
	logs      io.Writer
	log       *slog.Logger

	mu sync.Mutex // one invocation at a time

	state    sync.Mutex
	proc     *rie.Process // nil while it is being restarted
	restarts int
	stopping bool
	stopCh   chan struct{}
	done     chan struct{} // closed when the supervisor has ended
}

// Restart backoff: the first restart comes quickly, a crash loop slows down.
const (
	restartMin    = 100 * time.Millisecond
	restartMax    = 10 * time.Second
	restartSteady = 30 * time.Second // up this long, the backoff starts over
	// restartWait is how long an invocation waits for a restart in progress
	// before it is refused.
	restartWait = 5 * time.Second
)

// UnavailableError is an invocation refused or lost because the function's
// emulator failed: the gateway answers it 502 (it failed under the request)
// or 503 (it was being restarted).
type UnavailableError struct {
	Function   string
	Restarting bool // the invocation was not sent
	Err        error
}

func (e *UnavailableError) Error() string {
	if e.Restarting {
		return e.Function + ": its emulator is being restarted"
	}
	return e.Function + ": its emulator failed and is being restarted: " + e.Err.Error()
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// StartRuntime runs bootstrap under rieBin with env (the function's resolved
// environment on top of base), prefixing every log line with the function's
// folder name, and supervises it until Stop.
func StartRuntime(rieBin, bootstrap string, fn template.Function, base []string, logs io.Writer) (*Runtime, error) {
	r := &Runtime{Fn: fn, rieBin: rieBin, bootstrap: bootstrap, env: FunctionEnv(fn, base), logs: logs,
		log:    slog.New(slog.NewTextHandler(prefixed{logs, "local"}, nil)),
		stopCh: make(chan struct{}), done: make(chan struct{})}
	proc, err := r.spawn()
	if err != nil {
		return nil, err
	}
	r.proc = proc
	go r.supervise(proc)
	return r, nil
}

// spawn starts one RIE and waits until it accepts invocations. An RIE
// that exits before it listens (on a loaded machine a free port it was
// given can be taken before it binds, or the function can start before the
// runtime API listens) is started again, on new ports, up to twice.
func (r *Runtime) spawn() (*rie.Process, error) {
	var err error
	for try := range 3 {
		var proc *rie.Process
		if proc, err = r.spawnOnce(); err == nil || !errors.Is(err, rie.ErrExitedEarly) {
			return proc, err
		}
		r.log.Warn("the RIE exited before it listened; starting it again", "function", r.Fn.LogicalID, "try", try+1)
	}
	return nil, err
}

func (r *Runtime) spawnOnce() (*rie.Process, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// A pipe end as an *os.File: the runtime inherits it directly, and the
	// prefixing goroutine below ends when the last writer exits.
	proc, err := rie.Start(rie.Options{RIE: r.rieBin, Bootstrap: r.bootstrap, Env: r.env, Output: pw})
	pw.Close()
	if err != nil {
		pr.Close()
		return nil, fmt.Errorf("start %s under the RIE: %w", r.Fn.LogicalID, err)
	}
	go prefixLines(pr, r.logs, filepath.Base(r.Fn.Dir))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := proc.WaitReady(ctx, 20*time.Millisecond); err != nil {
		proc.Stop()
		return nil, fmt.Errorf("%s: %w", r.Fn.LogicalID, err)
	}
	return proc, nil
}

// supervise restarts the RIE whenever it exits, until Stop.
func (r *Runtime) supervise(p *rie.Process) {
	defer close(r.done)
	backoff := restartMin
	for {
		up := time.Now()
		select {
		case <-r.stopCh:
			return
		case <-p.Done():
		}
		r.state.Lock()
		r.proc = nil
		stopping := r.stopping
		r.state.Unlock()
		if stopping {
			return
		}
		if time.Since(up) > restartSteady {
			backoff = restartMin
		}
		r.log.Error("function emulator exited; restarting it", "function", r.Fn.LogicalID, "exit", p.ExitStatus(), "in", backoff)
		for {
			select {
			case <-r.stopCh:
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, restartMax)
			np, err := r.spawn()
			if err != nil {
				r.log.Error("function emulator did not restart", "function", r.Fn.LogicalID, "error", err.Error(), "retryIn", backoff)
				continue
			}
			r.state.Lock()
			if r.stopping {
				r.state.Unlock()
				np.Stop()
				return
			}
			r.proc = np
			r.restarts++
			n := r.restarts
			r.state.Unlock()
			r.log.Info("function emulator restarted", "function", r.Fn.LogicalID, "restarts", n)
			p = np
			break
		}
	}
}

// Restarts counts the emulator's restarts so far.
func (r *Runtime) Restarts() int {
	r.state.Lock()
	defer r.state.Unlock()
	return r.restarts
}

// Pid is the current RIE's process ID (0 while it is being restarted).
func (r *Runtime) Pid() int {
	r.state.Lock()
	defer r.state.Unlock()
	if r.proc == nil {
		return 0
	}
	return r.proc.Pid()
}

// current is the running RIE, waiting up to restartWait for a restart in
// progress.
func (r *Runtime) current() *rie.Process {
	deadline := time.Now().Add(restartWait)
	for {
		r.state.Lock()
		p, stopping := r.proc, r.stopping
		r.state.Unlock()
		if p != nil || stopping || time.Now().After(deadline) {
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
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
// *rie.FunctionError; a failed emulator an *UnavailableError.
//
// The invocation runs to its end (or the function's timeout) whatever
// happens to ctx's cancellation, as Lambda finishes an invocation whose
// caller left: an RIE whose request is cut off mid-invocation stays
// reserved and refuses every invocation after it.
func (r *Runtime) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.current()
	if p == nil {
		return nil, &UnavailableError{Function: r.Fn.LogicalID, Restarting: true}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Duration(r.Fn.Timeout+5)*time.Second)
	defer cancel()
	out, err := p.Invoke(ctx, event)
	var ee *rie.EmulatorError
	if errors.As(err, &ee) {
		// Stopped here, restarted by the supervisor: the next invocation
		// waits for a fresh one instead of meeting this one.
		r.log.Error("function emulator failed an invocation; restarting it", "function", r.Fn.LogicalID, "error", err.Error())
		p.Stop()
		return out, &UnavailableError{Function: r.Fn.LogicalID, Err: err}
	}
	if err != nil {
		return out, fmt.Errorf("%s: %w", r.Fn.LogicalID, err)
	}
	return out, nil
}

// Stop ends the supervision, the RIE and its runtime.
func (r *Runtime) Stop() {
	r.state.Lock()
	if r.stopping {
		r.state.Unlock()
		<-r.done
		return
	}
	r.stopping = true
	p := r.proc
	close(r.stopCh)
	r.state.Unlock()
	if p != nil {
		p.Stop()
	}
	<-r.done
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

// errStopped is returned by pollers once the stack is closing.
var errStopped = errors.New("local stack stopped")
