package main

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/infra/rie"
)

// pollInterval bounds the error the port poll adds to a measurement; a refused
// dial on loopback costs tens of microseconds, so polling this often is cheap.
const pollInterval = 250 * time.Microsecond

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
	// request is the first request's own work: RIE's REPORT duration of
	// the first invocation, which includes the wait for the function's init,
	// less that init; 0 if either is not found.
	request time.Duration
}

// initReport matches the line RIE logs when the runtime's init phase ends.
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// invokeReport matches the invocation's REPORT line ("\tDuration: 1.23 ms";
// "Init Duration" and "Billed Duration" are other fields).
var invokeReport = regexp.MustCompile(`REPORT RequestId: [^\n]*?\tDuration: ([0-9.]+) ms`)

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
	logFile, err := os.Create(inv.logPath)
	if err != nil {
		return sample{}, err
	}
	defer logFile.Close()

	start := time.Now()
	// A file rather than a pipe: a pipe would keep the measurement waiting
	// for as long as any runtime process keeps it open.
	proc, err := rie.Start(rie.Options{RIE: rieBin, Bootstrap: inv.bootstrap, Env: inv.env, Output: logFile})
	if err != nil {
		return sample{}, err
	}
	body, err := invokeWhenReady(ctx, proc, inv)
	elapsed := time.Since(start)
	proc.Stop()

	if err != nil {
		ie := &invokeError{reason: err.Error()}
		var fe *rie.FunctionError
		if errors.As(err, &fe) {
			ie.reason = fe.Reason
		}
		ie.body = body
		ie.logTail = tailLines(inv.logPath, 30)
		return sample{}, ie
	}
	s := sample{total: elapsed, init: logDuration(inv.logPath, initReport)}
	if report := logDuration(inv.logPath, invokeReport); s.init > 0 && report > s.init {
		s.request = report - s.init
	}
	return s, nil
}

// logDuration reads a duration RIE logged (re's first group, ms). Its log
// format is not an API, so a miss only leaves a column empty.
func logDuration(file string, re *regexp.Regexp) time.Duration {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	m := re.FindSubmatch(data)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0
	}
	return time.Duration(v * float64(time.Millisecond))
}

// invokeWhenReady polls until the RIE accepts connections, then sends the
// event, all within the invocation's timeout.
func invokeWhenReady(ctx context.Context, proc *rie.Process, inv invocation) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, inv.timeout)
	defer cancel()
	if err := proc.WaitReady(ctx, pollInterval); err != nil {
		return nil, err
	}
	return proc.Invoke(ctx, inv.event)
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
