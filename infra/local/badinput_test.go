package local_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/testenv"
)

// badInputThroughTheGateway sends the inputs an outside test run found
// mishandled through the local gateway, as a client would (real HTTP,
// payload 2.0 events, the api's real bootstrap), and checks each exact
// answer: status, problem+json, the field named, and that nothing changed.
func badInputThroughTheGateway(t *testing.T, ctx context.Context, st *local.Stack) {
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	org := "/v1/orgs/" + demo.OrgID
	send := func(t *testing.T, method, path, body string, hdr map[string]string) (int, map[string]any, http.Header) {
		t.Helper()
		h := testenv.Bearer(demo.Token)
		if body != "" {
			h["Content-Type"] = "application/json"
		}
		maps.Copy(h, hdr)
		a := testenv.Call(t, method, st.URL+path, strings.NewReader(body), h)
		return a.Status, a.JSON(), a.Header
	}
	_, _, h := send(t, "GET", org+"/campaign-settings", "", nil)
	etag := h.Get("ETag")
	settings := func(extra string) string {
		return `{"goals":["leads"],"monthlyBudgetCapsCents":{"meta":100000` + extra + `},"automations":{"campaignOptimization":false,"contentGeneration":false,"audienceTargeting":false,"budgetManagement":false},"notes":""}`
	}
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		field                    string // named in errors, when set
	}{
		{"a body on a route that takes none", "POST", org + "/cancel", `{"a":`, nil, 400, "body"},
		{"a charset other than UTF-8", "POST", "/v1/orgs", `{"companyName":"X"}`, map[string]string{"Content-Type": "application/json; charset=utf-16"}, 415, ""},
		{"an empty Idempotency-Key", "POST", org + "/support-messages", `{"kind":"support","subject":"Hi","body":"Hello"}`, map[string]string{"Idempotency-Key": ""}, 400, "Idempotency-Key"},
		{"an If-Match that is not an entity tag", "PUT", org + "/campaign-settings", settings(""), map[string]string{"If-Match": "1"}, 400, "If-Match"},
		{"a nested unknown field named by its path", "PUT", org + "/campaign-settings", settings(`,"tiktok":5`), map[string]string{"If-Match": etag}, 400, "monthlyBudgetCapsCents.tiktok"},
		{"a fraction where an integer goes", "PUT", org + "/campaign-settings", strings.Replace(settings(""), `"notes":""`, `"notes":"","targetCostPerLeadCents":4500.5`, 1), map[string]string{"If-Match": etag}, 422, "targetCostPerLeadCents"},
		{"half a megabyte of text on a route that takes none", "POST", org + "/cancel", strings.Repeat("cancel me ", 50_000), nil, 400, "body"},
		{"a non-canonical path", "GET", "/v1//orgs", "", nil, 404, ""},
		{"a path with ..", "GET", org + "/../" + demo.OrgID, "", nil, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, p, h := send(t, tc.method, tc.path, tc.body, tc.hdr)
			if code != tc.status || h.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s %s: %d %s %v, want %d problem+json", tc.method, tc.path, code, h.Get("Content-Type"), p, tc.status)
			}
			if tc.field != "" {
				b, _ := json.Marshal(p["errors"])
				if !strings.Contains(string(b), `"`+tc.field+`"`) {
					t.Errorf("errors %s do not name %s", b, tc.field)
				}
			}
		})
	}
	// An integral number in another spelling is an integer.
	for _, n := range []string{"45e2", "4500.0"} {
		_, _, h := send(t, "GET", org+"/campaign-settings", "", nil)
		code, p, _ := send(t, "PUT", org+"/campaign-settings", strings.Replace(settings(""), `"notes":""`, `"notes":"","targetCostPerLeadCents":`+n, 1), map[string]string{"If-Match": h.Get("ETag")})
		if code != 200 || p["targetCostPerLeadCents"] != float64(4500) {
			t.Errorf("%s: %d %v, want 200 with 4500", n, code, p)
		}
	}
	// Accepting an invitation to an organization one is already in.
	if code, p, h := send(t, "POST", "/v1/me/invitations/"+demo.OrgID+"/accept", "", nil); code != 409 || h.Get("Content-Type") != "application/problem+json" || !strings.HasSuffix(fmt.Sprint(p["type"]), "/already-member") {
		t.Errorf("accepting as a member: %d %v, want 409 already-member", code, p)
	}
	// The refused cancel did nothing.
	if code, p, _ := send(t, "GET", org, "", nil); code != 200 || p["status"] != "active" {
		t.Errorf("after the refused cancel: %d %v", code, p)
	}
}
