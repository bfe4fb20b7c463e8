package testenv

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stripeMockBin finds stripe-mock: STRIPE_MOCK_BIN (make test sets it),
// make tools' cache, or PATH.
func stripeMockBin() string {
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		return p
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	if p := filepath.Join(cache, "medspa-ai", "bin", "stripe-mock"); fileExists(p) {
		return p
	}
	p, _ := exec.LookPath("stripe-mock")
	return p
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// StripeMock starts stripe-mock on a free port and returns its base URL.
// Without the binary the test is skipped, unless MEDSPA_REQUIRE_EMULATORS
// is set (make test), where that is a failure.
func StripeMock(t testing.TB) string {
	t.Helper()
	bin := stripeMockBin()
	if bin == "" || !fileExists(bin) {
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") != "" {
			t.Fatalf("stripe-mock not found (STRIPE_MOCK_BIN=%q): run make tools", os.Getenv("STRIPE_MOCK_BIN"))
		}
		t.Skip("stripe-mock not installed (make tools)")
	}
	// stripe-mock also serves HTTPS (on :12112 unless told otherwise):
	// its own free port too, so parallel test binaries do not collide.
	port, tlsPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:"+strconv.Itoa(port), "-https-addr", "127.0.0.1:"+strconv.Itoa(tlsPort))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(20 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("stripe-mock did not listen on %s: %s", addr, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
