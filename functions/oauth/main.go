// Command oauth serves the ad platforms' OAuth redirects (/oauth/...),
// routed by API Gateway without the JWT authorizer.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/oauth"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("oauth")
	ephemeral := b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	b.Ready()
	states, err := connectordb.NewStates(ephemeral)
	b.Must(err)

	lambda.Start(httpadapter.NewV2(oauth.New(oauth.Handler{States: states, Log: b.Log})).ProxyWithContext)
}
