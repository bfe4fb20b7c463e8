// Command oauth serves the ad platforms' OAuth redirects (/oauth/...),
// routed by API Gateway without the JWT authorizer.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/oauth"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	log := boot.Logger("oauth")
	env := config.FromOS()
	states := boot.Table(env, dynamodb.NewFromConfig(boot.AWS(log)), "EPHEMERAL_TABLE", retention.Ephemeral, retention.Default)
	boot.Must(log, env.Err())

	lambda.Start(httpadapter.NewV2(oauth.New(oauth.Handler{States: states, Log: log})).ProxyWithContext)
}
