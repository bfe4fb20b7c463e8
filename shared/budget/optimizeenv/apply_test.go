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
	"github.com/medspa-ai/backend/shared/jobs"
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
	w := newApplyWorld(t, true)
	id, owner, now, sim, camps, recs, applier, src := w.id, w.owner, w.now, w.sim, w.camps, w.recs, w.applier, w.src
	failing := &failFirstSet{Client: applier, fail: func() {
		sim.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Meta, Times: 1})
	}}
	r := weekly.Runner{Orgs: optimizeenv.Orgs{Store: w.orgs}, Campaigns: src, Metrics: src, Recommendations: recs, Applier: failing}

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

// applyWorld is an organization with a Meta connection whose tokens are
// sealed with the stack's KMS key in the account table and eight weeks of
// metric rows in the analytics table (the first campaign converts, the
// second hardly), and the platform client the optimizer builds.
type applyWorld struct {
	id, owner string
	now       time.Time
	sim       *adplatform.Server
	camps     []adplatform.Campaign
	orgs      *orgdb.Store
	recs      *budgetdb.Store
	applier   *platformbudget.Client
	src       budgetmetrics.Source
}

func newApplyWorld(t *testing.T, autoApply bool) applyWorld {
	t.Helper()
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
	if autoApply {
		st.AutoApply = map[org.AutoRule]org.AutoApply{org.AutoBudget: {Enabled: true, MaxChangePercent: 20, UpdatedBy: owner, UpdatedAt: now}}
	}
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
	return applyWorld{id: id, owner: owner, now: now, sim: sim, camps: camps, orgs: orgs, recs: recs, applier: applier, src: src}
}

// TestAppliesAnApprovalAtOnce: without auto-apply the run only proposes; a
// marketer's approval queues an apply job, which changes the budget at
// the platform in the member's name right away, once however often it is
// delivered. A failed apply is recorded and the job fails for the queue
// to retry; the job reaches no other organization's recommendation and
// nothing of an organization that has opted out since the approval.
func TestAppliesAnApprovalAtOnce(t *testing.T) {
	ctx := context.Background()
	w := newApplyWorld(t, false)
	marketer := ids.New("usr")
	orgs := &optOut{Orgs: optimizeenv.Orgs{Store: w.orgs}, out: map[string]bool{}}
	worker := optimizeenv.Worker{Runner: weekly.Runner{Orgs: orgs, Campaigns: w.src, Metrics: w.src, Recommendations: w.recs, Applier: w.applier},
		Log: quiet, Now: func() time.Time { return w.now.Add(time.Minute) }}
	if _, err := worker.Runner.Run(ctx, w.id, w.now); err != nil {
		t.Fatal(err)
	}
	all, _, err := w.recs.List(ctx, w.id, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var props []budget.Recommendation
	for _, x := range all {
		if x.Rule == budget.RuleBudget && x.Before != x.After {
			if x.Status != budget.Proposed {
				t.Fatalf("%s is %s without auto-apply", x.ID, x.Status)
			}
			props = append(props, x)
		}
	}
	if len(props) < 2 {
		t.Fatalf("%d budget changes proposed, the test needs two", len(props))
	}
	approve := func(x budget.Recommendation) jobs.Optimize {
		t.Helper()
		next, err := x.Move(budget.Approved, marketer, w.now, "")
		if err == nil {
			err = w.recs.Update(ctx, next)
		}
		if err != nil {
			t.Fatal(err)
		}
		return jobs.Optimize{OrgID: w.id, Day: w.now.Format(time.DateOnly), RecommendationID: x.ID, Actor: marketer}
	}
	get := func(id string) budget.Recommendation {
		t.Helper()
		r, _, err := w.recs.Get(ctx, w.id, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	budgetAt := func(campaignID string) int64 {
		b, _ := w.sim.DailyBudget(campaignID)
		return b
	}

	// A platform failure: recorded, and the job fails so the queue retries.
	first := props[0]
	job := approve(first)
	w.sim.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Meta, Times: 1})
	if err := worker.Handle(ctx, job); err == nil {
		t.Fatal("a failed apply did not fail the job")
	}
	if r := get(first.ID); r.Status != budget.Approved || r.ApplyAttempts != 1 || r.ApplyError == "" {
		t.Fatalf("failed apply not recorded: %s attempts %d error %q", r.Status, r.ApplyAttempts, r.ApplyError)
	}
	if b := budgetAt(first.CampaignID); b != int64(first.Before) {
		t.Fatalf("the platform has %d after a failed apply, want %d", b, first.Before)
	}
	// The redelivery applies it, in the marketer's name.
	if err := worker.Handle(ctx, job); err != nil {
		t.Fatal(err)
	}
	r := get(first.ID)
	if r.Status != budget.Applied || r.ApplyError != "" {
		t.Fatalf("after the retry: %s %q", r.Status, r.ApplyError)
	}
	if b := budgetAt(first.CampaignID); b != int64(first.After) {
		t.Fatalf("the platform has %d, want %d", b, first.After)
	}
	last := r.History[len(r.History)-1]
	if last.By != marketer || last.To != budget.Applied || last.Before != first.Before || last.After != first.After {
		t.Errorf("the apply's audit entry %+v", last)
	}
	// Delivered again: nothing more happens.
	if err := worker.Handle(ctx, job); err != nil {
		t.Fatal(err)
	}
	if again := get(first.ID); again.Version != r.Version {
		t.Errorf("a duplicate job wrote the recommendation again (version %d, was %d)", again.Version, r.Version)
	}

	// Another organization's job naming this recommendation finds nothing.
	second := props[1]
	job = approve(second)
	other := job
	other.OrgID = ids.New("org")
	if err := worker.Handle(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got := get(second.ID); got.Status != budget.Approved || budgetAt(second.CampaignID) != int64(second.Before) {
		t.Fatalf("another organization's job applied %s: %s", second.ID, got.Status)
	}
	// An organization that opted out since the approval: nothing applied.
	orgs.out[w.id] = true
	if err := worker.Handle(ctx, job); err != nil {
		t.Fatal(err)
	}
	if got := get(second.ID); got.Status != budget.Approved || budgetAt(second.CampaignID) != int64(second.Before) {
		t.Fatalf("applied for an opted-out organization: %s", got.Status)
	}
	orgs.out[w.id] = false
	if err := worker.Handle(ctx, job); err != nil {
		t.Fatal(err)
	}
	if got := get(second.ID); got.Status != budget.Applied || budgetAt(second.CampaignID) != int64(second.After) {
		t.Fatalf("not applied once opted in again: %s", got.Status)
	}
}

// optOut marks organizations opted out of AI processing.
type optOut struct {
	optimizeenv.Orgs
	out map[string]bool
}

func (o *optOut) Org(ctx context.Context, orgID string) (weekly.Org, bool, error) {
	w, found, err := o.Orgs.Org(ctx, orgID)
	w.AIOptOut = w.AIOptOut || o.out[orgID]
	return w, found, err
}
