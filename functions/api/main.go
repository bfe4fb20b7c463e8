// Command api is the public HTTP API behind API Gateway (HTTP API, JWT
// authorizer, payload 2.0). Its wiring is in shared/api/apienv.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/api/apienv"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	b := boot.Start("api")
	h, err := apienv.Server(b)
	b.Must(err)
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
