package meta_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/meta"
)

const redirect = "http://127.0.0.1:1/oauth/meta/callback"

func TestMetaAgainstTheSimulator(t *testing.T) {
	sim := adplatform.StartTest(t, adplatform.Options{MetaApp: adplatform.App{ClientID: "42", ClientSecret: "app-secret"}})
	m := meta.New(meta.Config{AppID: "42", AppSecret: "app-secret", DialogURL: sim.MetaWWWURL() + "/" + meta.Version + "/dialog/oauth", GraphURL: sim.MetaGraphURL() + "/" + meta.Version})
	ctx, scopes := context.Background(), connector.Scopes(connector.Meta, false)
	code := adplatform.Consent(t, m.AuthCodeURL("st", "", redirect, scopes), "allow").Get("code")
	tok, err := m.Exchange(ctx, code, "", redirect, scopes)
	if err != nil || tok.Access == "" || tok.Refresh != "" {
		t.Fatalf("exchange: %v", err)
	}
	if days := tok.Expiry.Sub(sim.Sim.Now()).Hours() / 24; days < 59 || days > 61 {
		t.Fatalf("the long-lived token expires in %.1f days", days)
	}
	if _, err := m.Exchange(ctx, code, "", redirect, scopes); !errors.Is(err, connector.ErrInvalidCode) {
		t.Fatalf("a reused code: %v", err)
	}
	accts, err := m.Accounts(ctx, tok)
	if err != nil || len(accts) != 3 || strings.HasPrefix(accts[0].ID, "act_") || accts[0].TimeZone == "" {
		t.Fatalf("accounts %+v, %v", accts, err)
	}
	if err := m.Verify(ctx, tok); err != nil {
		t.Fatalf("verify a live token: %v", err)
	}
	if err := m.Revoke(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Accounts(ctx, tok); !errors.Is(err, connector.ErrReauth) {
		t.Fatalf("after revoke: %v, want ErrReauth (code 190)", err)
	}
	if err := m.Verify(ctx, tok); !errors.Is(err, connector.ErrReauth) {
		t.Fatalf("verify after revoke: %v, want ErrReauth (code 190)", err)
	}
	sim.DeclineScopes(adplatform.Meta, "read_insights")
	code = adplatform.Consent(t, m.AuthCodeURL("st", "", redirect, scopes), "allow").Get("code")
	if _, err := m.Exchange(ctx, code, "", redirect, scopes); !errors.Is(err, connector.ErrScope) {
		t.Fatalf("a declined scope: %v", err)
	}
}
