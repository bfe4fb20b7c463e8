package api_test

import (
	"testing"

	"github.com/medspa-ai/backend/shared/platform/buildinfo"
)

func TestHealth(t *testing.T) {
	w := newWorld(t)
	buildinfo.Version, buildinfo.Commit = "v1.2.3", "abc1234"
	h := must(t, w.do(t, nil, "GET", "/v1/health", nil, nil), 200)
	if h["status"] != "ok" || h["version"] != "v1.2.3" || h["commit"] != "abc1234" || h["stage"] != "test" {
		t.Fatalf("health = %v", h)
	}
}
