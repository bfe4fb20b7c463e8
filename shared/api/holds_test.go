package api_test

import (
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
)

// TestLegalHolds: the privacy team places a hold, sees it in force, releases
// it once; each step is audited; bad scopes are named; nobody else sees
// the routes.
func TestLegalHolds(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	team := newUser("privacy")
	team.groups = "[" + api.PrivacyTeam + "]"
	subject := f.viewer.id()
	r := w.do(t, team, "POST", "/v1/privacy/holds", map[string]any{"scope": map[string]any{"kind": "subject", "id": subject}, "reason": "Regulator inquiry", "matterReference": "REG-7"}, nil)
	h := must(t, r, 201)
	id := str(h, "id")
	if r.header("Location") != "/v1/privacy/holds/"+id || str(h, "state") != "applying" || h["inForce"] != true || str(h, "createdBy") != team.id() {
		t.Fatalf("place: %s", r)
	}
	got := must(t, w.do(t, team, "GET", "/v1/privacy/holds/"+id, nil, nil), 200)
	if str(got["scope"].(map[string]any), "id") != subject || str(got, "matterReference") != "REG-7" {
		t.Fatalf("get: %v", got)
	}
	list := must(t, w.do(t, team, "GET", "/v1/privacy/holds", nil, nil), 200)
	if items := list["items"].([]any); len(items) < 2 || str(items[0].(map[string]any), "id") != id { // newest first: this one, then the fixtures' org holds
		t.Fatalf("list: %v", list)
	}
	rel := must(t, w.do(t, team, "DELETE", "/v1/privacy/holds/"+id, nil, nil), 200)
	if str(rel, "state") != "releasing" || rel["inForce"] != false || str(rel, "releasedBy") != team.id() {
		t.Fatalf("release: %v", rel)
	}
	if r := w.do(t, team, "DELETE", "/v1/privacy/holds/"+id, nil, nil); r.status != 409 || problemType(t, r) != "hold-released" {
		t.Fatalf("release again: %s", r)
	}
	if r := w.do(t, team, "GET", "/v1/privacy/holds/hold_aaaaaaaaaaaaaaaaaaaaaaaaaa", nil, nil); r.status != 404 {
		t.Fatalf("unknown hold: %s", r)
	}
	audit := strings.Join(w.holdAudit.all(), "\n")
	if !strings.Contains(audit, "legal_hold placed subject "+subject+" by "+team.id()) || !strings.Contains(audit, "legal_hold released subject "+subject+" by "+team.id()) {
		t.Fatalf("audit:\n%s", audit)
	}
	for _, bad := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"scope": map[string]any{"kind": "team", "id": subject}, "reason": "x", "matterReference": "M"}, "scope.kind"},
		{map[string]any{"scope": map[string]any{"kind": "org", "id": subject}, "reason": "x", "matterReference": "M"}, "scope.id"},
		{map[string]any{"scope": map[string]any{"kind": "org", "id": f.id}, "reason": "", "matterReference": "M"}, "reason"},
		{map[string]any{"scope": map[string]any{"kind": "org", "id": f.id}, "reason": "x"}, "matterReference"},
	} {
		fieldNamed(t, w.do(t, team, "POST", "/v1/privacy/holds", bad.body, nil), 422, "validation", bad.field)
	}
	// An owner of the organization is not the privacy team.
	if r := w.do(t, f.owner, "GET", "/v1/privacy/holds", nil, nil); r.status != 404 {
		t.Fatalf("owner: %s", r)
	}
}
