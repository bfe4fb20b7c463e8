package sweep_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/report/reportdb"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

// TestReportReadsTheSweepsCheckpoints: the retention report's reader of
// checkpoints (kept apart so the API holds none of the sweep's rights)
// reads what the sweep saves.
func TestReportReadsTheSweepsCheckpoints(t *testing.T) {
	ctx := context.Background()
	privacy := testenv.Table(t, retention.Privacy)
	name := testenv.Unique("table")
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	if _, ok, err := (reportdb.SweepCheckpoints{Table: privacy}).Load(ctx, name); err != nil || ok {
		t.Fatalf("before: %v %v", ok, err)
	}
	if err := (sweep.TableCheckpoints{Table: privacy}).Save(ctx, name, at); err != nil {
		t.Fatal(err)
	}
	got, ok, err := reportdb.SweepCheckpoints{Table: privacy}.Load(ctx, name)
	if err != nil || !ok || !got.Equal(at) {
		t.Fatalf("read %v %v %v, want %v", got, ok, err, at)
	}
}
