// Command publisher consumes PublishQueue: one message is one approved
// campaign draft to publish, or to resume publishing at the step that
// failed. The draft's steps in the account table make redeliveries safe,
// so jobs are not claimed in the idempotency table.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/campaign/publishenv"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
)

func main() {
	b := boot.Start("publisher")
	p := publishenv.Publisher(b)
	lambda.Start(sqsbatch.Handler(b.Log, p.Handle))
}
