package connector

import (
	"context"
	"errors"
	"time"
)

// Status is where a connection stands.
type Status string

const (
	// Active connections are synced.
	Active Status = "active"
	// Expiring connections are synced, but their token expires within
	// ExpiryWarning: someone should reconnect.
	Expiring Status = "expiring"
	// NeedsReauth connections have a token the platform refused
	// (invalid_grant, Meta code 190): only reconnecting helps.
	NeedsReauth Status = "needs_reauth"
	// Disabled connections are kept but not synced, by choice.
	Disabled Status = "disabled"
	// Revoked connections have no tokens any more; the record is kept.
	Revoked Status = "revoked"
)

// Statuses lists every status, in the order the API documents them.
var Statuses = []Status{Active, Expiring, NeedsReauth, Disabled, Revoked}

// Synced reports whether connections in s are synced (indexed as active).
func (s Status) Synced() bool { return s == Active || s == Expiring }

// ExpiryWarning is how long before a long-lived token's expiry the
// connection is flagged expiring and the owners and admins are told.
const ExpiryWarning = 7 * 24 * time.Hour

// Connection is one ad account of an organization, linked through OAuth.
// Policy 2.3: account names, IDs and (sealed) tokens, nothing more.
type Connection struct {
	OrgID       string
	ID          string
	Platform    Platform
	AccountID   string
	AccountName string
	Currency    string
	TimeZone    string
	Status      Status
	// Scopes granted at the last connect.
	Scopes      []string
	ConnectedBy string
	ConnectedAt time.Time
	UpdatedAt   time.Time
	LastSyncAt  time.Time
	LastError   string
	// TokenExpiresAt is when the stored access token expires (zero: no
	// known expiry).
	TokenExpiresAt time.Time
	// ExpiryNotice records the expiry warning about TokenExpiresAt.
	ExpiryNotice Notice
	// Sealed is the encrypted token set (see Vault); empty once revoked.
	Sealed []byte
	// Version increases with every write; token refreshes are conditional
	// on it, so two workers refreshing at once do not clobber each other.
	Version int64
}

// Notice is the record of one expiry warning. It is written (For, At) by a
// conditional write before the email is sent, so of any number of checks
// only one sends it, and Outcome after: a check that stopped between the
// two leaves an attempt without an outcome, and nothing is sent again for
// that expiry (at most one email per expiry).
type Notice struct {
	// For is the token expiry the warning is about (zero: no warning yet).
	For time.Time
	// At is when the warning was claimed.
	At time.Time
	// Outcome is NoticeSent or NoticeFailed; empty while sending, or when
	// the sender stopped before it knew.
	Outcome string
}

// Notice outcomes.
const (
	NoticeSent   = "sent"
	NoticeFailed = "failed"
	// NoticeNobody: the organization has no owner or admin with an address.
	NoticeNobody = "no_recipient"
)

// Warned reports whether the warning about the current token expiry has
// been claimed (sent, failed or under way).
func (c Connection) Warned() bool {
	return !c.ExpiryNotice.For.IsZero() && c.ExpiryNotice.For.Equal(c.TokenExpiresAt)
}

// Tokens are a connection's OAuth tokens. They exist in plaintext only in
// memory: stored sealed, never logged (String hides them).
type Tokens struct {
	Access  string    `json:"a"`
	Refresh string    `json:"r,omitempty"`
	Expiry  time.Time `json:"e,omitzero"`
}

// String keeps tokens out of logs and error messages.
func (Tokens) String() string { return "[tokens]" }

// GoString keeps tokens out of %#v.
func (Tokens) GoString() string { return "[tokens]" }

// NeedsRefresh reports whether the access token expires within a minute
// and a refresh token can renew it.
func (t Tokens) NeedsRefresh(now time.Time) bool { return t.needsRefresh(now, time.Minute) }

func (t Tokens) needsRefresh(now time.Time, ahead time.Duration) bool {
	return t.Refresh != "" && !t.Expiry.IsZero() && !now.Add(ahead).Before(t.Expiry)
}

// Account is an ad account a platform lists for the consenting user.
type Account struct {
	ID       string
	Name     string
	Currency string
	TimeZone string
}

// Platform errors, which the callback turns into a clear message and the
// lifecycle into a status.
var (
	// ErrDenied: the user declined, or the platform refused consent.
	ErrDenied = errors.New("authorization was not granted")
	// ErrInvalidCode: the authorization code is invalid, used or expired.
	ErrInvalidCode = errors.New("the authorization code was refused")
	// ErrScope: consent was given without a scope we need.
	ErrScope = errors.New("a required permission was not granted")
	// ErrReauth: the platform refused the token (invalid_grant, Meta 190).
	ErrReauth = errors.New("the platform refused the token; reconnect the account")
	// ErrNoAccounts: the user can reach no ad account.
	ErrNoAccounts = errors.New("no ad account is reachable with this authorization")
)

// Provider is one ad platform's OAuth and account API.
type Provider interface {
	// Platform names it.
	Platform() Platform
	// AuthCodeURL is the consent page for state; challenge is the PKCE
	// S256 challenge, or empty; redirect is our callback URL.
	AuthCodeURL(state, challenge, redirect string, scopes []string) string
	// Exchange trades the code for tokens (Meta: the long-lived token)
	// and checks the scopes were granted.
	Exchange(ctx context.Context, code, verifier, redirect string, scopes []string) (Tokens, error)
	// Accounts lists the ad accounts the tokens reach (not manager accounts).
	Accounts(ctx context.Context, t Tokens) ([]Account, error)
	// Refresh renews an access token; ErrReauth when the platform refuses.
	Refresh(ctx context.Context, t Tokens) (Tokens, error)
	// Revoke withdraws the authorization at the platform, where it can.
	Revoke(ctx context.Context, t Tokens) error
}

// Vault seals tokens bound to their organization and connection, so
// sealed tokens copied to another record do not open.
type Vault interface {
	Seal(ctx context.Context, orgID, connID string, t Tokens) ([]byte, error)
	Open(ctx context.Context, orgID, connID string, sealed []byte) (Tokens, error)
}

// ErrNotFound: no such connection in this organization.
var ErrNotFound = errors.New("connection not found")

// ErrTaken: the ad account is connected to another organization.
var ErrTaken = errors.New("the ad account is connected to another organization")

// ErrConflict: the connection changed since it was read (version).
var ErrConflict = errors.New("the connection changed meanwhile")

// Store keeps connections.
type Store interface {
	Lister
	// Save creates or updates (by platform and account) each connection of
	// one consent, all or nothing; an account held by another organization
	// fails the whole save with ErrTaken.
	Save(ctx context.Context, cs []Connection) error
	// List returns an organization's connections.
	List(ctx context.Context, orgID string) ([]Connection, error)
	// Get returns one connection.
	Get(ctx context.Context, orgID, id string) (Connection, error)
	// Update writes c if its stored version is still c.Version (then
	// c.Version+1); ErrConflict otherwise.
	Update(ctx context.Context, c Connection) (Connection, error)
	// Release drops the account's claim, so another organization may
	// connect it, and writes c (revoked, without tokens) like Update.
	Release(ctx context.Context, c Connection) (Connection, error)
}

// Lister pages through the connections whose metrics are synced.
type Lister interface {
	ListActive(ctx context.Context, fn func([]Connection) error) error
}
