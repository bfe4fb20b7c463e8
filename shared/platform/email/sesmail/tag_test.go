package sesmail

import (
	"strings"
	"testing"
)

func TestTagValueIsWhatSESAccepts(t *testing.T) {
	for v, want := range map[string]bool{
		"token_expiring":         true,
		"weekly-report":          true,
		"A9":                     true,
		strings.Repeat("a", 256): true,
		"":                       false,
		strings.Repeat("a", 257): false,
		"has space":              false,
		"dot.ted":                false,
		"é":                      false,
		"new\nline":              false,
	} {
		if got := tagValue(v); got != want {
			t.Errorf("tagValue(%q) = %v, want %v", v, got, want)
		}
	}
}
