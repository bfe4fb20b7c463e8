// Command syncworker consumes SyncQueue: one message is one connection's
// metric sync for one dispatch slot.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/sqsbatch"
	"github.com/medspa-ai/backend/shared/worker"
)

func main() {
	log := boot.Logger("syncworker")
	env := config.FromOS()
	db := dynamodb.NewFromConfig(boot.AWS(log))
	ephemeral := boot.Table(env, db, "EPHEMERAL_TABLE", retention.Ephemeral, retention.Default)
	boot.Must(log, env.Err())

	accept := func(ctx context.Context, job jobs.Sync) error {
		log.InfoContext(ctx, "sync job accepted", "orgId", job.OrgID, "connectionId", job.ConnectionID, "platform", job.Platform, "slot", job.Slot)
		return nil
	}
	lambda.Start(sqsbatch.Handler(log, worker.Once(worker.NewStore(ephemeral), log, accept)))
}
