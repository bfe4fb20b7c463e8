// Command contentgen consumes ContentQueue: one message is one content
// request (ad copy, image or video) to fulfil with the configured model
// provider, checked by the ad rules, stored in the account table with its
// files in S3. Asynchronous video renders are waited for with delayed
// messages on the same queue. Its wiring is in shared/content/contentenv.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/content/contentenv"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	b := boot.Start("contentgen")
	g := contentenv.Generator(b)
	lambda.Start(boot.QueueWorker(b, g.Job))
}
