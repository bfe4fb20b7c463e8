package cognito_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/staff/cognito"
)

// TestMFAEnabled asks moto's Cognito about a user without and then with a
// second factor, and about a user who does not exist.
func TestMFAEnabled(t *testing.T) {
	ctx := context.Background()
	client := cip.NewFromConfig(testenv.Config(t))
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String(testenv.Unique("pool")), MfaConfiguration: types.UserPoolMfaTypeOptional})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	user := testenv.Unique("staff") + "@medspa.example"
	if _, err := client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String(user),
		UserAttributes: []types.AttributeType{{Name: aws.String("phone_number"), Value: aws.String("+15555550100")}}}); err != nil {
		// The pool is new and the name unique: an existing user is the
		// SDK's retry of a create moto had done (it drops connections under
		// load), not a clash.
		var exists *types.UsernameExistsException
		if !errors.As(err, &exists) {
			t.Fatal(err)
		}
	}
	m := cognito.MFA{Client: client}
	if on, err := m.Enabled(ctx, poolID, user); err != nil || on {
		t.Fatalf("before MFA: %v, %v; want false", on, err)
	}
	if _, err := client.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: aws.String(poolID), Username: aws.String(user),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	if on, err := m.Enabled(ctx, poolID, user); err != nil || !on {
		t.Fatalf("after MFA: %v, %v; want true", on, err)
	}
	if _, err := m.Enabled(ctx, poolID, "nobody@medspa.example"); err == nil {
		t.Fatal("an unknown user is not an error")
	}
}
