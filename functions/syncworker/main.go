// Command syncworker consumes SyncQueue: one message is one connection's
// metric sync for one dispatch slot (or the continuation of one).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/metrics/syncenv"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	lambda.Start(syncenv.Worker(boot.Start("syncworker")))
}
