package local_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/medspa-ai/backend/infra/local"
)

// builds are the bootstraps the first stack of this test binary builds,
// shared by the stacks after it (linking every function again is most of
// a stack's start).
var builds *local.Builds

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "local-stack-bins-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	builds = &local.Builds{Dir: dir}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
