package api_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// The sample events' identities; the test swaps in fresh ones per run so it
// can run again against the same tables.
const (
	sampleSub = "6f1c2d3e-0000-4000-8000-000000000001"
	sampleOrg = "org_sampleaaaaaaaaaaaaaaaaaaaa"
)

// sampleEvents lists every file of events/api in the order they are sent,
// with the status each gets from a stack holding the sample organization.
var sampleEvents = []struct {
	file   string
	status int
}{
	{"health.json", 200},
	{"coldstart.json", 200},
	{"unknown-route.json", 404},
	{"me-get.json", 200},
	{"me-update.json", 200},
	{"invitations-list.json", 200},
	{"orgs-create.json", 201},
	{"orgs-create.json", 201}, // a retry: the Idempotency-Key replays the first answer
	{"orgs-list.json", 200},
	{"org-get.json", 200},
	{"org-update.json", 200},
	{"members-list.json", 200},
	{"members-invite.json", 201},
	{"settings-get.json", 200},
	{"settings-replace.json", 200},
	{"support-create.json", 201},
	{"support-list.json", 200},
	{"connections-list.json", 200},
	{"connections-authorize.json", 200},
	{"support-phi-refused.json", 422},
	{"content-create.json", 202},
	{"content-list.json", 200},
	{"content-check.json", 200},
	{"org-leave.json", 409}, // the only owner cannot leave
	{"org-cancel.json", 200},
	{"privacy-confirm-page.json", 200},
	{"privacy-confirm.json", 422}, // no request waits for that code: the one answer to every failure
}

// TestSampleEvents drives the handler the way Lambda does, with the HTTP
// API payload 2.0 events in events/api through aws-lambda-go-api-proxy: in
// memory, and on the emulators as an end-to-end check of the real wiring
// (every store, the recorder and the idempotency table).
func TestSampleEvents(t *testing.T) { eachWorld(t, testSampleEvents) }

func testSampleEvents(t *testing.T, w *world) {
	dir := filepath.Join("..", "..", "events", "api")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	listed := map[string]bool{}
	for _, e := range sampleEvents {
		listed[e.file] = true
	}
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s is not exercised by this test", f)
		}
	}

	sub, orgID := "sample-"+ids.New("s"), ids.New("org")
	now := time.Now().UTC()
	owner := org.Member{OrgID: orgID, ID: ids.UserID(sub), Status: org.Joined, Role: org.Owner, Email: "owner@glowmedspa.example", OrgName: "Glow Med Spa", OrgStatus: org.Active, At: now, UpdatedAt: now, Version: 1}
	o := org.Org{ID: orgID, CompanyProfile: org.CompanyProfile{CompanyName: "Glow Med Spa", TimeZone: "America/Chicago"}, Status: org.Active, CreatedAt: now, CreatedBy: owner.ID, UpdatedAt: now, Version: 1, MemberCount: 1, OwnerCount: 1}
	if err := w.orgs.Create(context.Background(), o, owner, org.DefaultSettings(orgID, now, owner.ID)); err != nil {
		t.Fatal(err)
	}
	swap := strings.NewReplacer(sampleSub, sub, sampleOrg, orgID, "b6f0c1e2-", sub+"-")

	var created string
	for _, e := range sampleEvents {
		b, err := os.ReadFile(filepath.Join(dir, e.file))
		if err != nil {
			t.Fatal(err)
		}
		var ev events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal([]byte(swap.Replace(string(b))), &ev); err != nil {
			t.Fatalf("%s: %v", e.file, err)
		}
		out, err := w.adapter.ProxyWithContext(context.Background(), ev)
		if err != nil {
			t.Fatalf("%s: %v", e.file, err)
		}
		r := resp{status: out.StatusCode, headers: out.Headers, body: []byte(out.Body)}
		if r.status != e.status {
			t.Errorf("%s: %s, want %d", e.file, r, e.status)
			continue
		}
		if r.status >= 400 && r.header("Content-Type") != "application/problem+json" {
			t.Errorf("%s: an error that is not problem+json: %v", e.file, r.headers)
		}
		if err := w.conforms(ev.RequestContext.HTTP.Method, ev.RawPath, r); err != nil {
			t.Errorf("%s: %v", e.file, err)
		}
		if e.file == "orgs-create.json" {
			if created != "" && string(r.body) != created {
				t.Errorf("the retried create answered differently:\n%s\n%s", created, r.body)
			}
			created = string(r.body)
		}
	}
}
