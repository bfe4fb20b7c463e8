package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/buildinfo"
	"github.com/medspa-ai/backend/shared/platform/logging"
)

// TestDocumentNamesNoBuild: the public document carries the contract's
// version, never the build's (which prod keeps to itself).
func TestDocumentNamesNoBuild(t *testing.T) {
	buildinfo.Version = "v9.9.9-build"
	h, err := New(withConnections(Deps{Log: logging.New(&bytes.Buffer{}, "INFO"), Stage: "prod", Orgs: memStore{}, Profiles: noProfiles{},
		Activity: discard{}, Idempotency: noIdempotency{}, CursorKey: make([]byte, 32), Content: fake.NewContent(), ContentJobs: noJobs}))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/openapi.json", nil))
	var doc struct {
		Info struct{ Version string } `json:"info"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 {
		t.Fatalf("%d %v", rec.Code, err)
	}
	if doc.Info.Version != ContractVersion || bytes.Contains(rec.Body.Bytes(), []byte("v9.9.9-build")) {
		t.Errorf("info.version = %q; the document must name the contract version %q and no build", doc.Info.Version, ContractVersion)
	}
}

func noJobs(context.Context, any) error { return nil }

// TestEveryTagIsDescribed: each route's tag (its name's first part) has a
// description in the document, as Redocly's rules ask.
func TestEveryTagIsDescribed(t *testing.T) {
	h, err := New(withConnections(Deps{Log: logging.New(&bytes.Buffer{}, "INFO"), Stage: "test", Orgs: memStore{}, Profiles: noProfiles{},
		Activity: discard{}, Idempotency: noIdempotency{}, CursorKey: make([]byte, 32), Content: fake.NewContent(), ContentJobs: noJobs}))
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range h.routes {
		if tag := strings.SplitN(rt.name, ".", 2)[0]; tagDescriptions[tag] == "" {
			t.Errorf("route %s: tag %q has no description in tagDescriptions", rt.name, tag)
		}
	}
}
