package main

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
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pollInterval bounds the error the port poll adds to a measurement; a refused
// dial on loopback costs tens of microseconds, so polling this often is cheap.
const pollInterval = 250 * time.Microsecond

// stopGrace is how long RIE gets to shut its runtime down; it gives itself
// 2 s, and normally needs a few milliseconds.
const stopGrace = 3 * time.Second

// invocation is one cold start: a fresh RIE process, one request.
type invocation struct {
	bootstrap string        // native build of the function
	event     []byte        // request body
	env       []string      // complete RIE environment, passed on to the function
	timeout   time.Duration // give up on the whole cold start after this
	logPath   string        // RIE's and the function's stdout+stderr
}

// sample is one measured cold start.
type sample struct {
	total time.Duration // RIE start to first response: what is compared
	init  time.Duration // the function's init as RIE logged it; 0 if not found
}

// initReport matches the line RIE logs when the runtime's init phase ends.
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// invokeError is a failed cold start with what is needed to debug it.
type invokeError struct {
	reason  string
	body    []byte // response body, if any
	logTail string // last lines of RIE's and the function's output
}

func (e *invokeError) Error() string { return e.reason }

// coldStart runs RIE with the bootstrap and returns the wall time from
// starting RIE to the end of the first successful response, which covers
// RIE start-up (the same for every function, and in the baseline), exec of
// the bootstrap, the function's init and the first invoke.
func coldStart(ctx context.Context, rieBin string, inv invocation) (sample, error) {
	apiAddr, err := freeLoopbackAddr()
	if err != nil {
		return sample{}, err
	}
	// RIE's runtime API defaults to the fixed port 9001; a port of our own
	// keeps a lingering process or anything else on 9001 out of the way.
	runtimeAddr, err := freeLoopbackAddr()
	if err != nil {
		return sample{}, err
	}
	logFile, err := os.Create(inv.logPath)
	if err != nil {
		return sample{}, err
	}
	defer logFile.Close()

	cmd := exec.Command(rieBin,
		"--runtime-interface-emulator-address", apiAddr,
		"--runtime-api-address", runtimeAddr,
		inv.bootstrap)
	cmd.Dir = filepath.Dir(inv.bootstrap) // what /var/task is in Lambda
	cmd.Env = inv.env
	// A file rather than a pipe: the runtime inherits it, and a pipe would
	// make Wait block for as long as any runtime process keeps it open.
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group: our signals to it reach neither us nor the
	// terminal, and the terminal's Ctrl-C reaches only us (we then stop it).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, fmt.Errorf("start RIE: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()

	body, err := invokeWhenReady(ctx, apiAddr, inv, exited)
	elapsed := time.Since(start)
	stopRIE(cmd.Process.Pid, exited)

	if err != nil {
		var ie *invokeError
		if !errors.As(err, &ie) {
			ie = &invokeError{reason: err.Error()}
		}
		ie.body = body
		ie.logTail = tailLines(inv.logPath, 30)
		return sample{}, ie
	}
	return sample{total: elapsed, init: logInitDuration(inv.logPath)}, nil
}

// logInitDuration reads the init duration RIE logged. Its log format is not
// an API, so a miss only leaves the INIT column empty.
func logInitDuration(file string) time.Duration {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	m := initReport.FindSubmatch(data)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0
	}
	return time.Duration(v * float64(time.Millisecond))
}

// invokeWhenReady polls until RIE accepts connections, then sends the event.
func invokeWhenReady(ctx context.Context, addr string, inv invocation, exited <-chan struct{}) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, inv.timeout)
	defer cancel()

	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			conn.Close()
			break
		}
		select {
		case <-exited:
			return nil, errors.New("RIE exited before accepting connections")
		case <-ctx.Done():
			return nil, fmt.Errorf("RIE not accepting connections on %s: %w", addr, ctx.Err())
		case <-tick.C:
		}
	}

	url := "http://" + addr + "/2015-03-31/functions/function/invocations"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(inv.event))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	// A bare transport: no proxy from the environment, no pooled connection
	// carried from one RIE process to the next.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("invoke: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return body, fmt.Errorf("read response: %w", err)
	}
	if reason := responseFailure(resp.StatusCode, resp.Header, body); reason != "" {
		return body, &invokeError{reason: reason}
	}
	return body, nil
}

// responseFailure says why a response is not a success, or "" if it is. RIE
// answers a function error (returned error, panic) and a timeout with 200 and
// an {"errorType": ...} or plain-text body, so the body decides; a crash in
// init is a 502.
func responseFailure(status int, h http.Header, body []byte) string {
	if status != http.StatusOK {
		return fmt.Sprintf("HTTP %d from RIE", status)
	}
	if fe := h.Get("X-Amz-Function-Error"); fe != "" {
		return "function error (X-Amz-Function-Error: " + fe + ")"
	}
	if bytes.HasPrefix(body, []byte("Task timed out after")) {
		return string(body)
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil {
		if raw, ok := fields["errorType"]; ok {
			var errType string
			_ = json.Unmarshal(raw, &errType)
			return "function error (errorType " + strconv.Quote(errType) + ")"
		}
	}
	return ""
}

// stopRIE ends RIE and the runtime it started. SIGTERM first: RIE then
// kills its runtime (which it keeps in a process group of its own) and reaps
// it before exiting, so nothing is orphaned. If RIE does not exit in time,
// the runtime's group and RIE's are killed outright.
func stopRIE(pid int, exited <-chan struct{}) {
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-exited:
		return
	case <-time.After(stopGrace):
	}
	for _, kid := range childPIDs(pid) {
		_ = syscall.Kill(-kid, syscall.SIGKILL)
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	<-exited
}

// childPIDs lists the processes whose parent is pid, from /proc (Linux only;
// elsewhere it finds none and only RIE's group is killed).
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

// freeLoopbackAddr asks the kernel for an unused port. It is released before
// RIE binds it; a rare race shows up as RIE exiting, a clear failure.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// tailLines returns the last n lines of a file, for failure reports.
func tailLines(file string, n int) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
