package local

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/template"
)

// slowRIE stands in for the RIE: it listens where the RIE would and never
// answers an invocation (a function busy for its whole timeout).
const slowRIE = `#!/usr/bin/env python3
import sys, time, http.server
host, port = sys.argv[2].rsplit(":", 1)
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        time.sleep(600)
http.server.HTTPServer((host, int(port)), H).serve_forever()
`

// TestCloseDoesNotWaitForInvocations: stopping the stack ends the
// functions' processes instead of waiting for the invocations in flight,
// which may run for a function's whole timeout (15 minutes for the sweep).
func TestCloseDoesNotWaitForInvocations(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is needed for the stand-in RIE")
	}
	dir := t.TempDir()
	rie := filepath.Join(dir, "rie")
	if err := os.WriteFile(rie, []byte(slowRIE), 0o755); err != nil {
		t.Fatal(err)
	}
	rt, err := StartRuntime(rie, filepath.Join(dir, "bootstrap"), template.Function{LogicalID: "SlowFunction", Dir: "functions/slow", Timeout: 900}, nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s := &Stack{Runtimes: map[string]*Runtime{"SlowFunction": rt}}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	invoked := make(chan struct{})
	s.goRun(func() {
		close(invoked)
		// As the pollers do: the invocation outlives the sources' context.
		_, _ = rt.Invoke(context.WithoutCancel(ctx), []byte(`{}`))
	})
	<-invoked
	time.Sleep(200 * time.Millisecond)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		rt.Stop()
		t.Fatal("Close waited for an invocation in flight")
	}
}
