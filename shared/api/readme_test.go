package api_test

import (
	"os"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/org"
)

// TestReadmeMatchesCode keeps README.md's permission table, resource list
// and problem types in step with the code.
func TestReadmeMatchesCode(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, row := range org.Table() {
		line := "| `" + string(row.Permission) + "` |"
		for _, r := range org.Roles {
			if r.Can(row.Permission) {
				line += " ✓ |"
			} else {
				line += " – |"
			}
		}
		if !strings.Contains(readme, line+" "+row.Why+" |") {
			t.Errorf("README's permission table lacks %q", line)
		}
	}
	w := newWorld(t)
	for _, rt := range w.h.Routes() {
		if !strings.Contains(readme, "| "+rt.Method+" | `"+rt.Path+"` |") {
			t.Errorf("README does not list %s %s", rt.Method, rt.Path)
		}
	}
	for _, p := range api.ProblemTypes {
		if !strings.Contains(readme, "| `"+p+"` |") {
			t.Errorf("README does not list the problem type %s", p)
		}
	}
}
