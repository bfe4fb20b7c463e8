package platformbudget_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/platformbudget"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/metrics"
)

// tokens opens a connection's tokens from a map, as connector.Service
// does from the sealed ones.
type tokens map[string]string

func (t tokens) Tokens(_ context.Context, c connector.Connection) (connector.Tokens, error) {
	if a, ok := t[c.OrgID+"/"+c.ID]; ok {
		return connector.Tokens{Access: a}, nil
	}
	return connector.Tokens{}, connector.ErrReauth
}

func TestConnectedFindsTheOrganizationsConnectionOfTheCampaign(t *testing.T) {
	ctx := context.Background()
	srv := adplatform.StartTest(t, adplatform.Options{Seed: 1})
	metaAccts := srv.Accounts(adplatform.Meta)
	if len(metaAccts) < 2 {
		t.Fatalf("the simulator seeds %d Meta accounts, the test needs two", len(metaAccts))
	}
	a1, a2 := metaAccts[0], metaAccts[1]
	camp := srv.Campaigns(a2.ID)[0].ID
	good := srv.IssueToken(adplatform.Meta, "ads_read", "ads_management").AccessToken
	conns := fake.NewConnections()
	mk := func(org, id, acct string, st connector.Status) connector.Connection {
		return connector.Connection{OrgID: org, ID: id, Platform: connector.Meta, AccountID: acct, Status: st}
	}
	if err := conns.Save(ctx, []connector.Connection{mk("org_a", "con_1", a1.ID, connector.Active), mk("org_a", "con_2", a2.ID, connector.Expiring)}); err != nil {
		t.Fatal(err)
	}
	rows := fake.NewMetrics()
	day := srv.Now().UTC().AddDate(0, 0, -3).Format(time.DateOnly)
	if err := rows.PutRows(ctx, []metrics.Row{{OrgID: "org_a", Platform: connector.Meta, AccountID: a2.ID, Level: metrics.Campaign, EntityID: camp, CampaignID: camp, Date: day}}); err != nil {
		t.Fatal(err)
	}
	// con_1's token is not valid for the campaign: only con_2's works.
	r := platformbudget.Connected{Connections: conns, Tokens: tokens{"org_a/con_1": "wrong", "org_a/con_2": good}, State: rows, Rows: rows, Now: srv.Now}
	c := platformbudget.New(platformbudget.Config{MetaGraphURL: srv.MetaGraphURL() + "/" + adplatform.MetaVersion}, r.Resolve)
	truth, _ := srv.DailyBudget(camp)
	if got, err := c.DailyBudget(ctx, "org_a", budget.Meta, camp); err != nil || int64(got) != truth {
		t.Fatalf("read through the campaign's connection: %v, %v; truth %d", got, err, truth)
	}
	if err := c.SetDailyBudget(ctx, "org_a", budget.Meta, camp, budget.FromDollars(31)); err != nil {
		t.Fatal(err)
	}
	if truth, _ := srv.DailyBudget(camp); truth != 31_000_000 {
		t.Fatalf("budget at the platform %d", truth)
	}
	// Another organization has no connection: nothing is reached.
	if _, err := c.DailyBudget(ctx, "org_b", budget.Meta, camp); !errors.Is(err, platformbudget.ErrNoConnection) {
		t.Fatalf("org_b: %v", err)
	}
	// A revoked connection is not used.
	revoked, _ := conns.Get(ctx, "org_a", "con_2")
	revoked.Status = connector.Revoked
	if _, err := conns.Update(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailyBudget(ctx, "org_a", budget.Meta, camp); !errors.Is(err, platformbudget.ErrNoConnection) {
		t.Fatalf("after revocation: %v", err)
	}
	// Tokens that cannot be opened (needs_reauth) fail the call.
	revoked.Status = connector.Active
	revoked.Version++
	if _, err := conns.Update(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	r.Tokens = tokens{}
	c = platformbudget.New(platformbudget.Config{MetaGraphURL: srv.MetaGraphURL() + "/" + adplatform.MetaVersion}, r.Resolve)
	if _, err := c.DailyBudget(ctx, "org_a", budget.Meta, camp); !errors.Is(err, connector.ErrReauth) {
		t.Fatalf("without tokens: %v", err)
	}
}
