// Package marketing decides, at send time, whether a marketing email may
// go to a person, and makes the one-click unsubscribe link (RFC 8058) that
// every such email carries.
//
// Subscriptions are the profile's topics (product_updates, marketing,
// reports), each a consent record kept until the person unsubscribes
// (profiledb). An unsubscribe token names the person, the topic and the
// consent record it was made for, signed with a key from Secrets Manager:
// it cannot be forged, used for another person or topic, or replayed to end
// a consent given after it was sent.
package marketing

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/profile"
)

// Store is what the gate and the unsubscribe route need of the profiles.
type Store interface {
	Get(ctx context.Context, userID string) (profile.Profile, bool, error)
	// Unsubscribe ends userID's consent record consentID for t, if it is
	// the live one; ended is false when it was already ended or replaced.
	Unsubscribe(ctx context.Context, userID string, t profile.Topic, consentID string, at time.Time) (ended bool, err error)
}

// Suppressions is the privacy suppression list (hashed addresses whose
// opt-outs outlive an erasure).
type Suppressions interface {
	Suppressed(ctx context.Context, email string) (bool, error)
}

// Claim is what an unsubscribe token says.
type Claim struct {
	UserID    string
	Topic     profile.Topic
	ConsentID string // "" for the default subscription of a user who never chose
}

// Signer makes and checks unsubscribe tokens.
type Signer struct{ key []byte }

// MinKey is the shortest key accepted.
const MinKey = 32

// ErrBadToken: a token that was not made by us, or was changed.
var ErrBadToken = errors.New("marketing: the unsubscribe token is not valid")

// NewSigner keeps key (at least MinKey bytes).
func NewSigner(key []byte) (Signer, error) {
	if len(key) < MinKey {
		return Signer{}, errors.New("marketing: the unsubscribe key needs at least 32 bytes")
	}
	return Signer{key: append([]byte(nil), key...)}, nil
}

// The token is base64url(payload) "." base64url(HMAC-SHA256), payload
// "u1|<userId>|<topic>|<consentId>". No expiry: a link in an old email must
// keep working (mailbox providers expect one-click links to work for as long
// as the mail is read); the consent ID is what stops it ending later ones.
const tokenVersion = "u1"

func (s Signer) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("medspa-unsubscribe:"))
	m.Write(payload)
	return m.Sum(nil)
}

// Token signs c.
func (s Signer) Token(c Claim) string {
	payload := []byte(strings.Join([]string{tokenVersion, c.UserID, string(c.Topic), c.ConsentID}, "|"))
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(s.mac(payload))
}

// Verify returns the claim of a token made by Token with the same key.
func (s Signer) Verify(tok string) (Claim, error) {
	if len(s.key) == 0 || len(tok) > 512 {
		return Claim{}, ErrBadToken
	}
	p, sig, ok := strings.Cut(tok, ".")
	if !ok {
		return Claim{}, ErrBadToken
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(payload)) {
		return Claim{}, ErrBadToken
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 4 || parts[0] != tokenVersion || parts[1] == "" {
		return Claim{}, ErrBadToken
	}
	t, ok := profile.ParseTopic(parts[2])
	if !ok {
		return Claim{}, ErrBadToken
	}
	return Claim{UserID: parts[1], Topic: t, ConsentID: parts[3]}, nil
}

// Decision is the gate's answer for one person and topic.
type Decision struct {
	Allowed bool
	// Reason says why not: "not_subscribed", "suppressed", "restricted",
	// "no_address".
	Reason string
	// To is the address on the profile; Headers the List-Unsubscribe pair
	// for the consent the send relies on (only when allowed).
	To      string
	Headers map[string]string
}

// Gate checks subscriptions at send time.
type Gate struct {
	Store        Store
	Suppressions Suppressions
	Signer       Signer
	// UnsubscribeURL is the public route, "https://api.example/v1/unsubscribe".
	UnsubscribeURL string
}

// Check says whether a marketing email of topic t may go to userID now:
// subscribed (a live consent record, or the default of a user who never
// chose), no privacy restriction on the profile, an address on the
// profile, and that address not on the suppression list.
func (g Gate) Check(ctx context.Context, userID string, t profile.Topic) (Decision, error) {
	p, _, err := g.Store.Get(ctx, userID)
	if err != nil {
		return Decision{}, err
	}
	switch {
	case !p.Subscribed(t):
		return Decision{Reason: "not_subscribed"}, nil
	case p.Restricted:
		return Decision{Reason: "restricted"}, nil
	case p.Email == "":
		return Decision{Reason: "no_address"}, nil
	}
	sup, err := g.Suppressions.Suppressed(ctx, p.Email)
	if err != nil {
		return Decision{}, err
	}
	if sup {
		return Decision{Reason: "suppressed"}, nil
	}
	link := g.Link(Claim{UserID: userID, Topic: t, ConsentID: p.Consents[t].ID})
	return Decision{Allowed: true, To: p.Email, Headers: Headers(link)}, nil
}

// Link is the one-click unsubscribe URL for c.
func (g Gate) Link(c Claim) string {
	return g.UnsubscribeURL + "?token=" + url.QueryEscape(g.Signer.Token(c))
}

// Headers are RFC 8058's two header fields for link. (The message must be
// DKIM-signed over them for mailbox providers to offer the button; SES
// signs with the sending identity's Easy DKIM.)
func Headers(link string) map[string]string {
	return map[string]string{"List-Unsubscribe": "<" + link + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
}
