// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0).
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("api")
	stage := b.Env.Required("STAGE")
	account, marketing := b.Table(retention.Account), b.Table(retention.Marketing)
	analytics, logs, ephemeral := b.Table(retention.Analytics), b.Table(retention.Logs), b.Table(retention.Ephemeral)
	b.Ready()
	orgs, err1 := orgdb.New(account)
	profiles, err2 := profiledb.New(account, marketing)
	recorder, err3 := activitydb.New(analytics, logs)
	h, err4 := api.New(api.Deps{
		Log: b.Log, Stage: stage, Orgs: orgs, Profiles: profiles, Activity: recorder,
		LoadCursorKey: func(ctx context.Context) ([]byte, error) { return api.LoadCursorKey(ctx, account) },
		Idempotency:   idempotencydb.ForAPI(ephemeral),
	})
	b.Must(err1, err2, err3, err4)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
