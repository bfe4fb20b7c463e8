package phi

import (
	"strings"
	"testing"
)

// TestLabelList keeps data/labels.tsv readable by its loader: three
// fields, a known kind, a lower-case phrase, no line twice.
func TestLabelList(t *testing.T) {
	seen := map[string]bool{}
	n := 0
	eachEntry(labelData, func(line string) {
		n++
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Errorf("%q: want lang, kind and phrase", line)
			return
		}
		if _, ok := labelCues[f[1]]; !ok && f[1] != "patient" && f[1] != "honorific" {
			t.Errorf("%q: unknown kind %q", line, f[1])
		}
		if f[2] != strings.ToLower(f[2]) || f[2] != strings.Join(strings.Fields(f[2]), " ") {
			t.Errorf("%q: the phrase is not lower-case words joined by one space", line)
		}
		if key := line; seen[key] {
			t.Errorf("%q: listed twice", line)
		}
		seen[line] = true
	})
	if n < 200 {
		t.Errorf("%d labels, want the list's 200 or more", n)
	}
}
