package optimizeenv_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/budget/budgetmetrics"
	"github.com/medspa-ai/backend/shared/budget/optimizeenv"
	"github.com/medspa-ai/backend/shared/budget/report"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestWeeklyReportEmailOnceThroughSES: the tables of the emulators and
// moto's SES. The owner and a subscribed marketer get last week's report
// with its unsubscribe headers; a marketer who turned reports off and a
// viewer get none; the next day's run sends nothing again.
func TestWeeklyReportEmailOnceThroughSES(t *testing.T) {
	ctx := context.Background()
	st, cfg := testenv.Stack(t)
	from := testenv.Name(t, st, "SenderIdentity")
	account, analytics, marketing := testenv.Table(t, retention.Account), testenv.Table(t, retention.Analytics), testenv.Table(t, retention.Marketing)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(account))
	rows := testenv.Must[*metricsdb.Store](t)(metricsdb.New(analytics))
	recs := testenv.Must[*budgetdb.Store](t)(budgetdb.New(analytics))
	profiles := testenv.Must[*profiledb.Store](t)(profiledb.New(account, marketing))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // Tuesday: the report is of the week of 23 November

	id, owner := ids.New("org"), ids.New("usr")
	ownerMail := strings.ToLower(owner) + "@glow.example"
	o, m, s := org.NewOrg(id, org.CompanyProfile{CompanyName: "Glow Med Spa"}, owner, ownerMail, now.AddDate(0, -6, 0))
	if err := orgs.Create(ctx, o, m, s); err != nil {
		t.Fatal(err)
	}
	join := func(role org.Role) (string, string) {
		addr := strings.ToLower(ids.New("m")) + "@glow.example"
		inv := org.Member{OrgID: id, ID: ids.InviteID(id, addr), Status: org.Invited, Role: role, Email: addr, OrgName: o.CompanyName, OrgStatus: org.Active,
			InvitedBy: owner, At: now, UpdatedAt: now, Version: 1}
		if err := orgs.Invite(ctx, org.ActorFor(owner, org.InviteMembers), inv); err != nil {
			t.Fatal(err)
		}
		mem, err := orgs.Accept(ctx, id, ids.UserID(ids.New("sub")), addr, now)
		if err != nil {
			t.Fatal(err)
		}
		return mem.ID, addr
	}
	_, mkt := join(org.Marketer)
	quietID, quiet := join(org.Marketer)
	_, viewer := join(org.Viewer)
	p := profile.Default(quietID, quiet)
	p.Communication.PerformanceReports = false
	p.Version = 1
	if err := profiles.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	var batch []metrics.Row
	for d := 1; d <= 14; d++ {
		batch = append(batch, metrics.Row{OrgID: id, ConnectionID: "meta_1", Platform: connector.Meta, AccountID: "1", Level: metrics.Campaign, EntityID: "120001",
			CampaignID: "120001", CampaignName: "HydraFacial spring", Date: now.AddDate(0, 0, -1-d).Format(time.DateOnly),
			Counts: metrics.Counts{SpendMicros: 40_000_000, Clicks: 30, Impressions: 900, LeadsMilli: 1000}})
	}
	if err := rows.PutRows(ctx, batch); err != nil {
		t.Fatal(err)
	}
	r := optimizeenv.Reports{Orgs: optimizeenv.Orgs{Store: orgs}, Days: budgetmetrics.Source{Metrics: rows}, Recommendations: recs,
		Mailing: report.Mailing{Mailer: sesmail.New(sesv2.NewFromConfig(cfg), from, ""), From: from, Recipients: report.Audience{Orgs: orgs, Profiles: profiles}, Sent: recs,
			UnsubscribeURL: func(_ context.Context, userID, topic string) (string, error) {
				return "https://app.medspa.example/u/" + userID + "/" + topic, nil
			}}}
	out, err := r.Send(ctx, id, now)
	if err != nil || out.Sent != 2 {
		t.Fatalf("first send %+v %v", out, err)
	}
	for _, addr := range []string{ownerMail, mkt} {
		got := testenv.EmailsTo(t, addr)
		if len(got) != 1 {
			t.Fatalf("%s got %d emails", addr, len(got))
		}
		raw := got[0].Raw
		if !strings.Contains(raw, "List-Unsubscribe: <https://app.medspa.example/u/") || !strings.Contains(raw, "/reports>") ||
			!strings.Contains(raw, "Subject: Glow Med Spa: your week 2026-11-23 to 2026-11-29") || !strings.Contains(raw, "Content-ID: <spend@report>") {
			t.Errorf("%s: %.800s", addr, raw)
		}
	}
	for _, addr := range []string{quiet, viewer} {
		if got := testenv.EmailsTo(t, addr); len(got) != 0 {
			t.Errorf("%s got %d emails", addr, len(got))
		}
	}
	out, err = r.Send(ctx, id, now.AddDate(0, 0, 1))
	if err != nil || out.Sent != 0 || out.Already != 2 || len(testenv.EmailsTo(t, ownerMail)) != 1 {
		t.Fatalf("the next day %+v %v", out, err)
	}
}
