package local

import (
	"testing"
	"time"
)

// signed signs claims with the issuer's key, as a token from the identity
// provider with arbitrary contents.
func signed(t *testing.T, i *TokenIssuer, claims map[string]any) string {
	t.Helper()
	tok, err := i.sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestVerifyClaimsAsAPIGateway checks the claims API Gateway's JWT
// authorizer checks: aud (a string or an array) must hold the configured
// audience, and client_id is only consulted when there is no aud; exp is
// required; nbf and iat must not be in the future.
func TestVerifyClaimsAsAPIGateway(t *testing.T) {
	iss, err := LoadIssuer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	base := func(extra map[string]any) map[string]any {
		c := map[string]any{"iss": Issuer, "sub": "u1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		for k, v := range extra {
			if v == nil {
				delete(c, k)
				continue
			}
			c[k] = v
		}
		return c
	}
	cases := []struct {
		name   string
		claims map[string]any
		ok     bool
	}{
		{"aud string", base(map[string]any{"aud": Audience}), true},
		{"aud array holding the audience", base(map[string]any{"aud": []string{"other-app", Audience}}), true},
		{"aud array without the audience", base(map[string]any{"aud": []string{"other-app"}}), false},
		{"access token: client_id, no aud", base(map[string]any{"client_id": Audience}), true},
		{"another app's aud with our client_id", base(map[string]any{"aud": "other-app", "client_id": Audience}), false},
		{"neither aud nor client_id", base(nil), false},
		{"no exp", base(map[string]any{"aud": Audience, "exp": nil}), false},
		{"issued in the future", base(map[string]any{"aud": Audience, "iat": now.Add(time.Hour).Unix()}), false},
		{"not yet valid", base(map[string]any{"aud": Audience, "nbf": now.Add(time.Hour).Unix()}), false},
		{"wrong issuer", base(map[string]any{"aud": Audience, "iss": Issuer + "/other"}), false},
	}
	for _, tc := range cases {
		_, err := iss.Verify(signed(t, iss, tc.claims), now)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
