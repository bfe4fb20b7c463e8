// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
)

func main() {
	log := boot.Logger("api")
	env := config.FromOS()
	stage := env.Required("STAGE")
	boot.Must(log, env.Err())

	lambda.Start(httpadapter.NewV2(api.New(api.Deps{Log: log, Stage: stage})).ProxyWithContext)
}
