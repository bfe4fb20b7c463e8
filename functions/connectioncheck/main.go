// Command connectioncheck runs daily (EventBridge Scheduler) and checks
// every synced ad-platform connection: Google access tokens refreshed
// ahead of expiry, refused or expired tokens marked needs_reauth, Meta
// tokens within 7 days of expiry flagged expiring with one email to the
// organization's owners and admins.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/connector/connectorenv"
	"github.com/medspa-ai/backend/shared/platform/boot"
)

func main() {
	lambda.Start(connectorenv.Handler(boot.Start("connectioncheck")))
}
