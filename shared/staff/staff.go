// Package staff is about the platform's own people: the platform groups
// (not organization roles) that the identity token carries, and the rule
// that a group reaching personal data of any subject is only carried by a
// user who signs in with a second factor.
//
// Cognito cannot require MFA for one group, so the user pool's MFA is
// optional and its pre-token-generation trigger (TokenClaims) leaves such a
// group out of the token of a user without MFA: the API then treats them
// as an ordinary user.
package staff

import (
	"context"
	"log/slog"
	"slices"

	"github.com/aws/aws-lambda-go/events"
)

// PrivacyTeam is the group of the staff who handle privacy requests.
const PrivacyTeam = "privacy-team"

// NeedMFA lists the groups only a user with MFA may carry.
var NeedMFA = []string{PrivacyTeam}

// MFA tells whether a user of a pool signs in with a second factor.
type MFA interface {
	Enabled(ctx context.Context, poolID, username string) (bool, error)
}

// TokenClaims is the user pool's pre-token-generation trigger.
type TokenClaims struct {
	MFA MFA
	Log *slog.Logger
}

// Handle keeps the token's groups, less any group of NeedMFA when the user
// has no MFA. When MFA cannot be looked up, those groups are left out too
// (the user still signs in, with no staff rights): failing closed.
func (t TokenClaims) Handle(ctx context.Context, ev events.CognitoEventUserPoolsPreTokenGen) (events.CognitoEventUserPoolsPreTokenGen, error) {
	groups := ev.Request.GroupConfiguration.GroupsToOverride
	if !slices.ContainsFunc(groups, func(g string) bool { return slices.Contains(NeedMFA, g) }) {
		return ev, nil
	}
	on, err := t.MFA.Enabled(ctx, ev.UserPoolID, ev.UserName)
	if err != nil {
		t.Log.ErrorContext(ctx, "MFA lookup failed: staff groups left out of the token", "trigger", ev.TriggerSource, "error", err.Error())
	}
	if on && err == nil {
		return ev, nil
	}
	kept := slices.DeleteFunc(slices.Clone(groups), func(g string) bool { return slices.Contains(NeedMFA, g) })
	if err == nil {
		t.Log.WarnContext(ctx, "staff groups left out of the token: the user has no MFA", "trigger", ev.TriggerSource, "groups", len(groups)-len(kept))
	}
	if kept == nil {
		kept = []string{} // [] leaves the user in no group; null would change nothing
	}
	ev.Response.ClaimsOverrideDetails.GroupOverrideDetails.GroupsToOverride = kept
	return ev, nil
}
