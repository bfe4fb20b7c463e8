// Command syncschedule runs hourly (EventBridge Scheduler) and queues one
// sync job per active ad-platform connection.
package main

import (
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/metrics/dispatch"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("syncschedule")
	account := b.Table("ACCOUNT_TABLE", retention.Account)
	queueURL := b.Env.Required("SYNC_QUEUE_URL")
	b.Ready()
	connections, err1 := connectordb.New(account)
	orgs, err2 := orgdb.New(account)
	b.Must(err1, err2)

	d := dispatch.Dispatcher{
		Connections: connections,
		Orgs:        orgs,
		Queue:       queue.Sender{SQS: sqs.NewFromConfig(b.AWS), URL: queueURL},
		Log:         b.Log,
		Now:         time.Now,
	}
	lambda.Start(d.Handle)
}
