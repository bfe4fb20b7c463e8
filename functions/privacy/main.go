// Command privacy consumes PrivacyQueue: one message is one approved
// privacy request to carry out or resume.
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
	log := boot.Logger("privacy")
	env := config.FromOS()
	db := dynamodb.NewFromConfig(boot.AWS(log))
	ephemeral := boot.Table(env, db, "EPHEMERAL_TABLE", retention.Ephemeral, retention.Default)
	boot.Must(log, env.Err())

	accept := func(ctx context.Context, job jobs.Privacy) error {
		log.InfoContext(ctx, "privacy job accepted", "requestId", job.RequestID, "type", job.Type)
		return nil
	}
	lambda.Start(sqsbatch.Handler(log, worker.Once(worker.NewStore(ephemeral), log, accept)))
}
