// Command contentgen consumes ContentQueue: one message is one content
// request (ad copy, image or video) to fulfil.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	b := boot.Start("contentgen")
	lambda.Start(boot.QueueWorker(b, func(ctx context.Context, job jobs.Content) error {
		b.Log.InfoContext(ctx, "content job accepted", "orgId", job.OrgID, "requestId", job.RequestID, "kind", job.Kind)
		return nil
	}))
}
