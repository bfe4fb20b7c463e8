// Package optimizeenv wires the optimizer function from its environment:
// the account table (organizations, their campaign settings and opt-out;
// active connections for the daily dispatch), the analytics table (metric
// rows through metricsdb, recommendations through budgetdb) and the
// optimise queue. The function takes two events: the daily schedule,
// which queues one job per organization with an ad connection, and the
// queue's batches, each job one organization's run.
//
// Budgets are read and written at the platforms with the organization's
// connection tokens, opened as the sync worker opens them
// (connector.Service over the sealed tokens, the token key and the app
// credentials), through platformbudget: current budgets come from the
// platforms, and approved or auto-applied budget changes are applied.
package optimizeenv

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/budget/budgetmetrics"
	"github.com/medspa-ai/backend/shared/budget/platformbudget"
	"github.com/medspa-ai/backend/shared/budget/report"
	"github.com/medspa-ai/backend/shared/budget/weekly"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// Name is the daily schedule's input name (template.yaml, OptimizerFunction).
const Name = "optimize-dispatch"

// Loader reads an organization with its settings (orgdb.Store.Load).
type Loader interface {
	Load(ctx context.Context, orgID, userID string, w org.Want) (org.Snapshot, error)
}

// Orgs is weekly.Orgs over the account table.
type Orgs struct{ Store Loader }

// runAs names no member: Load reads the organization and its settings,
// and finds no caller.
const runAs = "optimizer"

// Org reads the organization's status, AI opt-out and campaign settings.
func (o Orgs) Org(ctx context.Context, orgID string) (weekly.Org, bool, error) {
	snap, err := o.Store.Load(ctx, orgID, runAs, org.Want{Org: true, Settings: true})
	if err != nil || snap.Org == nil {
		return weekly.Org{}, false, err
	}
	w := weekly.Org{Name: snap.Org.CompanyName, Active: snap.Org.Status == org.Active}
	if st := snap.Settings; st != nil {
		w.AIOptOut = st.AIOptOut
		w.Settings = Settings(*st)
		w.AutoApply = AutoApply(st.AutoApply)
	}
	return w, true, nil
}

// AutoApply turns the owners' auto-apply rules into the run's limits.
func AutoApply(rules map[org.AutoRule]org.AutoApply) map[budget.Rule]weekly.Limits {
	out := map[budget.Rule]weekly.Limits{}
	if a := rules[org.AutoBudget]; a.Enabled {
		out[budget.RuleBudget] = weekly.Limits{MaxChange: float64(min(a.MaxChangePercent, org.MaxAutoChangePercent)) / 100, MaxDailyBudget: budget.Micros(a.MaxDailyBudgetCents * 10_000)}
	}
	return out
}

// Settings turns an organization's campaign settings (US cents) into the
// optimiser's (micros).
func Settings(st org.Settings) budget.Settings {
	s := budget.Settings{Goal: budget.GoalLeads, TargetCostPerLead: budget.Micros(st.TargetCostPerLeadCents * 10_000), MonthlyCap: map[budget.Platform]budget.Micros{}}
	if len(st.Goals) > 0 {
		s.Goal = budget.Goal(st.Goals[0])
	}
	for p, c := range st.MonthlyBudgetCapsCents {
		if c > 0 {
			s.MonthlyCap[budget.Platform(p)] = budget.Micros(c * 10_000)
		}
	}
	return s
}

// Worker runs one job: the organization's run at now, then the last
// week's report to whoever has not had it.
type Worker struct {
	Runner  weekly.Runner
	Reports *Reports // nil: no report emails
	Log     *slog.Logger
	Now     func() time.Time
}

// Handle runs the job's organization, or applies the approved
// recommendation the job names.
func (w Worker) Handle(ctx context.Context, job jobs.Optimize) error {
	now := w.Now()
	if job.RecommendationID != "" {
		return w.apply(ctx, job, now)
	}
	res, err := w.Runner.Run(ctx, job.OrgID, now)
	if err != nil {
		return fmt.Errorf("optimize %s: %w", job.OrgID, err)
	}
	w.Log.InfoContext(ctx, "optimiser ran", "orgId", job.OrgID, "day", job.Day, "skipped", res.Skipped,
		"created", res.Created, "existing", res.Existing, "expired", res.Expired, "applied", res.Applied, "failed", res.Failed, "held", res.Held)
	if w.Reports == nil {
		return nil
	}
	out, err := w.Reports.Send(ctx, job.OrgID, now)
	if err != nil {
		return fmt.Errorf("weekly report %s: %w", job.OrgID, err)
	}
	if out.Sent+out.Failed > 0 {
		w.Log.InfoContext(ctx, "weekly report sent", "orgId", job.OrgID, "sent", out.Sent, "refused", out.Failed, "already", out.Already)
	}
	return nil
}

// apply carries out a budget recommendation a member approved, as soon as
// the approval is queued. The recommendation is read in the job's
// organization only (another's is not found) and written at the platform
// only through that organization's own connection; the organization's
// opt-out or restriction is checked again, as either may have come since
// the approval. A failed apply is recorded on the recommendation and the
// job fails so the queue retries it, until the recommendation has had
// MaxApplyAttempts; after that, and for a failure no retry fixes (the
// budget changed at the platform, the week is over), it is left approved
// with its error for a person, and the daily run does not retry it either.
func (w Worker) apply(ctx context.Context, job jobs.Optimize, now time.Time) error {
	log := w.Log.With("orgId", job.OrgID, "recommendationId", job.RecommendationID)
	o, found, err := w.Runner.Orgs.Org(ctx, job.OrgID)
	if err != nil {
		return fmt.Errorf("apply %s: %w", job.RecommendationID, err)
	}
	switch {
	case !found || !o.Active || o.AIOptOut || o.Restricted:
		log.InfoContext(ctx, "approved change not applied: the organization is inactive, opted out of AI processing or restricted")
		return nil
	case w.Runner.Applier == nil:
		log.InfoContext(ctx, "approved change not applied: no write access to the ad platforms")
		return nil
	}
	rec, found, err := w.Runner.Recommendations.Get(ctx, job.OrgID, job.RecommendationID)
	switch {
	case err != nil:
		return fmt.Errorf("apply %s: %w", job.RecommendationID, err)
	case !found:
		log.WarnContext(ctx, "approved change not applied: no such recommendation in the organization")
		return nil
	case rec.Status == budget.Applied:
		return nil
	case rec.ApplyAttempts >= budget.MaxApplyAttempts:
		log.WarnContext(ctx, "approved change left for a person", "attempts", rec.ApplyAttempts)
		return nil
	}
	rec, err = budget.Apply(ctx, w.Runner.Recommendations, w.Runner.Applier, job.OrgID, job.RecommendationID, job.Actor, now)
	switch {
	case err == nil:
		log.InfoContext(ctx, "approved change applied", "platform", rec.Platform, "campaignId", rec.CampaignID,
			"beforeMicros", int64(rec.Before), "afterMicros", int64(rec.After), "by", job.Actor)
		return nil
	case errors.Is(err, budget.ErrCannotNow), errors.Is(err, budget.ErrChangedAtPlatform), errors.Is(err, budget.ErrNotFound):
		log.WarnContext(ctx, "approved change not applied", "reason", err.Error())
		return nil
	case rec.ApplyError != "" && rec.ApplyAttempts >= budget.MaxApplyAttempts:
		log.WarnContext(ctx, "approved change failed at the platform and is left for a person", "attempts", rec.ApplyAttempts, "reason", err.Error())
		return nil
	}
	return fmt.Errorf("apply %s: %w", job.RecommendationID, err)
}

// Reports mails each organization's report of the last full week, once
// per member (the sent log), from the first run of the week on.
type Reports struct {
	Orgs            weekly.Orgs
	Days            report.Days
	Recommendations budget.Store
	Mailing         report.Mailing
}

// Send mails the report of the week before now's. A cancelled or
// restricted organization gets none.
func (r Reports) Send(ctx context.Context, orgID string, now time.Time) (report.Outcome, error) {
	o, found, err := r.Orgs.Org(ctx, orgID)
	if err != nil || !found || !o.Active || o.Restricted {
		return report.Outcome{}, err
	}
	rep, err := report.Load(ctx, r.Days, r.Recommendations, orgID, o.Name, report.Monday(now).AddDate(0, 0, -7))
	if err != nil {
		return report.Outcome{}, err
	}
	return r.Mailing.Send(ctx, orgID, rep, now)
}

// Sender enqueues jobs.
type Sender = jobs.Sender

// Dispatcher queues one optimiser job per organization with an active ad
// connection (an organization without one has no metrics to optimise).
type Dispatcher struct {
	Connections connector.Lister
	Queue       Sender
	Log         *slog.Logger
	Now         func() time.Time
}

// Result says what a dispatch did.
type Result struct {
	Day    string `json:"day"`
	Queued int    `json:"queued"`
}

// Handle is the schedule event's handler.
func (d Dispatcher) Handle(ctx context.Context, ev schedule.Event) (Result, error) {
	at, err := ev.Due(Name, d.Now())
	if err != nil {
		return Result{}, err
	}
	// The scheduled day names the jobs, so a retried invocation queues keys
	// the worker has already claimed.
	res := Result{Day: at.UTC().Format(time.DateOnly)}
	seen := map[string]bool{}
	res.Queued, err = jobs.PerConnection(ctx, d.Connections, d.Queue, func(c connector.Connection) (any, error) {
		if seen[c.OrgID] {
			return nil, nil
		}
		seen[c.OrgID] = true
		job := jobs.Optimize{OrgID: c.OrgID, Day: res.Day}
		if err := job.Validate(); err != nil {
			d.Log.ErrorContext(ctx, "organization skipped: it does not make a valid optimise job", "orgId", c.OrgID, "reason", err.Error())
			return nil, nil
		}
		return job, nil
	})
	if err != nil {
		return res, fmt.Errorf("optimize dispatch: %w", err)
	}
	d.Log.InfoContext(ctx, "optimise jobs queued", "day", res.Day, "queued", res.Queued)
	return res, nil
}

// Handler is the optimizer function's handler: an SQS batch (it has
// Records) goes to the worker, anything else must be the schedule's event.
func Handler(b *boot.Boot) func(context.Context, json.RawMessage) (any, error) {
	account, analytics := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("ANALYTICS_TABLE", retention.Analytics)
	q := b.Queue("OPTIMIZE_QUEUE_URL")
	orgs, err1 := orgdb.New(account)
	connections, err2 := connectordb.New(account)
	rows, err3 := metricsdb.New(analytics)
	recs, err4 := budgetdb.New(analytics)
	b.Must(err1, err2, err3, err4)
	applier := Applier(b, connections, rows)
	src := budgetmetrics.Source{Metrics: rows, Budgets: applier, Now: time.Now}
	profiles, err := profiledb.New(account, b.Table("MARKETING_TABLE", retention.Marketing))
	b.Must(err)
	marketingTable := b.Table("MARKETING_TABLE", retention.Marketing)
	gated := &GatedMail{LoadKey: b.Secret("UNSUBSCRIBE_KEY_SECRET_ARN"), Profiles: profiles,
		// Only the suppression list of the privacy store is read here.
		Suppressions:   &subjectdb.Store{Marketing: marketingTable},
		Next:           sesmail.New(sesv2.NewFromConfig(b.AWS), b.Env.Required("EMAIL_FROM"), ""),
		UnsubscribeURL: strings.TrimRight(b.Env.Required("PUBLIC_API_URL"), "/") + "/v1/unsubscribe"}
	mailing := report.Mailing{Mailer: gated, From: b.Env.Required("EMAIL_FROM"),
		Recipients: report.Audience{Orgs: orgs, Profiles: profiles}, Sent: recs, UnsubscribeURL: gated.Link}
	w := Worker{Runner: weekly.Runner{Orgs: Orgs{Store: orgs}, Campaigns: src, Metrics: src, Recommendations: recs, Applier: applier},
		Reports: &Reports{Orgs: Orgs{Store: orgs}, Days: budgetmetrics.Source{Metrics: rows}, Recommendations: recs, Mailing: mailing}, Log: b.Log, Now: time.Now}
	work := boot.QueueWorker(b, w.Handle)
	d := Dispatcher{Connections: connections, Queue: q, Log: b.Log, Now: time.Now}
	return boot.QueueOrSchedule("optimizer", work, d.Handle)
}

// Applier is the platforms' budget client with the organization's
// connection tokens: the app credentials (Google's refresh and developer
// token) read once per container, tokens opened and refreshed through
// connector.Service like the sync worker's.
func Applier(b *boot.Boot, connections connectordb.Store, rows *metricsdb.Store) *platformbudget.Client {
	e := b.Env.Optional
	apps, vault := b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID"))
	m, g := appcreds.Endpoints(e)
	providers, devToken := appcreds.Providers(apps, m, g)
	tokens := connector.Service{Store: connections, Vault: vault, Providers: providers}
	resolve := platformbudget.Connected{Connections: connections, Tokens: tokens, State: rows, Rows: rows, Now: time.Now}
	return platformbudget.New(platformbudget.Config{
		MetaGraphURL: orDefault(m.GraphURL, meta.DefaultGraphURL), GoogleAdsURL: orDefault(g.AdsURL, google.DefaultAdsURL),
		LoadDeveloperToken: devToken,
	}, resolve.Resolve)
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return strings.TrimSuffix(v, "/")
}
