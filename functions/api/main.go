// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0).
package main

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/idempotency"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	log := boot.Logger("api")
	env := config.FromOS()
	stage := env.Required("STAGE")
	sched := boot.Schedule(env)
	db := dynamodb.NewFromConfig(boot.AWS(log))
	account := boot.Table(env, db, "ACCOUNT_TABLE", retention.Account, sched)
	analytics := boot.Table(env, db, "ANALYTICS_TABLE", retention.Analytics, sched)
	logs := boot.Table(env, db, "LOGS_TABLE", retention.Logs, sched)
	marketing := boot.Table(env, db, "MARKETING_TABLE", retention.Marketing, sched)
	ephemeral := boot.Table(env, db, "EPHEMERAL_TABLE", retention.Ephemeral, sched)
	boot.Must(log, env.Err())

	orgs, err1 := orgdb.New(account)
	profiles, err2 := profiledb.New(account, marketing)
	recorder, err3 := activity.New(analytics, logs)
	boot.Must(log, err1, err2, err3)

	h, err := api.New(api.Deps{
		Log: log, Stage: stage, Orgs: orgs, Profiles: profiles, Activity: recorder,
		LoadCursorKey: func(ctx context.Context) ([]byte, error) { return api.LoadCursorKey(ctx, account) },
		Idempotency:   idempotency.New(ephemeral, 24*time.Hour, time.Minute),
	})
	boot.Must(log, err)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
