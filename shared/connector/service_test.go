package connector_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
)

// TestRevokeWaitsForTheLastAccountOfAConsent: the accounts of one consent
// share its tokens; disconnecting one deletes its copy, and only the last
// one revokes the authorization at the platform.
func TestRevokeWaitsForTheLastAccountOfAConsent(t *testing.T) {
	prov := &fake.Provider{Name: connector.Google, Listed: []connector.Account{{ID: "1", Name: "A"}, {ID: "2", Name: "B"}}}
	store := fake.NewConnections()
	svc := connector.Service{Store: store, Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders(prov), Now: time.Now}
	st := connector.NewState(connector.Google, "org_a", "usr_a", false, time.Now())
	cs, err := svc.Connect(context.Background(), st, "ok", "http://cb")
	if err != nil || len(cs) != 2 {
		t.Fatalf("connect: %v", err)
	}
	if c, err := svc.Revoke(context.Background(), "org_a", cs[0].ID); err != nil || c.Status != connector.Revoked || len(c.Sealed) != 0 {
		t.Fatalf("revoke the first: %+v %v", c, err)
	}
	if len(prov.Revoked) != 0 {
		t.Fatal("revoked at the platform while another account still uses the consent")
	}
	if _, err := svc.Revoke(context.Background(), "org_a", cs[1].ID); err != nil {
		t.Fatal(err)
	}
	if len(prov.Revoked) != 1 {
		t.Fatalf("revoked %d times at the platform, want once", len(prov.Revoked))
	}
	if c, _ := svc.Revoke(context.Background(), "org_a", cs[1].ID); c.Status != connector.Revoked || len(prov.Revoked) != 1 {
		t.Fatal("revoking twice is not a no-op")
	}
}
