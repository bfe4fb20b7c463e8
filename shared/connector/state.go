package connector

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// StateTTL is how long an OAuth state lives: the member has this long to
// consent.
const StateTTL = 10 * time.Minute

// State is a single-use OAuth state, bound to the member who started the
// connection, the organization, the platform and (once the browser passes
// through /oauth/{provider}/start) that browser.
type State struct {
	Value    string
	Platform Platform
	OrgID    string
	UserID   string
	Scopes   []string
	// Verifier is the PKCE code verifier (Google), kept server-side.
	Verifier string
	// Binding is the SHA-256 of the browser's binding cookie, set once.
	Binding   string
	ExpiresAt time.Time
}

// States holds OAuth states: created when a member starts a connection,
// bound to their browser once, consumed once by the platform's redirect.
type States interface {
	Create(ctx context.Context, s State) error
	// Bind sets the binding of a live, unbound state made for p; ok is
	// false for an unknown, expired, bound or other-platform state.
	Bind(ctx context.Context, state string, p Platform, binding string) (s State, ok bool, err error)
	// Consume deletes the state if it exists, is live and was made for p;
	// ok is false for an unknown, expired, used or other-platform state.
	Consume(ctx context.Context, state string, p Platform) (s State, ok bool, err error)
}

// Scopes are the minimum OAuth scopes for p: read-only unless the
// organization enabled an automation that changes campaigns.
func Scopes(p Platform, write bool) []string {
	switch p {
	case Meta:
		if write {
			return []string{"ads_read", "read_insights", "ads_management"}
		}
		return []string{"ads_read", "read_insights"}
	case Google:
		// Google Ads has one scope for reading and changing.
		return []string{"https://www.googleapis.com/auth/adwords"}
	}
	return nil
}

// UsesPKCE reports whether p's flow carries a PKCE verifier (S256).
func (p Platform) UsesPKCE() bool { return p == Google }

// NewState makes a random state (256 bits) for the member's connection.
func NewState(p Platform, orgID, userID string, write bool, now time.Time) State {
	s := State{Value: random(), Platform: p, OrgID: orgID, UserID: userID, Scopes: Scopes(p, write), ExpiresAt: now.Add(StateTTL)}
	if p.UsesPKCE() {
		s.Verifier = random()
	}
	return s
}

// Challenge is the PKCE S256 challenge of the verifier, or empty.
func (s State) Challenge() string {
	if s.Verifier == "" {
		return ""
	}
	h := sha256.Sum256([]byte(s.Verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// NewBinding returns a browser nonce (for the cookie) and its hash (for
// the state).
func NewBinding() (nonce, hash string) {
	nonce = random()
	return nonce, BindingHash(nonce)
}

// BindingHash is the stored form of a binding nonce.
func BindingHash(nonce string) string {
	h := sha256.Sum256([]byte("oauth-binding\x00" + nonce))
	return hex.EncodeToString(h[:])
}

// BoundTo reports whether the browser presenting nonce is the one the
// state was bound to.
func (s State) BoundTo(nonce string) bool {
	return s.Binding != "" && nonce != "" && subtle.ConstantTimeCompare([]byte(s.Binding), []byte(BindingHash(nonce))) == 1
}

func random() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
