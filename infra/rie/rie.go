// Package rie drives the AWS Lambda Runtime Interface Emulator: it runs a
// function's real bootstrap under aws-lambda-rie, as in a Lambda container,
// waits until it listens, invokes it and stops it with its runtime. `make
// dev` (infra/local) and `make bench` (infra/bench) both run functions
// through it.
package rie

import (
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
	"strings"
	"syscall"
	"time"
)

// Options say what to run.
type Options struct {
	// RIE is the aws-lambda-rie binary.
	RIE string
	// Bootstrap is the function's binary; its folder is the working
	// directory, as /var/task is in Lambda.
	Bootstrap string
	// Env is the complete environment of the RIE and the function.
	Env []string
	// Output receives the RIE's and the function's stdout and stderr. A
	// file (or a pipe's write end) is inherited directly; the caller may
	// close its copy once Start returns.
	Output *os.File
}

// Process is one RIE with its runtime. It serves one invocation at a time,
// as a Lambda execution environment does.
type Process struct {
	// Addr is the RIE's invoke address (host:port).
	Addr    string
	cmd     *exec.Cmd
	done    chan struct{}
	waitErr error
	client  *http.Client
}

// stopGrace is how long the RIE gets to shut its runtime down; it gives
// itself 2 s and normally needs a few milliseconds.
const stopGrace = 3 * time.Second

// Start launches the RIE on free loopback ports. It does not wait for it to
// listen: see WaitReady.
func Start(o Options) (*Process, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	// The runtime API defaults to the fixed port 9001; a port of our own
	// keeps a lingering process or anything else on 9001 out of the way.
	runtimeAddr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(o.RIE, "--runtime-interface-emulator-address", addr, "--runtime-api-address", runtimeAddr, o.Bootstrap)
	cmd.Dir = filepath.Dir(o.Bootstrap)
	cmd.Env = o.Env
	if o.Output != nil {
		cmd.Stdout, cmd.Stderr = o.Output, o.Output
	}
	// Its own process group: our signals to it reach neither us nor the
	// terminal, and the terminal's Ctrl-C reaches only us (we then stop it).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the RIE: %w", err)
	}
	p := &Process{Addr: addr, cmd: cmd, done: make(chan struct{}),
		// No proxy from the environment: the RIE is on loopback.
		client: &http.Client{Transport: &http.Transport{Proxy: nil}}}
	go func() { p.waitErr = cmd.Wait(); close(p.done) }()
	return p, nil
}

// Done is closed when the RIE has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// ExitStatus says how the RIE ended ("" while it runs).
func (p *Process) ExitStatus() string {
	select {
	case <-p.done:
	default:
		return ""
	}
	if p.waitErr == nil {
		return "exit status 0"
	}
	return p.waitErr.Error()
}

// Pid is the RIE's process ID (its process group's too).
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// ErrExitedEarly is WaitReady's error for an RIE that exited before it
// accepted connections.
var ErrExitedEarly = errors.New("the RIE exited before accepting connections")

// WaitReady polls every poll until the RIE accepts connections, it exits,
// or ctx ends.
func (p *Process) WaitReady(ctx context.Context, poll time.Duration) error {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", p.Addr)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case <-p.done:
			return ErrExitedEarly
		case <-ctx.Done():
			return fmt.Errorf("the RIE did not accept connections on %s: %w", p.Addr, ctx.Err())
		case <-tick.C:
		}
	}
}

// FunctionError is an invocation that ended in a function error (a
// returned error, a panic, a timeout or a crash), as Lambda reports it.
type FunctionError struct {
	Reason string
	Body   []byte
}

func (e *FunctionError) Error() string {
	return fmt.Sprintf("function error: %s: %s", e.Reason, bytes.TrimSpace(e.Body))
}

// EmulatorError is an invocation the RIE itself failed: no answer (it
// crashed, hung or dropped the connection) or an answer about its own state
// (400 "already reserved", 500, 504) rather than the function's. An RIE that
// answers one is not to be trusted with the next invocation.
type EmulatorError struct {
	Err error
}

func (e *EmulatorError) Error() string { return "the RIE failed: " + e.Err.Error() }
func (e *EmulatorError) Unwrap() error { return e.Err }

// Invoke sends one event and returns the function's response payload. A
// function error is a *FunctionError carrying the response body; a failure
// of the RIE is an *EmulatorError.
func (p *Process) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+p.Addr+"/2015-03-31/functions/function/invocations", bytes.NewReader(event))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, &EmulatorError{fmt.Errorf("invoke: %w", err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return body, &EmulatorError{fmt.Errorf("read the response: %w", err)}
	}
	switch resp.StatusCode {
	case http.StatusBadRequest, http.StatusInternalServerError, http.StatusGatewayTimeout:
		// A function's failure is a 200 with an error body, or a 502 for
		// a failed init; these are the RIE's own.
		return body, &EmulatorError{fmt.Errorf("HTTP %d from the RIE: %s", resp.StatusCode, bytes.TrimSpace(body))}
	}
	if reason := ResponseFailure(resp.StatusCode, resp.Header, body); reason != "" {
		return body, &FunctionError{Reason: reason, Body: body}
	}
	return body, nil
}

// ResponseFailure says why a response is not a success, or "" if it is.
// The RIE answers a function error (returned error, panic) and a timeout
// with 200 and an {"errorType": ...} or plain-text body, so the body
// decides; a crash in init is a 502.
func ResponseFailure(status int, h http.Header, body []byte) string {
	if status != http.StatusOK {
		return fmt.Sprintf("HTTP %d from the RIE", status)
	}
	if fe := h.Get("X-Amz-Function-Error"); fe != "" {
		return "X-Amz-Function-Error: " + fe
	}
	if bytes.HasPrefix(body, []byte("Task timed out")) {
		return string(body)
	}
	var f struct {
		ErrorType    *string `json:"errorType"`
		ErrorMessage *string `json:"errorMessage"`
	}
	if json.Unmarshal(body, &f) == nil && f.ErrorType != nil && f.ErrorMessage != nil {
		return "errorType " + strconv.Quote(*f.ErrorType)
	}
	return ""
}

// Stop ends the RIE and the runtime it started. SIGTERM first: the RIE
// then kills its runtime (which it keeps in a process group of its own)
// and reaps it before exiting, so nothing is orphaned. If it does not exit
// in time, the runtime's group and the RIE's are killed outright.
func (p *Process) Stop() {
	pid := p.Pid()
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-p.done:
		return
	case <-time.After(stopGrace):
	}
	for _, kid := range childPIDs(pid) {
		_ = syscall.Kill(-kid, syscall.SIGKILL)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	<-p.done
}

// childPIDs lists the processes whose parent is pid, from /proc (Linux only;
// elsewhere it finds none and only the RIE's group is killed).
func childPIDs(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var kids []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if ppid, ok := parseStatPPID(string(stat)); ok && ppid == pid {
			kids = append(kids, child)
		}
	}
	return kids
}

// parseStatPPID reads the parent pid from a /proc/<pid>/stat line. The
// command name (field 2) is in parentheses and may itself contain spaces and
// parentheses, so fields are counted from the last ')'.
func parseStatPPID(stat string) (int, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(stat[i+1:]) // state, ppid, ...
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// FreeAddr asks the kernel for an unused loopback port. It is released
// before the caller binds it; the rare race shows up as the binding process
// failing to start, a clear failure.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
