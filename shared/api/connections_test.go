package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/connector"
)

// TestConnectionsLifecycle lists, pauses, resumes and disconnects a
// connection, on the in-memory stores and on the emulators.
func TestConnectionsLifecycle(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		f := w.newOrg(t)
		list := must(t, w.do(t, f.viewer, "GET", f.path("/connections"), nil, nil), 200)
		items, _ := list["items"].([]any)
		if len(items) != 2 {
			t.Fatalf("listed %d connections, want 2: %v", len(items), list)
		}
		first := items[0].(map[string]any)
		for _, k := range []string{"id", "provider", "accountId", "accountName", "currency", "timeZone", "status", "lastSyncAt", "lastError"} {
			if _, ok := first[k]; !ok {
				t.Errorf("a connection lacks %s: %v", k, first)
			}
		}
		page := must(t, w.do(t, f.viewer, "GET", f.path("/connections?limit=1"), nil, nil), 200)
		next, _ := page["next"].(string)
		if next == "" {
			t.Fatal("no second page")
		}
		page2 := must(t, w.do(t, f.viewer, "GET", f.path("/connections?limit=1&cursor="+url.QueryEscape(next)), nil, nil), 200)
		if got := page2["items"].([]any); len(got) != 1 || got[0].(map[string]any)["id"] == page["items"].([]any)[0].(map[string]any)["id"] {
			t.Fatalf("page 2 = %v", page2)
		}

		path := f.path("/connections/" + f.conn)
		if r := must(t, w.do(t, f.market, "PATCH", path, map[string]any{"enabled": false}, nil), 200); r["status"] != "disabled" {
			t.Fatalf("paused: %v", r)
		}
		if r := must(t, w.do(t, f.market, "PATCH", path, map[string]any{"enabled": true}, nil), 200); r["status"] != "active" {
			t.Fatalf("resumed: %v", r)
		}
		if r := w.do(t, f.market, "PATCH", path, map[string]any{}, nil); r.status != 422 {
			t.Fatalf("empty patch: %s", r)
		}
		if r := w.do(t, f.market, "PATCH", f.path("/connections/con_aaaaaaaaaaaaaaaaaaaaaaaa"), map[string]any{"enabled": true}, nil); r.status != 404 {
			t.Fatalf("unknown connection: %s", r)
		}
		if r := w.do(t, f.market, "DELETE", path, nil, nil); r.status != 204 {
			t.Fatalf("delete: %s", r)
		}
		c, err := w.deps.Connector.Store.Get(context.Background(), f.id, f.conn)
		if err != nil || c.Status != connector.Revoked || len(c.Sealed) != 0 {
			t.Fatalf("after delete: %+v, %v", c, err)
		}
		if r := w.do(t, f.market, "PATCH", path, map[string]any{"enabled": true}, nil); r.status != 409 || problemType(t, r) != "connection-needs-reconnect" {
			t.Fatalf("resume a revoked connection: %s", r)
		}
		if r := must(t, w.do(t, f.viewer, "GET", f.path("/connections"), nil, nil), 200); !strings.Contains(string(mustJSON(t, r)), `"revoked"`) {
			t.Fatalf("the revoked record is not kept: %v", r)
		}
		// The account is free for another organization now.
		g := w.newOrg(t)
		other := c
		other.OrgID, other.ID, other.Status, other.Version = g.id, "con_bbbbbbbbbbbbbbbbbbbbbbbb", connector.Active, 0
		if err := w.deps.Connector.Store.Save(context.Background(), []connector.Connection{other}); err != nil {
			t.Fatalf("connect the released account elsewhere: %v", err)
		}
	})
}

// TestAuthorizeStartsAState: the link carries a fresh single-use state for
// this member, organization and platform; read-only scopes unless an
// automation that changes campaigns is on; PKCE for Google.
func TestAuthorizeStartsAState(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		f := w.newOrg(t)
		states := w.deps.OAuthStates
		consume := func(link string, p connector.Platform) connector.State {
			t.Helper()
			u, err := url.Parse(link)
			if err != nil || u.Path != "/oauth/"+string(p)+"/start" {
				t.Fatalf("link %q", link)
			}
			st, ok, err := states.Consume(context.Background(), u.Query().Get("state"), p)
			if err != nil || !ok {
				t.Fatalf("the state is not stored: %v", err)
			}
			return st
		}
		r := must(t, w.do(t, f.market, "POST", f.path("/connections/meta/authorize"), nil, nil), 200)
		st := consume(str(r, "authorizationUrl"), connector.Meta)
		if st.OrgID != f.id || st.UserID != f.market.id() || st.Verifier != "" || !slices.Equal(st.Scopes, []string{"ads_read", "read_insights"}) {
			t.Fatalf("meta state %+v", st)
		}
		g := must(t, w.do(t, f.owner, "POST", f.path("/connections/google/authorize"), nil, nil), 200)
		gst := consume(str(g, "authorizationUrl"), connector.Google)
		if gst.Verifier == "" || gst.Challenge() == "" || gst.UserID != f.owner.id() {
			t.Fatalf("google state %+v", gst)
		}
		if r := w.do(t, f.market, "POST", f.path("/connections/tiktok/authorize"), nil, nil); r.status != 404 {
			t.Fatalf("unknown provider: %s", r)
		}
		settings := validSettings()
		settings["automations"] = map[string]any{"budgetManagement": true}
		must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), settings, versionOf(t, w, f, "/campaign-settings")), 200)
		r = must(t, w.do(t, f.market, "POST", f.path("/connections/meta/authorize"), nil, nil), 200)
		if st := consume(str(r, "authorizationUrl"), connector.Meta); !slices.Contains(st.Scopes, "ads_management") {
			t.Fatalf("write automation on, scopes %v", st.Scopes)
		}
	})
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
