// Command contentgen consumes ContentQueue: one message is one content
// request (ad copy, image or video) to fulfil with the configured model
// provider (MODEL_PROVIDER: bedrock, or local, the default), checked by the
// ad rules, stored in the account table with its files in S3.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("contentgen")
	files := assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	store, err := contentdb.New(b.Table("ACCOUNT_TABLE", retention.Account))
	b.Must(err)
	g := &content.Generator{Store: store, Provider: localgen.Generator{}, Assets: files}
	lambda.Start(boot.QueueWorker(b, g.Job))
}
