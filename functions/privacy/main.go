// Command privacy consumes PrivacyQueue: one message is one approved
// privacy request to carry out or resume.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	b := boot.Start("privacy")
	lambda.Start(boot.QueueWorker(b, func(ctx context.Context, job jobs.Privacy) error {
		b.Log.InfoContext(ctx, "privacy job accepted", "requestId", job.RequestID, "type", job.Type)
		return nil
	}))
}
