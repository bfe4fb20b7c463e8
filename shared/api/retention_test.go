package api_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestRetentionReport: the privacy team's report over the real tables
// shows a log item five days past its year as due and flags the late
// sweep, counts the day's tallied deletions, and reads the expiry
// indexes, the tallies and the holds without a single Scan.
func TestRetentionReport(t *testing.T) {
	ctx := context.Background()
	w := newDBWorld(t)
	f := w.newOrg(t)
	team := newUser("privacy")
	team.groups = "[" + api.PrivacyTeam + "]"
	now := time.Now().UTC()
	var logs *dynamo.Table
	for _, tb := range w.retention.Tables {
		if tb.Category == retention.Logs {
			logs = tb
		}
	}
	late := dynamo.Key("REQ#"+f.viewer.id(), now.AddDate(-1, 0, -5).Format(time.RFC3339)+"#req_late")
	if err := logs.Put(ctx, late, dynamo.Expiry{At: now.AddDate(-1, 0, -5)}, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = logs.Delete(ctx, dynamo.KeyOf(late), nil)
	})
	before := deletedBySweep(t, w, now)
	if err := w.retention.Tallies.RecordCounted(ctx, audit.Entry{ID: "test#" + f.id, Kind: "retention_sweep", Actor: "test", At: now},
		audit.Count{Day: now, Key: "logs", Add: map[string]int{"sweep": 3}}); err != nil {
		t.Fatal(err)
	}
	w.counter.reset()
	rep := must(t, w.do(t, team, "GET", "/v1/privacy/retention", nil, nil), 200)
	ops := w.counter.get()
	if slices.Contains(ops, "Scan") || len(ops) > 7*(1+8*2+8*2)+2 {
		t.Fatalf("the report sent %d requests: %v", len(ops), ops)
	}
	t.Logf("the report sent %d DynamoDB requests", len(ops))
	var line map[string]any
	for _, c := range rep["categories"].([]any) {
		if str(c.(map[string]any), "category") == "logs" {
			line = c.(map[string]any)
		}
	}
	if line == nil || line["dueNow"].(float64) < 1 || !slices.Contains(line["flags"].([]any), any("late_sweep")) || line["limitDays"].(float64) != 365 {
		t.Fatalf("logs line: %v", line)
	}
	if d := line["deleted"].(map[string]any)["bySweep"].(float64); int(d) != before+3 {
		t.Fatalf("deleted by sweep %v, want %d", d, before+3)
	}
	if o := line["oldest"].(map[string]any); o["daysLeft"].(float64) > -5 || o["ageDays"].(float64) < 370 {
		t.Fatalf("oldest: %v", o)
	}
	if !slices.Contains(rep["flags"].([]any), any("logs:late_sweep")) {
		t.Fatalf("flags: %v", rep["flags"])
	}
	// The account category counts the organization's hold (every fixture
	// places one).
	for _, c := range rep["categories"].([]any) {
		if m := c.(map[string]any); str(m, "category") == "account" && m["holdsInForce"].(float64) < 1 {
			t.Fatalf("account line: %v", m)
		}
	}
	if r := w.do(t, f.owner, "GET", "/v1/privacy/retention", nil, nil); r.status != 404 {
		t.Fatalf("an owner: %s", r)
	}
}

func deletedBySweep(t *testing.T, w *world, now time.Time) int {
	c, err := w.retention.Tallies.Counts(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	return c[now.Format(time.DateOnly)]["logs"]["sweep"]
}
