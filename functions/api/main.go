// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0).
package main

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
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
	cfg := boot.AWS(log)
	db := dynamodb.NewFromConfig(cfg)
	account := boot.Table(env, db, "ACCOUNT_TABLE", retention.Account, sched)
	analytics := boot.Table(env, db, "ANALYTICS_TABLE", retention.Analytics, sched)
	logs := boot.Table(env, db, "LOGS_TABLE", retention.Logs, sched)
	marketing := boot.Table(env, db, "MARKETING_TABLE", retention.Marketing, sched)
	ephemeral := boot.Table(env, db, "EPHEMERAL_TABLE", retention.Ephemeral, sched)
	cursorSecret := env.Required("CURSOR_KEY_SECRET_ARN")
	boot.Must(log, env.Err())
	secrets := secretsmanager.NewFromConfig(cfg)

	orgs, err1 := orgdb.New(account)
	profiles, err2 := profiledb.New(account, marketing)
	recorder, err3 := activity.New(analytics, logs)
	boot.Must(log, err1, err2, err3)

	h, err := api.New(api.Deps{
		Log: log, Stage: stage, Orgs: orgs, Profiles: profiles, Activity: recorder,
		// The cursor key is a secret only this function may read, fetched
		// on the first list request of a container and kept.
		LoadCursorKey: func(ctx context.Context) ([]byte, error) {
			out, err := secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(cursorSecret)})
			if err != nil {
				return nil, err
			}
			return []byte(aws.ToString(out.SecretString)), nil
		},
		Idempotency: idempotency.New(ephemeral, 24*time.Hour, time.Minute),
	})
	boot.Must(log, err)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
