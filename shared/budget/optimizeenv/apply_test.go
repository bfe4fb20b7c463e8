package optimizeenv_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/budget/budgetmetrics"
	"github.com/medspa-ai/backend/shared/budget/optimizeenv"
	"github.com/medspa-ai/backend/shared/budget/platformbudget"
	"github.com/medspa-ai/backend/shared/budget/weekly"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/envelope"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestAppliesAtThePlatformWithTheConnectionsTokens: an organization whose
// owner let budget changes apply themselves, its Meta connection's tokens
// sealed with the stack's KMS key in the account table, its metric rows
// in the analytics table. The run reads the current budgets at the
// simulator, applies its changes there; a failed apply is recorded on
// the recommendation and applied by the next run; a revert puts the
// budget back.
func TestAppliesAtThePlatformWithTheConnectionsTokens(t *testing.T) {
	ctx := context.Background()
	stack, cfg := testenv.Stack(t)
	sealer, err := envelope.New(kms.NewFromConfig(cfg), stack.Resources["TokenKey"].Ref)
	if err != nil {
		t.Fatal(err)
	}
	account, analytics := testenv.Table(t, retention.Account), testenv.Table(t, retention.Analytics)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(account))
	conns := testenv.Must[connectordb.Store](t)(connectordb.New(account))
	rows := testenv.Must[*metricsdb.Store](t)(metricsdb.New(analytics))
	recs := testenv.Must[*budgetdb.Store](t)(budgetdb.New(analytics))
	sim := adplatform.StartTest(t, adplatform.Options{Seed: 3})
	acct := sim.Accounts(adplatform.Meta)[0]
	camps := sim.Campaigns(acct.ID)
	if len(camps) < 2 {
		t.Fatalf("the simulator's account has %d campaigns, the test needs two", len(camps))
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

	id, owner := ids.New("org"), ids.New("usr")
	o, m, st := org.NewOrg(id, org.CompanyProfile{CompanyName: "Glow"}, owner, owner+"@example.com", now.AddDate(0, -6, 0))
	st.AutoApply = map[org.AutoRule]org.AutoApply{org.AutoBudget: {Enabled: true, MaxChangePercent: 20, UpdatedBy: owner, UpdatedAt: now}}
	if err := orgs.Create(ctx, o, m, st); err != nil {
		t.Fatal(err)
	}
	tok := sim.IssueToken(adplatform.Meta, "ads_read", "ads_management")
	vault := connector.NewVault(sealer)
	c := connector.Connection{OrgID: id, ID: ids.ConnectionID(id, "meta", acct.ID), Platform: connector.Meta, AccountID: acct.ID, AccountName: acct.Name,
		Status: connector.Active, Scopes: []string{"ads_read", "ads_management"}, ConnectedBy: owner, ConnectedAt: now, UpdatedAt: now}
	if c.Sealed, err = vault.Seal(ctx, c.OrgID, c.ID, connector.Tokens{Access: tok.AccessToken, Expiry: time.Now().Add(50 * 24 * time.Hour).UTC()}); err != nil {
		t.Fatal(err)
	}
	if _, err := account.DB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(account.Name), Key: connectordb.ClaimKey(c.Platform, c.AccountID)}); err != nil {
		t.Fatal(err)
	}
	if err := conns.Save(ctx, []connector.Connection{c}); err != nil {
		t.Fatal(err)
	}
	// Eight weeks: the first campaign converts, the second hardly.
	var batch []metrics.Row
	for d := 1; d <= 56; d++ {
		day := now.AddDate(0, 0, -d).Format(time.DateOnly)
		for i, cp := range camps[:2] {
			leads := int64(0)
			if i == 0 && d%2 == 0 || i == 1 && d%20 == 0 {
				leads = 1000
			}
			batch = append(batch, metrics.Row{OrgID: id, ConnectionID: c.ID, Platform: connector.Meta, AccountID: acct.ID, Level: metrics.Campaign,
				EntityID: cp.ID, CampaignID: cp.ID, CampaignName: cp.Name, Date: day,
				Counts: metrics.Counts{SpendMicros: 20_000_000, Impressions: 2000, Clicks: 40, LeadsMilli: leads}})
		}
	}
	if err := rows.PutRows(ctx, batch); err != nil {
		t.Fatal(err)
	}

	clock := func() time.Time { return now }
	app := sim.Options()
	mc := meta.New(meta.Config{AppID: app.MetaApp.ClientID, AppSecret: app.MetaApp.ClientSecret, GraphURL: sim.MetaGraphURL() + "/" + meta.Version, HTTP: http.DefaultClient})
	tokens := connector.Service{Store: conns, Vault: vault, Providers: connector.StaticProviders(mc)}
	resolve := platformbudget.Connected{Connections: conns, Tokens: tokens, State: rows, Rows: rows, Now: clock}
	applier := platformbudget.New(platformbudget.Config{MetaGraphURL: sim.MetaGraphURL() + "/" + meta.Version}, resolve.Resolve)
	src := budgetmetrics.Source{Metrics: rows, Budgets: applier, Now: clock}
	failing := &failFirstSet{Client: applier, fail: func() {
		sim.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Meta, Times: 1})
	}}
	r := weekly.Runner{Orgs: optimizeenv.Orgs{Store: orgs}, Campaigns: src, Metrics: src, Recommendations: recs, Applier: failing}

	truth := map[string]int64{}
	for _, cp := range camps[:2] {
		truth[cp.ID], _ = sim.DailyBudget(cp.ID)
	}
	res, err := r.Run(ctx, id, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first run %+v", res)
	budgetRecs := func() []budget.Recommendation {
		all, _, err := recs.List(ctx, id, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []budget.Recommendation
		for _, x := range all {
			if x.Rule == budget.RuleBudget {
				out = append(out, x)
			}
		}
		return out
	}
	got := budgetRecs()
	if len(got) == 0 {
		t.Fatal("no budget recommendation")
	}
	failed := 0
	for _, x := range got {
		if x.Before != budget.Micros(truth[x.CampaignID]) {
			t.Errorf("%s: before %d, the platform's budget is %d", x.CampaignID, x.Before, truth[x.CampaignID])
		}
		if strings.Contains(x.Reason, "The current budget is an estimate") {
			t.Errorf("%s: the budget was not read at the platform: %s", x.CampaignID, x.Reason)
		}
		if x.ApplyAttempts > 0 {
			failed++
			if x.Status != budget.Approved || x.ApplyError == "" {
				t.Errorf("failed apply not recorded: %+v", x)
			}
		}
	}
	if failed != 1 || res.Failed != 1 || res.Applied != len(got)-1 {
		t.Fatalf("one apply should have failed: %+v", res)
	}
	// The next run (the next sync's, or the next day's) retries.
	if res, err = r.Run(ctx, id, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, x := range budgetRecs() {
		b, _ := sim.DailyBudget(x.CampaignID)
		if x.Status != budget.Applied || b != int64(x.After) || x.ApplyError != "" {
			t.Errorf("%s after the retry: %s, %q; the platform has %d, want %d", x.CampaignID, x.Status, x.ApplyError, b, x.After)
		}
		if d := float64(x.After-x.Before) / float64(x.Before); d > 0.2001 || d < -0.2001 {
			t.Errorf("%s moved %.0f%%", x.CampaignID, 100*d)
		}
		// Revert puts the platform's budget back.
		rev, err := budget.Revert(ctx, recs, applier, id, x.ID, owner, now.Add(2*time.Hour))
		if err != nil || rev.Status != budget.Reverted {
			t.Fatalf("revert %s: %+v %v", x.CampaignID, rev, err)
		}
		if b, _ := sim.DailyBudget(x.CampaignID); b != truth[x.CampaignID] {
			t.Errorf("%s after the revert: %d, want %d", x.CampaignID, b, truth[x.CampaignID])
		}
	}
	// Another organization reaches nothing of this one's campaigns.
	if _, err := applier.DailyBudget(ctx, ids.New("org"), budget.Meta, camps[0].ID); err == nil {
		t.Error("another organization read the campaign's budget")
	}
}

// failFirstSet makes the platform answer 500 to the first budget write.
type failFirstSet struct {
	*platformbudget.Client
	fail func()
	done bool
}

func (f *failFirstSet) SetDailyBudget(ctx context.Context, orgID string, p budget.Platform, id string, b budget.Micros) error {
	if !f.done {
		f.done = true
		f.fail()
	}
	return f.Client.SetDailyBudget(ctx, orgID, p, id, b)
}
