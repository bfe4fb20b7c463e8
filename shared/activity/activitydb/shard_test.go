package activitydb

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAnonymousLogsAreSharded(t *testing.T) {
	at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := range 200 {
		pk := anonymousPK(at, fmt.Sprintf("req-%d", i))
		if !strings.HasPrefix(pk, "REQ#anonymous#2025-05-01#") {
			t.Fatalf("pk %q", pk)
		}
		seen[pk] = true
	}
	if len(seen) != AnonymousShards {
		t.Errorf("200 requests used %d partitions, want all %d", len(seen), AnonymousShards)
	}
	if anonymousPK(at, "req-1") != anonymousPK(at, "req-1") {
		t.Error("the shard of a request changes")
	}
}
