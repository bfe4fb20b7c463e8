package config

import (
	"strings"
	"testing"
)

func TestNamesEveryMissingVariable(t *testing.T) {
	env := New(Map(map[string]string{"A": "x", "BLANK": "  ", "N": "abc", "LOW": "3"}))
	if env.Required("A") != "x" {
		t.Fatal("A not read")
	}
	env.Required("MISSING")
	env.Required("BLANK")
	if got := env.Int("N", 1, 0); got != 1 {
		t.Fatalf("bad int gave %d", got)
	}
	env.Int("LOW", 24, 24)
	if got := env.Optional("UNSET", "def"); got != "def" {
		t.Fatalf("Optional = %q", got)
	}
	err := env.Err()
	if err == nil {
		t.Fatal("no error for missing variables")
	}
	for _, want := range []string{"MISSING is not set", "BLANK is not set", `N="abc" is not an integer`, "LOW=3 is below the minimum 24"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if New(Map(map[string]string{"A": "x"})).Err() != nil {
		t.Fatal("error without problems")
	}
}
