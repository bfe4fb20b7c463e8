// Command api is the public HTTP API behind API Gateway (HTTP API, JWT authorizer, payload 2.0).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing/billingenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("api")
	stage, e, files, contentJobs, bills := b.Env.Required("STAGE"), b.Env.Optional, assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET")), b.Queue("CONTENT_QUEUE_URL"), billingenv.API(b)
	account, marketing, ephemeral := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("MARKETING_TABLE", retention.Marketing), b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	analytics, logs, cursorKey := b.Table("ANALYTICS_TABLE", retention.Analytics), b.Table("LOGS_TABLE", retention.Logs), b.Secret("CURSOR_KEY_SECRET_ARN")
	vault, revokers := connector.NewVault(b.Sealer("TOKEN_KEY_ID")), connector.StaticProviders(meta.New(meta.Config{GraphURL: e("META_GRAPH_URL", "")}), google.New(google.Config{RevokeURL: e("GOOGLE_REVOKE_URL", "")}))
	b.Ready()
	orgs, err1 := orgdb.New(account, connectordb.Decode)
	profiles, err2 := profiledb.New(account, marketing)
	recorder, err3 := activitydb.New(analytics, logs)
	conns, states, err4 := connectordb.Open(account, ephemeral)
	contents, err5 := contentdb.New(account)
	h, err6 := api.New(api.Deps{Log: b.Log, Stage: stage, Orgs: orgs, Profiles: profiles, Activity: recorder, LoadCursorKey: cursorKey, Idempotency: idempotencydb.ForAPI(ephemeral), Connector: connector.Service{Store: conns, Vault: vault, Providers: revokers}, OAuthStates: states, Content: contents, ContentJobs: contentJobs.SendOne, AssetURL: files.URL, Billing: bills})
	b.Must(err1, err2, err3, err4, err5, err6)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
