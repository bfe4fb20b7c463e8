// Package apienv wires the public API from the api function's environment:
// every table, queue, secret and key it reads, and the stores built on
// them. It lives apart from functions/api so that main only starts the
// function, and so each capability that joins the API adds its wiring here,
// one line beside the others.
package apienv

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/report"
	"github.com/medspa-ai/backend/shared/retention/report/reportdb"

	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing/billingenv"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/campaign/campaigndb"
	"github.com/medspa-ai/backend/shared/campaign/uploads"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/privacy/privacyapi"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// Server reads the configuration, stops the cold start if any of it is
// missing or invalid (b.Ready), then builds the stores and the API.
func Server(b *boot.Boot) (*api.Server, error) {
	e := b.Env.Optional
	account := b.Table("ACCOUNT_TABLE", retention.Account)
	marketing := b.Table("MARKETING_TABLE", retention.Marketing)
	ephemeral := b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	analytics := b.Table("ANALYTICS_TABLE", retention.Analytics)
	logs := b.Table("LOGS_TABLE", retention.Logs)
	d := api.Deps{
		Log:           b.Log,
		Stage:         b.Env.Required("STAGE"),
		LoadCursorKey: b.Secret("CURSOR_KEY_SECRET_ARN"),
		Idempotency:   idempotencydb.ForAPI(ephemeral),
		ContentJobs:   b.Queue("CONTENT_QUEUE_URL").SendOne,
		AssetURL:      assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET")).URL,
		Billing:       billingenv.API(b),
		Campaigns:     api.Campaigns{Files: uploads.New(b.AWS, b.Env.Required("ASSETS_BUCKET")), Jobs: b.Queue("PUBLISH_QUEUE_URL").SendOne},
		OptimizeJobs:  b.Queue("OPTIMIZE_QUEUE_URL").SendOne,
		Privacy:       privacyapi.API(b),
		Policy:        api.PolicyVersion{Version: b.Env.Required("POLICY_VERSION"), EffectiveDate: b.Env.Required("POLICY_EFFECTIVE_DATE")},
	}
	unsubscribeKey := b.Secret("UNSUBSCRIBE_KEY_SECRET_ARN")
	d.Retention = retentionReport(b, account, analytics, logs, marketing, ephemeral)
	vault := connector.NewVault(b.Sealer("TOKEN_KEY_ID"))
	revokers := connector.StaticProviders(
		meta.New(meta.Config{GraphURL: e("META_GRAPH_URL", "")}),
		google.New(google.Config{RevokeURL: e("GOOGLE_REVOKE_URL", "")}),
	)
	b.Ready()

	var errs [8]error
	d.Orgs, errs[0] = orgdb.New(account, connectordb.Decode)
	profiles, perr := profiledb.New(account, marketing)
	d.Profiles, errs[1] = profiles, perr
	d.Unsubscribe = api.Unsubscribe{Store: profiles, LoadKey: unsubscribeKey}
	d.Activity, errs[2] = activitydb.New(analytics, logs)
	conns, states, err := connectordb.Open(account, ephemeral)
	errs[3] = err
	d.Connector = connector.Service{Store: conns, Vault: vault, Providers: revokers}
	d.OAuthStates = states
	d.Content, errs[4] = contentdb.New(account)
	d.Recommendations, errs[5] = budgetdb.New(analytics)
	d.Campaigns.Store, errs[6] = campaigndb.New(account)
	d.Holds, errs[7] = holdsAPI(account, b.Table("PRIVACY_TABLE", retention.Privacy))
	mstore, merr := metricsdb.New(analytics)
	d.Metrics = mstore
	b.Must(append(errs[:], merr)...)
	return api.New(d)
}

// holdsAPI is the privacy team's legal holds: recorded in the account
// table, audited in the privacy table. The API places and releases; the
// daily sweep carries out their effect on the data.
func holdsAPI(account, privacy *dynamo.Table) (holds.Service, error) {
	store, trail, err := holdsAndTrail(account, privacy)
	if err != nil {
		return holds.Service{}, err
	}
	return holds.Service{Store: store, Now: time.Now, NewID: func() string { return ids.New("hold") },
		Audit: func(ctx context.Context, id, kind, actor string, at time.Time, d map[string]string) error {
			return trail.Record(ctx, audit.Entry{ID: id, Kind: kind, Actor: actor, At: at, Detail: d})
		}}, nil
}

// holdsAndTrail are the legal holds (account table) and the audit trail
// (privacy table): the holds routes write both, the retention report reads
// both.
func holdsAndTrail(account, privacy *dynamo.Table) (*holdsdb.Store, auditdb.Log, error) {
	held, err := holdsdb.New(account)
	if err != nil {
		return nil, auditdb.Log{}, err
	}
	trail, err := auditdb.New(privacy)
	return held, trail, err
}

// retentionReport reads the retention report from every table's expiry
// index, the sweep's checkpoints and tallies (privacy table) and the holds.
func retentionReport(b *boot.Boot, account, analytics, logs, marketing, ephemeral *dynamo.Table) func(context.Context, time.Time) (report.Report, error) {
	privacy := b.Table("PRIVACY_TABLE", retention.Privacy)
	billing := b.Table("BILLING_TABLE", retention.Billing)
	describe := dynamodb.NewFromConfig(b.AWS)
	return func(ctx context.Context, now time.Time) (report.Report, error) {
		held, trail, err := holdsAndTrail(account, privacy)
		if err != nil {
			return report.Report{}, err
		}
		src := reportdb.Source{Tables: []*dynamo.Table{account, analytics, logs, marketing, billing, privacy, ephemeral},
			Describe: describe, Checkpoints: reportdb.SweepCheckpoints{Table: privacy}, Held: held, Tallies: trail}
		return report.Build(ctx, src, privacy.Schedule, now)
	}
}
