// Command privacy consumes PrivacyQueue: one message is one approved
// privacy request to carry out or resume (its state lives in the privacy
// table, so a redelivery resumes at the first step not done), or one
// notice of a request to email. Daily (EventBridge Scheduler) it closes
// requests left unverified, resends notices left unsent and emails the
// privacy team's summary.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
)

func main() {
	lambda.Start(privacyenv.Handler(boot.Start("privacy")))
}
