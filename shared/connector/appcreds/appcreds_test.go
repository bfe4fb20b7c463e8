package appcreds_test

import (
	"context"
	"errors"
	"testing"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
)

// TestProvidersReadTheCredentialsOnce: the secret is read on first use
// only, a failed read is tried again, and the developer token comes from
// the same read as the providers.
func TestProvidersReadTheCredentialsOnce(t *testing.T) {
	ctx := context.Background()
	reads, fail := 0, true
	read := func(context.Context) ([]byte, error) {
		reads++
		if fail {
			return nil, errors.New("secret unavailable")
		}
		return []byte(`{"meta_app_id":"1","meta_app_secret":"s","google_client_id":"c","google_client_secret":"cs","google_developer_token":"dev"}`), nil
	}
	providers, devToken := appcreds.Providers(read, meta.Config{}, google.Config{})
	if reads != 0 {
		t.Fatalf("read %d times before first use", reads)
	}
	if _, err := devToken(ctx); err == nil {
		t.Fatal("a failed read gave a developer token")
	}
	fail = false
	ps, err := providers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []connector.Platform{connector.Meta, connector.Google} {
		if ps[p] == nil || ps[p].Platform() != p {
			t.Errorf("no %s provider: %v", p, ps)
		}
	}
	if tok, err := devToken(ctx); err != nil || tok != "dev" {
		t.Errorf("developer token %q, %v", tok, err)
	}
	if reads != 2 {
		t.Errorf("read %d times, want 2 (the failed one, then once)", reads)
	}
}

// TestEndpoints: the clients point where the environment says, and at the
// platforms themselves where it says nothing.
func TestEndpoints(t *testing.T) {
	env := map[string]string{"META_GRAPH_URL": "http://sim/meta/graph/v24.0", "GOOGLE_ADS_URL": "http://sim/google/ads/v22"}
	m, g := appcreds.Endpoints(func(name, def string) string {
		if v, ok := env[name]; ok {
			return v
		}
		return def
	})
	if m.GraphURL != env["META_GRAPH_URL"] || g.AdsURL != env["GOOGLE_ADS_URL"] || g.TokenURL != "" {
		t.Errorf("meta %+v google %+v", m, g)
	}
}
