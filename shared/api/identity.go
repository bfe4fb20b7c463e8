package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/staff"
)

// PrivacyTeam is the platform group (a JWT group claim, not an org role) of
// the staff who handle privacy requests; the token carries it only for
// members who sign in with MFA (shared/staff).
const PrivacyTeam = staff.PrivacyTeam

// Principal is the signed-in caller, as API Gateway's JWT authorizer
// verified them. This file is the one place claims are read.
type Principal struct {
	// Sub is the identity provider's subject; UserID is ours (ids.UserID).
	Sub           string
	UserID        string
	Email         string
	EmailVerified bool
	Groups        []string
}

// InGroup reports whether p belongs to the platform group g.
func (p Principal) InGroup(g string) bool { return slices.Contains(p.Groups, g) }

// principalFrom reads the claims API Gateway put in the payload 2.0 request
// context. There is no other source: a header or query parameter naming a
// user is never trusted, so a request that did not pass the authorizer has
// no identity.
func principalFrom(r *http.Request) (Principal, bool) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return Principal{}, false
	}
	c := rc.Authorizer.JWT.Claims
	sub := strings.TrimSpace(c["sub"])
	if sub == "" || len(sub) > 255 {
		return Principal{}, false
	}
	p := Principal{Sub: sub, UserID: ids.UserID(sub), Email: ids.NormalizeEmail(c["email"]), EmailVerified: c["email_verified"] == "true"}
	p.Groups = append(parseGroups(c["cognito:groups"]), parseGroups(c["groups"])...)
	return p, true
}

// parseGroups reads a group claim as API Gateway renders an array claim:
// "[privacy-team admin]"; a JSON array or a comma list is accepted too.
func parseGroups(v string) []string {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' }) {
		if g := strings.Trim(f, `"'`); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// requestIDFrom is API Gateway's request ID, quoted to support by users.
func requestIDFrom(r *http.Request) string {
	if rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context()); ok && rc.RequestID != "" {
		return rc.RequestID
	}
	return ""
}
