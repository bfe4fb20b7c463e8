// Command contentgen consumes ContentQueue: one message is one content
// request (ad copy, image or video) to fulfil with the configured model
// provider (MODEL_PROVIDER: bedrock, or local, the default), checked by the
// ad rules, stored in the account table with its files in S3.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/bedrock"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("contentgen")
	files := assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	store, err := contentdb.New(b.Table("ACCOUNT_TABLE", retention.Account))
	var provider content.Provider = localgen.Generator{}
	var perr error
	if b.Env.Optional("MODEL_PROVIDER", localgen.Name) == bedrock.Name {
		provider, perr = bedrock.New(b.AWS, bedrock.Config{CopyModel: b.Env.Required("BEDROCK_COPY_MODEL_ID"), ImageModel: b.Env.Optional("BEDROCK_IMAGE_MODEL_ID", ""),
			InputMicrosPer1K: int64(b.Env.Int("BEDROCK_INPUT_MICROS_PER_1K", 0, 0)), OutputMicrosPer1K: int64(b.Env.Int("BEDROCK_OUTPUT_MICROS_PER_1K", 0, 0)),
			ImageMicros: int64(b.Env.Int("BEDROCK_IMAGE_MICROS", 0, 0))})
	}
	b.Must(err, perr)
	g := &content.Generator{Store: store, Provider: provider, Assets: files}
	lambda.Start(boot.QueueWorker(b, g.Job))
}
