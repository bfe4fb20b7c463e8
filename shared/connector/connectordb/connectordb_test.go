package connectordb_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// connected stores one connection whose tokens are sealed with expiry.
func connected(t *testing.T, p connector.Platform, expiry time.Time, refresh string) (connector.Service, *fake.Provider, connector.Connection) {
	t.Helper()
	store, err := connectordb.New(testenv.Table(t, retention.Account))
	if err != nil {
		t.Fatal(err)
	}
	prov := &fake.Provider{Name: p}
	svc := connector.Service{Store: store, Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders(prov)}
	orgID, acct := ids.New("org"), ids.New("acct")
	c := connector.Connection{OrgID: orgID, ID: ids.ConnectionID(orgID, string(p), acct), Platform: p, AccountID: acct, AccountName: "Glow",
		Status: connector.Active, ConnectedBy: "usr_x", ConnectedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC(), TokenExpiresAt: expiry}
	if c.Sealed, err = svc.Vault.Seal(context.Background(), c.OrgID, c.ID, connector.Tokens{Access: "old-access", Refresh: refresh, Expiry: expiry}); err != nil {
		t.Fatal(err)
	}
	if err := store.Save(context.Background(), []connector.Connection{c}); err != nil {
		t.Fatal(err)
	}
	if c, err = store.Get(context.Background(), orgID, c.ID); err != nil {
		t.Fatal(err)
	}
	return svc, prov, c
}

// TestConcurrentRefreshDoesNotClobber: two workers holding the same
// version refresh at once; one write wins, the other takes the stored
// tokens, and both go on with the same access token.
func TestConcurrentRefreshDoesNotClobber(t *testing.T) {
	svc, prov, c := connected(t, connector.Google, time.Now().Add(-time.Minute), "refresh-1")
	var wg sync.WaitGroup
	got := make([]connector.Tokens, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = svc.Tokens(context.Background(), c) }()
	}
	wg.Wait()
	stored, err := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.Vault.Open(context.Background(), c.OrgID, c.ID, stored.Sealed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if errs[i] != nil || got[i].Access != st.Access || got[i].Refresh != "refresh-1" {
			t.Errorf("worker %d: %v %v (stored %v)", i, got[i].Access, errs[i], st.Access)
		}
	}
	if stored.Version != c.Version+1 {
		t.Errorf("version %d → %d: more than one refresh was written", c.Version, stored.Version)
	}
	t.Logf("%d refreshes at the platform, one written", prov.Refreshs)
	// A fresh token is not refreshed again.
	if _, err := svc.Tokens(context.Background(), stored); err != nil {
		t.Fatal(err)
	}
}

// TestRefusedRefreshNeedsReauth: invalid_grant (ErrReauth) marks the
// connection needs_reauth and takes it out of the sync.
func TestRefusedRefreshNeedsReauth(t *testing.T) {
	svc, prov, c := connected(t, connector.Google, time.Now().Add(-time.Minute), "refresh-1")
	prov.Fail = map[string]error{"refresh": connector.ErrReauth}
	if _, err := svc.Tokens(context.Background(), c); err != connector.ErrReauth {
		t.Fatalf("err = %v", err)
	}
	stored, _ := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if stored.Status != connector.NeedsReauth || stored.LastError == "" {
		t.Fatalf("stored %+v", stored)
	}
	found := false
	_ = svc.Store.ListActive(context.Background(), func(cs []connector.Connection) error {
		for _, x := range cs {
			found = found || x.ID == c.ID
		}
		return nil
	})
	if found {
		t.Fatal("a needs_reauth connection is still synced")
	}
}

type notices struct {
	mu sync.Mutex
	n  int
}

func (n *notices) ConnectionExpiring(context.Context, connector.Connection) error {
	n.mu.Lock()
	n.n++
	n.mu.Unlock()
	return nil
}

// TestMetaExpiryWarnsOnce: a long-lived token 6 days from expiry flags the
// connection expiring and notifies once, however many checks run.
func TestMetaExpiryWarnsOnce(t *testing.T) {
	svc, _, c := connected(t, connector.Meta, time.Now().Add(6*24*time.Hour), "")
	n := &notices{}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = svc.CheckExpiry(context.Background(), c, n) }()
	}
	wg.Wait()
	stored, _ := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if stored.Status != connector.Expiring || !stored.Warned() || stored.ExpiryNotice.Outcome != connector.NoticeSent || n.n != 1 {
		t.Fatalf("status %s, notice %+v, %d notices", stored.Status, stored.ExpiryNotice, n.n)
	}
	if sent, _ := svc.CheckExpiry(context.Background(), stored, n); sent || n.n != 1 {
		t.Fatal("notified twice")
	}
	far, _, c2 := connected(t, connector.Meta, time.Now().Add(30*24*time.Hour), "")
	if sent, _ := far.CheckExpiry(context.Background(), c2, n); sent {
		t.Fatal("a token 30 days from expiry was flagged")
	}
}
