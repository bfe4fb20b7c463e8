// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/secret"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("api")
	stage, files, contentJobs := b.Env.Required("STAGE"), assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET")), b.Queue("CONTENT_QUEUE_URL")
	account, marketing := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("MARKETING_TABLE", retention.Marketing)
	analytics, logs := b.Table("ANALYTICS_TABLE", retention.Analytics), b.Table("LOGS_TABLE", retention.Logs)
	ephemeral := b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	cursorKey := secret.Loader(secretsmanager.NewFromConfig(b.AWS), b.Env.Required("CURSOR_KEY_SECRET_ARN"))
	b.Ready()
	orgs, err1 := orgdb.New(account)
	profiles, err2 := profiledb.New(account, marketing)
	recorder, err3 := activitydb.New(analytics, logs)
	contents, err5 := contentdb.New(account)
	h, err4 := api.New(api.Deps{
		Log: b.Log, Stage: stage, Orgs: orgs, Profiles: profiles, Activity: recorder,
		LoadCursorKey: cursorKey, Idempotency: idempotencydb.ForAPI(ephemeral), Content: contents, ContentJobs: contentJobs.SendOne, AssetURL: files.URL})
	b.Must(err1, err2, err3, err4, err5)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
