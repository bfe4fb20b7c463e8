// Package apienv wires the public API from the api function's environment:
// every table, queue, secret and key it reads, and the stores built on
// them. It lives apart from functions/api so that main only starts the
// function, and so each capability that joins the API adds its wiring here,
// one line beside the others.
package apienv

import (
	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing/billingenv"
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
	}
	vault := connector.NewVault(b.Sealer("TOKEN_KEY_ID"))
	revokers := connector.StaticProviders(
		meta.New(meta.Config{GraphURL: e("META_GRAPH_URL", "")}),
		google.New(google.Config{RevokeURL: e("GOOGLE_REVOKE_URL", "")}),
	)
	b.Ready()

	var errs [5]error
	d.Orgs, errs[0] = orgdb.New(account, connectordb.Decode)
	d.Profiles, errs[1] = profiledb.New(account, marketing)
	d.Activity, errs[2] = activitydb.New(analytics, logs)
	conns, states, err := connectordb.Open(account, ephemeral)
	errs[3] = err
	d.Connector = connector.Service{Store: conns, Vault: vault, Providers: revokers}
	d.OAuthStates = states
	d.Content, errs[4] = contentdb.New(account)
	mstore, merr := metricsdb.New(analytics)
	d.Metrics = mstore
	b.Must(append(errs[:], merr)...)
	return api.New(d)
}
