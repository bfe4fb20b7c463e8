package connectorenv_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/connectorenv"
	"github.com/medspa-ai/backend/shared/connector/notice"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// oneOrg is the store with its active index narrowed to one organization,
// so the test checks its own connections in the shared table.
type oneOrg struct {
	connectordb.Store
	orgID string
}

func (s oneOrg) ListActive(ctx context.Context, fn func([]connector.Connection) error) error {
	return s.Store.ListActive(ctx, func(page []connector.Connection) error {
		var mine []connector.Connection
		for _, c := range page {
			if c.OrgID == s.orgID {
				mine = append(mine, c)
			}
		}
		return fn(mine)
	})
}

// TestDailyCheckOnTheEmulators: on DynamoDB Local and moto's SES, an
// organization with a Meta connection 6 days from expiry, a Google one
// whose refresh is refused and a healthy Meta one: two concurrent runs
// and a retry send one email, to the owner (profile address) and the
// admin, and mark the Google connection needs_reauth.
func TestDailyCheckOnTheEmulators(t *testing.T) {
	ctx := context.Background()
	st, cfg := testenv.Stack(t)
	account, marketing := testenv.Table(t, retention.Account), testenv.Table(t, retention.Marketing)
	conns := testenv.Must[connectordb.Store](t)(connectordb.New(account))
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(account))
	profiles := testenv.Must[*profiledb.Store](t)(profiledb.New(account, marketing))
	now := time.Now().UTC().Truncate(time.Millisecond)
	tag := strings.ToLower(ids.New("x"))
	ownerAddr, adminAddr, marketerAddr := "owner-"+tag+"@spa.example", "admin-"+tag+"@spa.example", "marketer-"+tag+"@spa.example"
	ownerID := ids.UserID(ids.New("sub"))
	o, owner, settings := org.NewOrg(ids.New("org"), org.CompanyProfile{CompanyName: "Glow Med Spa"}, ownerID, "old-"+ownerAddr, now)
	if err := orgs.Create(ctx, o, owner, settings); err != nil {
		t.Fatal(err)
	}
	if err := profiles.Put(ctx, profile.Profile{UserID: ownerID, Email: ownerAddr, CreatedAt: now, UpdatedAt: now, Version: 1}); err != nil {
		t.Fatal(err)
	}
	for role, addr := range map[org.Role]string{org.Admin: adminAddr, org.Marketer: marketerAddr} {
		inv := org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, addr), Status: org.Invited, Role: role, Email: addr, OrgName: o.CompanyName,
			OrgStatus: org.Active, InvitedBy: ownerID, At: now, UpdatedAt: now, Version: 1}
		if err := orgs.Invite(ctx, org.ActorFor(ownerID, org.InviteMembers), inv); err != nil {
			t.Fatal(err)
		}
		if _, err := orgs.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), addr, now); err != nil {
			t.Fatal(err)
		}
	}
	vault := connector.NewVault(fake.Cipher{})
	store := func(p connector.Platform, name string, expiry time.Time, refresh string) connector.Connection {
		t.Helper()
		acct := ids.New("acct")
		c := connector.Connection{OrgID: o.ID, ID: ids.ConnectionID(o.ID, string(p), acct), Platform: p, AccountID: acct, AccountName: name,
			Status: connector.Active, ConnectedBy: ownerID, ConnectedAt: now, UpdatedAt: now, TokenExpiresAt: expiry}
		var err error
		if c.Sealed, err = vault.Seal(ctx, o.ID, c.ID, connector.Tokens{Access: "EAAsecret-" + acct, Refresh: refresh, Expiry: expiry}); err != nil {
			t.Fatal(err)
		}
		if err := conns.Save(ctx, []connector.Connection{c}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	expiring := store(connector.Meta, "Glow Spa Ads", now.Add(6*24*time.Hour).Truncate(time.Second), "")
	healthy := store(connector.Meta, "Glow Spa Brand", now.Add(50*24*time.Hour).Truncate(time.Second), "")
	refused := store(connector.Google, "Glow Search", now.Add(-time.Minute).Truncate(time.Second), "1//refresh-"+tag)

	metaProv, googleProv := &fake.Provider{Name: connector.Meta}, &fake.Provider{Name: connector.Google, Fail: map[string]error{"refresh": connector.ErrReauth}}
	frontend := "https://app.spa.example"
	var logs bytes.Buffer
	var mu sync.Mutex
	checker := connectorenv.Checker{
		Service:  connector.Service{Store: oneOrg{conns, o.ID}, Vault: vault, Providers: connector.StaticProviders(metaProv, googleProv)},
		Notifier: notice.Mailer{Members: orgs, Profiles: profiles, Sender: sesmail.New(sesv2.NewFromConfig(cfg), testenv.Name(t, st, "SenderIdentity"), ""), Frontend: frontend},
		Log:      slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, nil)), Workers: 2,
	}
	ev := schedule.Event{Schedule: connectorenv.Name, ScheduledTime: now.Format(time.RFC3339)}
	var wg sync.WaitGroup
	results := make([]connectorenv.Result, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i], errs[i] = checker.Handle(ctx, ev) }()
	}
	wg.Wait()
	retry, rerr := checker.Handle(ctx, ev)
	for i, err := range append(errs, rerr) {
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	if w := results[0].Warned + results[1].Warned + retry.Warned; w != 1 {
		t.Fatalf("warned %d times over the runs, want 1 (%+v %+v %+v)", w, results[0], results[1], retry)
	}
	for _, addr := range []string{ownerAddr, adminAddr} {
		got := testenv.EmailsTo(t, addr)
		if len(got) != 1 {
			t.Fatalf("%d emails to %s, want 1", len(got), addr)
		}
		msg, err := mail.ReadMessage(strings.NewReader(got[0].Raw))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
		text := msg.Header.Get("Subject") + "\n" + string(body)
		for _, want := range []string{"Meta", "Glow Spa Ads", expiring.AccountID, frontend + "/connections?provider=meta&reconnect=" + expiring.ID} {
			if !strings.Contains(text, want) {
				t.Errorf("the email lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(got[0].Raw, "EAAsecret") || strings.Contains(got[0].Raw, "1//refresh") || strings.Contains(text, "Glow Spa Brand") {
			t.Error("the email holds a token or another connection")
		}
	}
	for _, addr := range []string{"old-" + ownerAddr, marketerAddr} {
		if n := len(testenv.EmailsTo(t, addr)); n != 0 {
			t.Errorf("%d emails to %s, want none", n, addr)
		}
	}
	for _, x := range []struct {
		c    connector.Connection
		want connector.Status
	}{{expiring, connector.Expiring}, {healthy, connector.Active}, {refused, connector.NeedsReauth}} {
		c, want := x.c, x.want
		got, err := conns.Get(ctx, o.ID, c.ID)
		if err != nil || got.Status != want {
			t.Errorf("%s: status %s, want %s (%v)", c.AccountName, got.Status, want, err)
		}
	}
	if got, _ := conns.Get(ctx, o.ID, expiring.ID); got.ExpiryNotice.Outcome != connector.NoticeSent || !got.Warned() {
		t.Errorf("notice %+v", got.ExpiryNotice)
	}
	for _, leak := range []string{"EAAsecret", "1//refresh"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the logs hold %q", leak)
		}
	}
	if !strings.Contains(logs.String(), "connection checks done") {
		t.Errorf("no summary logged:\n%s", logs.String())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
