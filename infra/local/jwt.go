package local

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/staff"
)

// The local development identity provider. The template's JWT authorizer is
// pointed at it (parameters JwtIssuer and JwtAudience), and the gateway
// verifies tokens the way API Gateway does: RS256 signature, issuer,
// audience, expiry.
const (
	Issuer   = "https://local.medspa.dev/issuer"
	Audience = "medspa-local"
	// PrivacyTeam is the platform group of the privacy team.
	PrivacyTeam = staff.PrivacyTeam
)

// Issuer signs and verifies development tokens with a key kept in
// .local/dev/jwt-key.pem, so tokens survive restarts of the stack.
type TokenIssuer struct {
	key *rsa.PrivateKey
	kid string
}

// LoadIssuer reads the key under dir, creating it on first use.
func LoadIssuer(dir string) (*TokenIssuer, error) {
	path := filepath.Join(dir, "jwt-key.pem")
	if b, err := os.ReadFile(path); err == nil {
		blk, _ := pem.Decode(b)
		if blk == nil {
			return nil, fmt.Errorf("%s is not a PEM key; delete it to make a new one", path)
		}
		k, err := x509.ParsePKCS1PrivateKey(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return newIssuer(k), nil
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, err
	}
	return newIssuer(k), nil
}

func newIssuer(k *rsa.PrivateKey) *TokenIssuer {
	sum := sha256.Sum256(k.PublicKey.N.Bytes())
	return &TokenIssuer{key: k, kid: base64.RawURLEncoding.EncodeToString(sum[:8])}
}

// Identity is who a development token speaks for.
type Identity struct {
	Subject string
	Email   string
	Groups  []string
}

// Token signs an ID token like Cognito's for id, valid for ttl.
func (i *TokenIssuer) Token(id Identity, ttl time.Duration) (string, error) {
	if id.Subject == "" {
		return "", errors.New("token: a subject (user ID) is required")
	}
	now := time.Now()
	claims := map[string]any{
		"iss": Issuer, "aud": Audience, "sub": id.Subject, "token_use": "id",
		"iat": now.Unix(), "auth_time": now.Unix(), "exp": now.Add(ttl).Unix(),
	}
	if id.Email != "" {
		claims["email"], claims["email_verified"] = id.Email, true
	}
	if len(id.Groups) > 0 {
		claims["cognito:groups"] = id.Groups
	}
	return i.sign(claims)
}

// sign makes a token of claims with the issuer's key, whatever they hold.
func (i *TokenIssuer) sign(claims map[string]any) (string, error) {
	head, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": i.kid})
	body, _ := json.Marshal(claims)
	signing := b64(head) + "." + b64(body)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, i.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signing + "." + b64(sig), nil
}

// Verify checks a bearer token as API Gateway's JWT authorizer does and
// returns its claims.
func (i *TokenIssuer) Verify(token string, now time.Time) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWT")
	}
	var head struct{ Alg, Kid string }
	if err := decodeSegment(parts[0], &head); err != nil {
		return nil, err
	}
	if head.Alg != "RS256" || head.Kid != i.kid {
		return nil, errors.New("unknown signing key or algorithm")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errors.New("bad signature encoding")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(&i.key.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
		return nil, errors.New("bad signature")
	}
	var claims map[string]any
	if err := decodeSegment(parts[1], &claims); err != nil {
		return nil, err
	}
	if claims["iss"] != Issuer {
		return nil, errors.New("wrong issuer")
	}
	if !audienceOK(claims) {
		return nil, errors.New("wrong audience")
	}
	exp, ok := claims["exp"].(float64)
	if !ok || int64(exp) <= now.Unix() {
		return nil, errors.New("token expired")
	}
	if nbf, ok := claims["nbf"].(float64); ok && int64(nbf) > now.Unix() {
		return nil, errors.New("token not yet valid")
	}
	if iat, ok := claims["iat"].(float64); ok && int64(iat) > now.Unix() {
		return nil, errors.New("token issued in the future")
	}
	return claims, nil
}

// audienceOK applies API Gateway's rule: aud (a string or an array) must
// hold the configured audience; client_id is checked only when the token
// has no aud (Cognito access tokens), never as a fallback for another
// application's aud.
func audienceOK(claims map[string]any) bool {
	aud, ok := claims["aud"]
	if !ok {
		return claims["client_id"] == Audience
	}
	switch a := aud.(type) {
	case string:
		return a == Audience
	case []any:
		for _, v := range a {
			if v == Audience {
				return true
			}
		}
	}
	return false
}

func decodeSegment(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return errors.New("bad token encoding")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errors.New("bad token JSON")
	}
	return nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// ClaimStrings renders claims as API Gateway puts them into
// requestContext.authorizer.jwt.claims: every value a string, arrays as
// "[a b]", numbers without exponent.
func ClaimStrings(claims map[string]any) map[string]string {
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		switch x := v.(type) {
		case string:
			out[k] = x
		case float64:
			out[k] = strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
		case bool:
			out[k] = fmt.Sprint(x)
		case []any:
			items := make([]string, len(x))
			for i, it := range x {
				items[i] = fmt.Sprint(it)
			}
			out[k] = "[" + strings.Join(items, " ") + "]"
		default:
			b, _ := json.Marshal(x)
			out[k] = string(b)
		}
	}
	return out
}
