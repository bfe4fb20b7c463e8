package notice_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/notice"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
)

const frontend = "https://app.spa.example"

// team is an organization with an owner (whose profile has a newer
// address than the membership), an admin without a profile, a marketer, a
// viewer and an admin still invited: only the owner and the admin are told.
type team struct {
	org          org.Org
	owner, admin string // the addresses that must be told
	others       []string
}

func newTeam(t *testing.T, orgs org.Store, profiles profile.Store) team {
	t.Helper()
	ctx, now := context.Background(), time.Now().UTC().Truncate(time.Millisecond)
	tag := strings.ToLower(ids.New("t"))
	addr := func(who string) string { return fmt.Sprintf("%s-%s@spa.example", who, tag) }
	ownerID := ids.UserID(ids.New("sub"))
	o, owner, st := org.NewOrg(ids.New("org"), org.CompanyProfile{CompanyName: "Glow Med Spa"}, ownerID, addr("owner-old"), now)
	if err := orgs.Create(ctx, o, owner, st); err != nil {
		t.Fatal(err)
	}
	if err := profiles.Put(ctx, profile.Profile{UserID: ownerID, Email: addr("owner"), CreatedAt: now, UpdatedAt: now, Version: 1}); err != nil {
		t.Fatal(err)
	}
	tm := team{org: o, owner: addr("owner"), admin: addr("admin"), others: []string{addr("owner-old"), addr("marketer"), addr("viewer"), addr("invited")}}
	for _, m := range []struct {
		role   org.Role
		who    string
		accept bool
	}{{org.Admin, "admin", true}, {org.Marketer, "marketer", true}, {org.Viewer, "viewer", true}, {org.Admin, "invited", false}} {
		inv := org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, addr(m.who)), Status: org.Invited, Role: m.role, Email: addr(m.who),
			OrgName: o.CompanyName, OrgStatus: org.Active, InvitedBy: ownerID, At: now, UpdatedAt: now, Version: 1}
		if err := orgs.Invite(ctx, org.ActorFor(ownerID, org.InviteMembers), inv); err != nil {
			t.Fatal(err)
		}
		if m.accept {
			if _, err := orgs.Accept(ctx, o.ID, ids.UserID(ids.New("sub")), addr(m.who), now); err != nil {
				t.Fatal(err)
			}
		}
	}
	return tm
}

// setup is a Meta connection of tm's organization whose long-lived token
// expires in left, with a service and a mailer on fakes.
func setup(t *testing.T, left time.Duration) (connector.Service, *fake.Outbox, deps, team, connector.Connection) {
	t.Helper()
	orgs, profiles := fake.NewOrgs(), fake.NewProfiles()
	tm := newTeam(t, orgs, profiles)
	prov := &fake.Provider{Name: connector.Meta, TTL: left, Listed: []connector.Account{{ID: "1001", Name: "Glow Spa Ads", Currency: "USD", TimeZone: "America/Chicago"}}}
	svc := connector.Service{Store: fake.NewConnections(), Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders(prov)}
	cs, err := svc.Connect(context.Background(), connector.NewState(connector.Meta, tm.org.ID, tm.org.CreatedBy, false, time.Now()), "ok", "http://cb")
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Store.Get(context.Background(), tm.org.ID, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return svc, &fake.Outbox{}, deps{orgs, profiles}, tm, c
}

type deps struct {
	orgs     *fake.Orgs
	profiles *fake.Profiles
}

func mailer(d deps, box email.Sender) notice.Mailer {
	return notice.Mailer{Members: d.orgs, Profiles: d.profiles, Sender: box, Frontend: frontend, Sleep: func(context.Context, time.Duration) error { return nil }}
}

// TestOwnersAndAdminsAreWarnedOnce: concurrent checks, a re-run and a
// retry of a Meta connection 6 days from expiry send one email, to the
// owner (at their profile's address) and the admin only; it names the
// platform and the account, links to the frontend to reconnect, and holds
// no token.
func TestOwnersAndAdminsAreWarnedOnce(t *testing.T) {
	svc, box, d, tm, c := setup(t, 6*24*time.Hour)
	other := newTeam(t, d.orgs, d.profiles) // another organization's team: never told
	m := mailer(d, box)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := svc.CheckAll(context.Background(), m, 2, func(connector.Connection, connector.Outcome, error) {}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for range 2 { // a re-run, and a retry holding the copy read before the notice
		if sent, err := svc.CheckExpiry(context.Background(), c, m); sent || err != nil {
			t.Fatalf("checked again: sent %v, %v", sent, err)
		}
	}
	sent := box.Sent()
	if len(sent) != 1 {
		t.Fatalf("%d emails, want 1", len(sent))
	}
	msg := sent[0]
	if strings.Join(msg.To, ",") != tm.admin+","+tm.owner {
		t.Fatalf("sent to %v, want the admin and the owner's profile address", msg.To)
	}
	for _, want := range []string{"Meta", "Glow Spa Ads", "1001", frontend + "/connections?provider=meta&reconnect=" + c.ID, "Glow Med Spa"} {
		if !strings.Contains(msg.Subject+msg.Text, want) {
			t.Errorf("the email lacks %q:\n%s\n%s", want, msg.Subject, msg.Text)
		}
	}
	tok, _ := svc.Vault.Open(context.Background(), c.OrgID, c.ID, c.Sealed)
	if tok.Access == "" || strings.Contains(msg.Subject+msg.Text, tok.Access) {
		t.Fatal("the email holds the token")
	}
	for _, a := range append(tm.others, other.owner, other.admin) {
		if len(box.To(a)) != 0 {
			t.Errorf("%s was told", a)
		}
	}
	stored, _ := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if stored.Status != connector.Expiring || !stored.Warned() || stored.ExpiryNotice.Outcome != connector.NoticeSent {
		t.Fatalf("stored %s %+v", stored.Status, stored.ExpiryNotice)
	}
}

// TestAClaimWithoutOutcomeIsNotSentAgain: a check that claimed the notice
// and stopped before sending (a crash) leaves the attempt recorded; later
// checks send nothing for that expiry. A reconnect with a new expiry is
// warned about afresh.
func TestAClaimWithoutOutcomeIsNotSentAgain(t *testing.T) {
	svc, box, d, _, c := setup(t, 5*24*time.Hour)
	c.ExpiryNotice = connector.Notice{For: c.TokenExpiresAt, At: time.Now().UTC()}
	c.Status = connector.Expiring
	if _, err := svc.Store.Update(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	m := mailer(d, box)
	if err := svc.CheckAll(context.Background(), m, 1, func(connector.Connection, connector.Outcome, error) {}); err != nil {
		t.Fatal(err)
	}
	if n := len(box.Sent()); n != 0 {
		t.Fatalf("%d emails after a claimed attempt, want 0 (at most once per expiry)", n)
	}
	// Reconnecting brings a new token with another expiry (Connect saves
	// the connection again; here with a token a day later).
	again := c
	again.TokenExpiresAt, again.Status, again.ExpiryNotice = c.TokenExpiresAt.Add(24*time.Hour), connector.Expiring, connector.Notice{}
	if err := svc.Store.Save(context.Background(), []connector.Connection{again}); err != nil {
		t.Fatal(err)
	}
	stored, _ := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if stored.Warned() {
		t.Fatal("a new expiry counts as warned")
	}
	if sent, err := svc.CheckExpiry(context.Background(), stored, m); !sent || err != nil || len(box.Sent()) != 1 {
		t.Fatalf("a new expiry: sent %v, %v, %d emails", sent, err, len(box.Sent()))
	}
}

// flaky fails its first n sends as SES does when it is throttled.
type flaky struct {
	fake.Outbox
	mu sync.Mutex
	n  int
}

func (f *flaky) Send(ctx context.Context, m email.Message) (string, error) {
	f.mu.Lock()
	fail := f.n > 0
	f.n--
	f.mu.Unlock()
	if fail {
		return "", errors.New("ses send: throttled")
	}
	return f.Outbox.Send(ctx, m)
}

// TestSendFailures: a throttled send is tried again within the check; a
// rejected one is recorded as failed and never sent again for that expiry;
// a cancelled organization is told nothing.
func TestSendFailures(t *testing.T) {
	svc, _, d, _, c := setup(t, 6*24*time.Hour)
	fl := &flaky{n: 2}
	if sent, err := svc.CheckExpiry(context.Background(), c, mailer(d, fl)); !sent || err != nil || len(fl.Sent()) != 1 {
		t.Fatalf("throttled twice: sent %v, %v, %d emails", sent, err, len(fl.Sent()))
	}

	svc, box, d, _, c := setup(t, 6*24*time.Hour)
	box.Fail = fmt.Errorf("%w: ses MessageRejected", email.ErrRejected)
	if sent, err := svc.CheckExpiry(context.Background(), c, mailer(d, box)); sent || !errors.Is(err, email.ErrRejected) {
		t.Fatalf("rejected: sent %v, %v", sent, err)
	}
	stored, _ := svc.Store.Get(context.Background(), c.OrgID, c.ID)
	if stored.ExpiryNotice.Outcome != connector.NoticeFailed || stored.Status != connector.Expiring {
		t.Fatalf("stored %s %+v", stored.Status, stored.ExpiryNotice)
	}
	box.Fail = nil
	if sent, _ := svc.CheckExpiry(context.Background(), stored, mailer(d, box)); sent || len(box.Sent()) != 0 {
		t.Fatal("a failed notice was sent again")
	}

	t.Run("cancelled", func(t *testing.T) {
		svc, box, d, tm, c := setup(t, 6*24*time.Hour)
		if _, err := d.orgs.Cancel(context.Background(), org.ActorFor(tm.org.CreatedBy, org.CancelOrg), tm.org.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if sent, err := svc.CheckExpiry(context.Background(), c, mailer(d, box)); sent || err != nil || len(box.Sent()) != 0 {
			t.Fatalf("cancelled organization: sent %v, %v, %d emails", sent, err, len(box.Sent()))
		}
		stored, _ = svc.Store.Get(context.Background(), c.OrgID, c.ID)
		if stored.ExpiryNotice.Outcome != connector.NoticeNobody {
			t.Fatalf("cancelled organization: notice %+v", stored.ExpiryNotice)
		}
	})
}
