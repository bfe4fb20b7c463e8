package testenv

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/rie"
	"github.com/medspa-ai/backend/infra/stripemock"
)

// StripeMock starts stripe-mock on a free port and returns its base URL.
// Without the binary the test is skipped, unless MEDSPA_REQUIRE_EMULATORS
// is set (make test), where that is a failure.
func StripeMock(t testing.TB) string {
	t.Helper()
	bin := stripemock.Bin()
	if bin == "" {
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") != "" {
			t.Fatalf("stripe-mock not found (STRIPE_MOCK_BIN=%q): run make tools", os.Getenv("STRIPE_MOCK_BIN"))
		}
		t.Skip("stripe-mock not installed (make tools)")
	}
	addr, err := rie.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	var out strings.Builder
	cmd, base, err := stripemock.Start(ctx, bin, addr, &out)
	if err != nil {
		stop()
		t.Fatalf("%v: %s", err, out.String())
	}
	t.Cleanup(func() { stop(); _ = cmd.Wait() })
	return base
}
