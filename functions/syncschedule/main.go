// Command syncschedule runs hourly (EventBridge Scheduler) and queues one
// sync job per active ad-platform connection.
package main

import (
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/connection"
	"github.com/medspa-ai/backend/shared/queue"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/syncdispatch"
)

func main() {
	log := boot.Logger("syncschedule")
	env := config.FromOS()
	cfg := boot.AWS(log)
	accounts := boot.Table(env, dynamodb.NewFromConfig(cfg), "ACCOUNT_TABLE", retention.Account, retention.Default)
	queueURL := env.Required("SYNC_QUEUE_URL")
	boot.Must(log, env.Err())

	d := syncdispatch.Dispatcher{
		Connections: connection.Store{Table: accounts},
		Queue:       queue.Sender{SQS: sqs.NewFromConfig(cfg), URL: queueURL},
		Log:         log,
		Now:         time.Now,
	}
	lambda.Start(d.Handle)
}
