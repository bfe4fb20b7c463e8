// Command privacy consumes PrivacyQueue: one message is one approved
// privacy request to carry out or resume (its state lives in the privacy
// table, so a redelivery resumes at the first step not done).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
)

func main() {
	b := boot.Start("privacy")
	lambda.Start(boot.QueueWorker(b, privacyenv.Worker(b)))
}
