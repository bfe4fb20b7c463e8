// Command syncworker consumes SyncQueue: one message is one connection's
// metric sync for one dispatch slot.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	b := boot.Start("syncworker")
	lambda.Start(boot.QueueWorker(b, func(ctx context.Context, job jobs.Sync) error {
		b.Log.InfoContext(ctx, "sync job accepted", "orgId", job.OrgID, "connectionId", job.ConnectionID, "platform", job.Platform, "slot", job.Slot)
		return nil
	}))
}
