package testenv

import (
	"bytes"
	"os"
	"sync"
	"testing"
)

// LogBuffer collects log lines written from many goroutines (functions,
// workers, the stack's processes) for a test to read.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// RIE returns the Lambda Runtime Interface Emulator binary (RIE_BIN), or
// skips t without it (fails it where MEDSPA_REQUIRE_EMULATORS=1).
func RIE(t testing.TB) string {
	t.Helper()
	rie := os.Getenv("RIE_BIN")
	if rie == "" {
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") == "1" {
			t.Fatal("RIE_BIN is not set: `make tools` installs the Lambda Runtime Interface Emulator")
		}
		t.Skip("RIE_BIN is not set: run `make test`")
	}
	return rie
}
