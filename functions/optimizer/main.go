// Command optimizer runs the campaign optimiser: daily (EventBridge
// Scheduler) it queues one job per organization with an ad connection on
// OptimizeQueue, and each job is one organization's weekly run.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/budget/optimizeenv"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	lambda.Start(optimizeenv.Handler(boot.Start("optimizer")))
}
