package ids

import (
	"regexp"
	"strings"
	"testing"
)

func TestShapes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := New("org")
		if !ValidWithPrefix(id, "org") || len(id) != 30 {
			t.Fatalf("bad id %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate %q", id)
		}
		seen[id] = true
	}
	for _, s := range []string{UserID("auth0|123"), UserID("6f1c2d3e-0000-4000-8000-000000000001"), EmailKey("A@B.example"), InviteID("org_x", "a@b.example")} {
		if !Valid(s) {
			t.Errorf("derived id %q is not a valid id", s)
		}
	}
	if UserID("a") == UserID("b") || UserID("a") != UserID("a") {
		t.Error("UserID is not a stable function of the subject")
	}
	if InviteID("org_1", "Jane@Spa.example ") != InviteID("org_1", "jane@spa.example") {
		t.Error("InviteID depends on the address's case")
	}
	if InviteID("org_1", "a@b.example") == InviteID("org_2", "a@b.example") {
		t.Error("InviteID does not depend on the organization")
	}
	for _, bad := range []string{"", "_x", "org_", "a b", "org_#1", "x" + string(make([]byte, 64))} {
		if ValidWithPrefix(bad, "org") {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestValidIsThePattern: Valid accepts exactly what the documented
// expression does.
func TestValidIsThePattern(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	long := strings.Repeat("a", 64)
	for _, s := range []string{"", "a", "A", "0", "_", "-", "a_", "a-", "-a", "_a", "a b", "a\n", "\na", "é", "aé", long, long + "a",
		"org_" + strings.Repeat("b", 60), "org_" + strings.Repeat("b", 61), "a.b", "a/b", "a+b", "Z9_-z"} {
		if got, want := Valid(s), re.MatchString(s); got != want {
			t.Errorf("Valid(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
