package adplatform_test

import (
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
)

// BenchmarkYearAtAdLevel computes one account's year of ad-level rows, the
// largest pull a backfill makes.
func BenchmarkYearAtAdLevel(b *testing.B) {
	s := adplatform.New(adplatform.Options{Now: func() time.Time { return fixedNow }})
	b.ReportAllocs()
	for b.Loop() {
		if len(s.Rows(laMeta, adplatform.LevelAd, "2025-03-10", "2026-03-09")) == 0 {
			b.Fatal("no rows")
		}
	}
}
