// Command tokenclaims is the user pool's pre-token-generation trigger: a
// platform group that reaches personal data (privacy-team) stays out of
// the token of a user who does not sign in with MFA.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/staff"
	"github.com/medspa-ai/backend/shared/staff/cognito"
)

func main() {
	b := boot.Start("tokenclaims")
	b.Ready()
	t := staff.TokenClaims{MFA: cognito.MFA{Client: cip.NewFromConfig(b.AWS)}, Log: b.Log}
	lambda.Start(t.Handle)
}
