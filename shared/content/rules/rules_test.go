package rules

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// adCase is one line of a batch: an ad text and the rule it breaks ("" for
// clean text).
type adCase struct {
	line      int
	placement Placement
	field     string
	rule      string
	text      string
}

func loadBatch(t *testing.T, name string) []adCase {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cs []adCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			t.Fatalf("%s:%d: want 5 columns, got %d", name, n, len(cols))
		}
		p := Placement(cols[1])
		if !p.Valid() || string(p.Platform()) != cols[0] {
			t.Fatalf("%s:%d: bad platform/placement %q/%q", name, n, cols[0], cols[1])
		}
		rule := cols[3]
		if rule == "-" {
			rule = ""
		}
		cs = append(cs, adCase{n, p, cols[2], rule, cols[4]})
	}
	return cs
}

func has(vs []Violation, field, rule string) bool {
	for _, v := range vs {
		if v.Field == field && v.Rule == rule {
			return true
		}
	}
	return false
}

// measure runs a batch and returns recall on violating lines and the
// false-positive rate on clean ones, logging every miss.
func measure(t *testing.T, name string) (recall, fp float64, nv, nc int) {
	var caught, falsePos int
	for _, c := range loadBatch(t, name) {
		vs := Check(c.placement, map[string]string{c.field: c.text})
		if c.rule == "" {
			nc++
			if len(vs) > 0 {
				falsePos++
				t.Logf("%s:%d false positive %v: %q", name, c.line, vs, c.text)
			}
			continue
		}
		nv++
		if has(vs, c.field, c.rule) {
			caught++
		} else {
			t.Logf("%s:%d missed %s: %q (got %v)", name, c.line, c.rule, c.text, vs)
		}
	}
	return float64(caught) / float64(nv), float64(falsePos) / float64(nc), nv, nc
}

// TestBatches prints each batch's recall and false-positive rate. Batch A
// was written before the checker and tuned on; batch B was written after
// the checker was done, and its first numbers are the honest estimate.
func TestBatches(t *testing.T) {
	for _, b := range []struct {
		file          string
		minRecall, fp float64
	}{{"batch_a.tsv", 0.95, 0.03}, {"batch_b.tsv", 0.95, 0.03}} {
		if _, err := os.Stat("testdata/" + b.file); err != nil {
			continue
		}
		recall, fp, nv, nc := measure(t, b.file)
		fmt.Printf("rules %s: recall %.3f on %d violating, false positives %.3f on %d clean\n", b.file, recall, nv, fp, nc)
		if recall < b.minRecall || fp > b.fp {
			t.Errorf("%s: recall %.3f (want >= %.2f), false positives %.3f (want <= %.2f)", b.file, recall, b.minRecall, fp, b.fp)
		}
	}
}

func TestCompleteGoogleAdNeedsCounts(t *testing.T) {
	vs := CheckComplete(GoogleSearch, map[string]string{"headline1": "Book Today", "description1": "Visit our studio."})
	if !has(vs, "headlines", RuleCount) || !has(vs, "descriptions", RuleCount) {
		t.Fatalf("want count violations, got %v", vs)
	}
	ok := map[string]string{"headline1": "Book Today", "headline2": "Licensed Injectors", "headline3": "Evening Hours",
		"description1": "Visit our studio.", "description2": "Book a consultation online.", "path1": "facials"}
	if vs := CheckComplete(GoogleSearch, ok); len(vs) != 0 {
		t.Fatalf("clean ad: %v", vs)
	}
}

func TestOneExclamationPerGoogleAd(t *testing.T) {
	vs := Check(GoogleSearch, map[string]string{"description1": "Book now!", "description2": "Visit today!"})
	if !has(vs, "description2", RuleExclamation) {
		t.Fatalf("got %v", vs)
	}
}

func TestUnknownFieldIsReported(t *testing.T) {
	vs := Check(MetaFeed, map[string]string{"headline1": "x"})
	if !has(vs, "headline1", RuleField) {
		t.Fatalf("got %v", vs)
	}
}

func TestSuggestionsClearTheirRule(t *testing.T) {
	vs := Check(MetaFeed, map[string]string{"headline": "Botox specials this month"})
	if len(vs) != 1 || vs[0].Suggestion != "wrinkle-relaxing injections specials this month" {
		t.Fatalf("got %+v", vs)
	}
	vs = Check(GoogleSearch, map[string]string{"headline1": "FDA Approved Laser Facial"})
	if !has(vs, "headline1", RuleFDAApproved) || vs[0].Suggestion != "FDA-cleared Laser Facial" {
		t.Fatalf("got %+v", vs)
	}
}
