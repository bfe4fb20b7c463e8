// Command retentionsweep runs daily (EventBridge Scheduler) and deletes every
// item past its expiresAt, the backstop for DynamoDB's late TTL deletes.
package main

import (
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/dynamo"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/sweep"
)

func main() {
	log := boot.Logger("retentionsweep")
	env := config.FromOS()
	db := dynamodb.NewFromConfig(boot.AWS(log))
	sched := boot.Schedule(env)
	tables := []*dynamo.Table{
		boot.Table(env, db, "ACCOUNT_TABLE", retention.Account, sched),
		boot.Table(env, db, "ANALYTICS_TABLE", retention.Analytics, sched),
		boot.Table(env, db, "LOGS_TABLE", retention.Logs, sched),
		boot.Table(env, db, "MARKETING_TABLE", retention.Marketing, sched),
		boot.Table(env, db, "BILLING_TABLE", retention.Billing, sched),
		boot.Table(env, db, "PRIVACY_TABLE", retention.Privacy, sched),
		boot.Table(env, db, "EPHEMERAL_TABLE", retention.Ephemeral, sched),
	}
	boot.Must(log, env.Err())
	orgs, err := orgdb.New(tables[0])
	boot.Must(log, err)
	profiles, err := profiledb.New(tables[0], tables[3])
	boot.Must(log, err)

	s := sweep.Sweeper{Tables: tables, Cancelled: orgs, Profiles: profiledb.Clock{Profiles: profiles, Members: orgs},
		Audit: audit.Log{Table: tables[5]}, Log: log, Now: time.Now}
	lambda.Start(s.Handle)
}
