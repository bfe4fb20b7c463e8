package metrics

import (
	"testing"
)

func TestParseMicrosIsExact(t *testing.T) {
	for in, want := range map[string]int64{"12.34": 12_340_000, "0.01": 10_000, "7": 7_000_000, "-0.5": -500_000, "123456.123456": 123_456_123_456, "0": 0} {
		if got, err := ParseMicros(in); err != nil || got != want {
			t.Errorf("ParseMicros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1.2345678", "1e3", "12,34", ".5", "1.", "abc", "99999999999999999999"} {
		if _, err := ParseMicros(in); err == nil {
			t.Errorf("ParseMicros(%q) accepted", in)
		}
	}
}

func TestParseMilli(t *testing.T) {
	for in, want := range map[string]int64{"2.5": 2500, "3": 3000, "0.333333": 333, "0.6666": 667, "1.0005": 1001} {
		if got, err := ParseMilli(in); err != nil || got != want {
			t.Errorf("ParseMilli(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := ParseMilli("1.23x5"); err == nil {
		t.Error("ParseMilli accepted 1.23x5")
	}
}

// TestRatiosFromSums: a big day and a small one give the ratio of the
// sums, not the mean of the two ratios.
func TestRatiosFromSums(t *testing.T) {
	var c Counts
	c.Add(Counts{SpendMicros: 100_000_000, Impressions: 10000, Clicks: 100, LeadsMilli: 4000, ConversionValueMicros: 300_000_000})
	c.Add(Counts{SpendMicros: 1_000_000, Impressions: 100, Clicks: 50, LeadsMilli: 1000})
	r := c.Derive()
	if *r.CTR != 150.0/10100 || *r.CPC != 101.0/150 || *r.CPM != 101.0*1000/10100 || *r.CostPerLead != 101.0/5 || *r.ROAS != 300.0/101 {
		t.Fatalf("ratios %v %v %v %v %v", *r.CTR, *r.CPC, *r.CPM, *r.CostPerLead, *r.ROAS)
	}
	if z := (Counts{}).Derive(); z.CTR != nil || z.ROAS != nil {
		t.Fatal("ratios of nothing must be null")
	}
}
