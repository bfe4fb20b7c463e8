// Package cognito answers staff.MFA from the Cognito user pool.
package cognito

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/medspa-ai/backend/shared/staff"
)

// API is the part of the Cognito client the lookup uses.
type API interface {
	AdminGetUser(context.Context, *cip.AdminGetUserInput, ...func(*cip.Options)) (*cip.AdminGetUserOutput, error)
}

// MFA looks users up with AdminGetUser.
type MFA struct{ Client API }

var _ staff.MFA = MFA{}

// factors are the second factors the pool enables (template.yaml EnabledMfas).
var factors = []string{"SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"}

// Enabled reports whether the user has a second factor switched on: with
// the pool's MFA optional, such a user cannot sign in without it.
func (m MFA) Enabled(ctx context.Context, poolID, username string) (bool, error) {
	out, err := m.Client.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(username)})
	if err != nil {
		return false, fmt.Errorf("cognito: get user: %w", err)
	}
	return slices.ContainsFunc(out.UserMFASettingList, func(f string) bool { return slices.Contains(factors, f) }), nil
}
