// Package stripemock runs Stripe's official mock server, stripe-mock, for
// make dev and the tests, so the billing routes' calls never reach Stripe.
package stripemock

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Bin finds stripe-mock: STRIPE_MOCK_BIN (make test sets it), make tools'
// cache, or PATH; "" when there is none (or STRIPE_MOCK_BIN names none).
func Bin() string {
	if p := os.Getenv("STRIPE_MOCK_BIN"); p != "" {
		if !isFile(p) {
			return ""
		}
		return p
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	if p := filepath.Join(cache, "medspa-ai", "bin", "stripe-mock"); isFile(p) {
		return p
	}
	p, _ := exec.LookPath("stripe-mock")
	return p
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Start runs bin serving HTTP on addr until ctx ends, and returns its base
// URL once addr takes connections; the caller waits for cmd. Its HTTPS
// (:12112 unless told otherwise) goes on a port the kernel picks, so runs
// side by side never collide. out, when set, gets what it prints.
func Start(ctx context.Context, bin, addr string, out io.Writer) (cmd *exec.Cmd, url string, err error) {
	host, _, _ := net.SplitHostPort(addr)
	cmd = exec.CommandContext(ctx, bin, "-http-addr", addr, "-https-addr", net.JoinHostPort(host, "0"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("stripe-mock: %w", err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return cmd, "http://" + addr, nil
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, "", fmt.Errorf("stripe-mock did not listen on %s", addr)
		}
	}
}
