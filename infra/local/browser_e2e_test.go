package local_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds the browser (Debian package chromium; make test installs
// it when missing).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("MEDSPA_REQUIRE_EMULATORS") == "1" {
		t.Fatal("chromium is not installed: `make test` installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: run `make test`")
	return ""
}

// testConsoleInBrowser drives headless Chromium through the local console:
// sign in as the demo owner, connect Facebook and Google on the
// simulator's consent pages, and see both listed with their status.
func testConsoleInBrowser(t *testing.T, consoleURL string) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first run starts the browser (without a deadline, which would stop it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	allow := chromedp.CSS(`button[value="allow"]`) // the simulator's consent page
	connect := func(button string) (string, error) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(button)), chromedp.WaitVisible(allow), chromedp.Click(allow),
			chromedp.WaitVisible(chromedp.ID("outcome"))); err != nil {
			return "", err
		}
		return chromedp.Run(ctx, chromedp.Text(chromedp.ID("outcome")))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(consoleURL), chromedp.Click(chromedp.ID("signin")), chromedp.WaitVisible(chromedp.ID("connect-meta"))); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if outcome, err := connect("connect-meta"); err != nil || !strings.Contains(outcome, "Connected 3 meta") {
		t.Fatalf("connect Facebook: %q, %v", outcome, err)
	}
	if outcome, err := connect("connect-google"); err != nil || !strings.Contains(outcome, "Connected 3 google") {
		t.Fatalf("connect Google: %q, %v", outcome, err)
	}
	table, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("connections")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(table, "meta") != 3 || strings.Count(table, "google") != 3 || strings.Count(table, "active") != 6 {
		t.Fatalf("the console lists:\n%s", table)
	}
	t.Logf("the console lists:\n%s", table)
}
