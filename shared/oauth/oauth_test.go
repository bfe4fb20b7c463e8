package oauth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/oauth"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/retention"
)

func TestCallbackConsumesStateOnce(t *testing.T) {
	states := testenv.Table(t, retention.Ephemeral)
	store, err := connectordb.NewStates(states)
	if err != nil {
		t.Fatal(err)
	}
	h := oauth.New(oauth.Handler{States: store, Log: logging.New(&bytes.Buffer{}, "INFO")})

	state := testenv.Unique("st")
	item := connectordb.StateKey(state)
	item["provider"] = dynamo.S("meta")
	if err := states.Put(context.Background(), item, dynamo.Expiry{At: time.Now(), TTL: 10 * time.Minute}, nil); err != nil {
		t.Fatal(err)
	}
	expired := testenv.Unique("old")
	old := connectordb.StateKey(expired)
	old["provider"] = dynamo.S("meta")
	if err := states.Put(context.Background(), old, dynamo.Expiry{At: time.Now().Add(-time.Hour), TTL: 10 * time.Minute}, nil); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, url string
		status    int
		typ       string
	}{
		{"unknown provider", "/oauth/tiktok/callback?code=c&state=" + state, 404, "not-found"},
		{"missing code", "/oauth/meta/callback?state=" + state, 400, "bad-request"},
		{"denied", "/oauth/meta/callback?error=access_denied&state=" + state, 400, "oauth-denied"},
		{"wrong provider for the state", "/oauth/google/callback?code=c&state=" + state, 400, "oauth-state"},
		{"expired state", "/oauth/meta/callback?code=c&state=" + expired, 400, "oauth-state"},
		{"valid state", "/oauth/meta/callback?code=c&state=" + state, 501, "connector-unavailable"},
		{"replayed state", "/oauth/meta/callback?code=c&state=" + state, 400, "oauth-state"},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.url, nil))
		var p struct{ Type string }
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != tc.status || p.Type != "https://api.medspa.ai/problems/"+tc.typ || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s %s, want %d %s", tc.name, rec.Code, rec.Header().Get("Content-Type"), p.Type, tc.status, tc.typ)
		}
	}
}
