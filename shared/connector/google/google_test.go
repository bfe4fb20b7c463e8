package google_test

import (
	"context"
	"errors"
	"testing"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/google"
)

const redirect = "http://127.0.0.1:1/oauth/google/callback"

func client(sim *adplatform.Server) *google.Client {
	return google.New(google.Config{ClientID: "cid", ClientSecret: "csecret", DeveloperToken: "dev",
		AuthURL: sim.GoogleAccountsURL() + "/o/oauth2/v2/auth", TokenURL: sim.GoogleOAuth2URL() + "/token",
		RevokeURL: sim.GoogleOAuth2URL() + "/revoke", AdsURL: sim.GoogleAdsURL() + "/" + google.Version})
}

func TestGoogleAgainstTheSimulator(t *testing.T) {
	sim := adplatform.StartTest(t, adplatform.Options{
		GoogleApp: adplatform.App{ClientID: "cid", ClientSecret: "csecret"}, GoogleDeveloperToken: "dev"})
	g, ctx := client(sim), context.Background()
	st := connector.NewState(connector.Google, "org_x", "usr_x", false, sim.Sim.Now())
	scopes := st.Scopes
	q := adplatform.Consent(t, g.AuthCodeURL(st.Value, st.Challenge(), redirect, scopes), "allow")
	if q.Get("state") != st.Value {
		t.Fatalf("consent answered %v", q)
	}
	if _, err := g.Exchange(ctx, q.Get("code"), "wrong-verifier", redirect, scopes); !errors.Is(err, connector.ErrInvalidCode) {
		t.Fatalf("a wrong PKCE verifier: %v", err)
	}
	q = adplatform.Consent(t, g.AuthCodeURL(st.Value, st.Challenge(), redirect, scopes), "allow")
	tok, err := g.Exchange(ctx, q.Get("code"), st.Verifier, redirect, scopes)
	if err != nil || tok.Access == "" || tok.Refresh == "" || tok.Expiry.IsZero() {
		t.Fatalf("exchange: %v", err)
	}
	accts, err := g.Accounts(ctx, tok)
	if err != nil || len(accts) != 3 {
		t.Fatalf("accounts %v, %v", accts, err)
	}
	for _, a := range accts {
		if a.ID == "1000000001" || a.Currency == "" || a.TimeZone == "" || a.Name == "" {
			t.Errorf("account %+v", a)
		}
	}
	fresh, err := g.Refresh(ctx, tok)
	if err != nil || fresh.Access == tok.Access || fresh.Refresh != tok.Refresh {
		t.Fatalf("refresh: %v", err)
	}
	if err := g.Revoke(ctx, fresh); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if _, err := g.Refresh(ctx, fresh); !errors.Is(err, connector.ErrReauth) {
		t.Fatalf("refresh after revoke: %v, want ErrReauth (invalid_grant)", err)
	}
	// A replayed code is refused (and, as at Google, revokes what it gave).
	q = adplatform.Consent(t, g.AuthCodeURL(st.Value, st.Challenge(), redirect, scopes), "allow")
	if _, err := g.Exchange(ctx, q.Get("code"), st.Verifier, redirect, scopes); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Exchange(ctx, q.Get("code"), st.Verifier, redirect, scopes); !errors.Is(err, connector.ErrInvalidCode) {
		t.Fatalf("a reused code: %v", err)
	}
	// Consent without the adwords scope is refused.
	sim.DeclineScopes(adplatform.Google, "https://www.googleapis.com/auth/adwords")
	q = adplatform.Consent(t, g.AuthCodeURL(st.Value, st.Challenge(), redirect, scopes), "allow")
	if _, err := g.Exchange(ctx, q.Get("code"), st.Verifier, redirect, scopes); !errors.Is(err, connector.ErrScope) {
		t.Fatalf("scope declined: %v", err)
	}
	if q := adplatform.Consent(t, g.AuthCodeURL(st.Value, st.Challenge(), redirect, scopes), "deny"); q.Get("error") != "access_denied" {
		t.Fatalf("denied: %v", q)
	}
}
