package connector_test

import (
	"context"
	"errors"
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

type noNotices struct{}

func (noNotices) ConnectionExpiring(context.Context, connector.Connection) error { return nil }

// TestLifecycleCheck: each platform's daily check, on fakes.
func TestLifecycleCheck(t *testing.T) {
	ctx := context.Background()
	connect := func(t *testing.T, p connector.Platform, ttl time.Duration) (connector.Service, *fake.Provider, connector.Connection) {
		t.Helper()
		prov := &fake.Provider{Name: p, TTL: ttl, Listed: []connector.Account{{ID: "1", Name: "A"}}}
		svc := connector.Service{Store: fake.NewConnections(), Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders(prov)}
		cs, err := svc.Connect(ctx, connector.NewState(p, "org_a", "usr_a", false, time.Now()), "ok", "http://cb")
		if err != nil {
			t.Fatal(err)
		}
		c, _ := svc.Store.Get(ctx, "org_a", cs[0].ID)
		return svc, prov, c
	}
	check := func(t *testing.T, svc connector.Service, c connector.Connection, want connector.Outcome, status connector.Status) connector.Connection {
		t.Helper()
		if got, err := svc.Check(ctx, c, noNotices{}); got != want || err != nil {
			t.Fatalf("check: %s %v, want %s", got, err, want)
		}
		stored, _ := svc.Store.Get(ctx, c.OrgID, c.ID)
		if stored.Status != status {
			t.Fatalf("status %s, want %s", stored.Status, status)
		}
		return stored
	}
	t.Run("google near expiry is refreshed, a fresh one is not", func(t *testing.T) {
		svc, prov, c := connect(t, connector.Google, 10*time.Minute)
		prov.TTL = time.Hour
		c = check(t, svc, c, connector.Refreshed, connector.Active)
		if prov.Refreshs != 1 || c.TokenExpiresAt.Before(time.Now().Add(30*time.Minute)) {
			t.Fatalf("%d refreshes, expiry %s", prov.Refreshs, c.TokenExpiresAt)
		}
		check(t, svc, c, connector.Unchanged, connector.Active)
	})
	t.Run("google invalid_grant needs reauth", func(t *testing.T) {
		svc, prov, c := connect(t, connector.Google, time.Minute)
		prov.Fail = map[string]error{"refresh": connector.ErrReauth}
		check(t, svc, c, connector.Reauth, connector.NeedsReauth)
	})
	t.Run("meta 190 needs reauth", func(t *testing.T) {
		svc, prov, c := connect(t, connector.Meta, 0)
		prov.Fail = map[string]error{"verify": connector.ErrReauth}
		check(t, svc, c, connector.Reauth, connector.NeedsReauth)
	})
	t.Run("meta expired needs reauth", func(t *testing.T) {
		svc, _, c := connect(t, connector.Meta, time.Hour)
		svc.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		check(t, svc, c, connector.Reauth, connector.NeedsReauth)
	})
	t.Run("meta within 7 days is flagged expiring, 8 days is not", func(t *testing.T) {
		svc, _, c := connect(t, connector.Meta, 8*24*time.Hour)
		check(t, svc, c, connector.Unchanged, connector.Active)
		svc.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
		check(t, svc, c, connector.Warned, connector.Expiring)
	})
	t.Run("a platform error leaves it as it is", func(t *testing.T) {
		svc, prov, c := connect(t, connector.Meta, 0)
		prov.Fail = map[string]error{"verify": errors.New("HTTP 500")}
		if got, err := svc.Check(ctx, c, noNotices{}); got != connector.Unchanged || err == nil {
			t.Fatalf("check: %s %v", got, err)
		}
	})
	t.Run("disabled is left alone", func(t *testing.T) {
		svc, prov, c := connect(t, connector.Google, time.Minute)
		c, _ = svc.SetEnabled(ctx, c.OrgID, c.ID, false)
		check(t, svc, c, connector.Unchanged, connector.Disabled)
		if prov.Refreshs != 0 {
			t.Fatal("a disabled connection was refreshed")
		}
	})
}
