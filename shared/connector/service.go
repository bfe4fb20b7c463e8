package connector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
)

// Service runs the connection use cases: connect after consent, tokens
// kept fresh, expiry warnings, disable and enable, revoke.
type Service struct {
	Store     Store
	Vault     Vault
	Providers Providers
	Now       func() time.Time
}

func (s Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s Service) provider(ctx context.Context, p Platform) (Provider, error) {
	if s.Providers == nil {
		return nil, fmt.Errorf("connector: no providers")
	}
	m, err := s.Providers(ctx)
	if err != nil {
		return nil, err
	}
	if pr, ok := m[p]; ok {
		return pr, nil
	}
	return nil, fmt.Errorf("connector: no provider for %s", p)
}

// Connect finishes a consent: exchanges the code, lists the ad accounts
// and stores one connection per account with its sealed tokens, all or
// nothing. Platform refusals come back as ErrDenied, ErrInvalidCode,
// ErrScope, ErrNoAccounts; an account of another organization as ErrTaken.
func (s Service) Connect(ctx context.Context, st State, code, redirect string) ([]Connection, error) {
	pr, err := s.provider(ctx, st.Platform)
	if err != nil {
		return nil, err
	}
	tok, err := pr.Exchange(ctx, code, st.Verifier, redirect, st.Scopes)
	if err != nil {
		return nil, err
	}
	accts, err := pr.Accounts(ctx, tok)
	if err != nil {
		return nil, err
	}
	return s.Keep(ctx, st, tok, accts)
}

// Keep stores one connection per account of a consent with its sealed
// tokens, all or nothing: the second half of Connect, for tokens already
// in hand (the local stack's demo organization is connected with it, so
// its connections are stored exactly as a consent stores them).
func (s Service) Keep(ctx context.Context, st State, tok Tokens, accts []Account) ([]Connection, error) {
	if len(accts) == 0 {
		return nil, ErrNoAccounts
	}
	var err error
	now := s.now()
	cs := make([]Connection, 0, len(accts))
	for _, a := range accts {
		c := Connection{
			OrgID: st.OrgID, ID: ids.ConnectionID(st.OrgID, string(st.Platform), a.ID), Platform: st.Platform,
			AccountID: a.ID, AccountName: a.Name, Currency: a.Currency, TimeZone: a.TimeZone,
			Status: Active, Scopes: st.Scopes, ConnectedBy: st.UserID, ConnectedAt: now, UpdatedAt: now,
			TokenExpiresAt: tok.Expiry,
		}
		if st.Platform == Meta && !tok.Expiry.IsZero() && tok.Expiry.Sub(now) < ExpiryWarning {
			c.Status = Expiring
		}
		if c.Sealed, err = s.Vault.Seal(ctx, c.OrgID, c.ID, tok); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	if err := s.Store.Save(ctx, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// Tokens returns the connection's tokens, refreshed first when the access
// token is about to expire. The refreshed tokens are written only if the
// connection is unchanged since it was read (version): of two workers
// refreshing at once, one writes and the other takes the stored tokens.
// A refusal by the platform marks the connection needs_reauth (ErrReauth).
func (s Service) Tokens(ctx context.Context, c Connection) (Tokens, error) {
	return s.tokens(ctx, c, false)
}

// Renewed is Tokens with the access token renewed whatever its expiry,
// for a platform that refused it early; without a refresh token it is
// ErrReauth (and the connection needs_reauth) at once.
func (s Service) Renewed(ctx context.Context, c Connection) (Tokens, error) {
	return s.tokens(ctx, c, true)
}

func (s Service) tokens(ctx context.Context, c Connection, force bool) (Tokens, error) {
	for attempt := 0; ; attempt++ {
		t, err := s.Vault.Open(ctx, c.OrgID, c.ID, c.Sealed)
		if err != nil {
			return Tokens{}, err
		}
		if force && attempt == 0 && t.Refresh != "" {
			t.Expiry = time.Unix(1, 0)
		}
		if !t.NeedsRefresh(s.now()) && !(force && t.Refresh == "") {
			return t, nil
		}
		pr, err := s.provider(ctx, c.Platform)
		if err != nil {
			return Tokens{}, err
		}
		var nt Tokens
		if t.Refresh != "" {
			nt, err = pr.Refresh(ctx, t)
		} else {
			err = ErrReauth
		}
		if errors.Is(err, ErrReauth) {
			c.Status, c.LastError, c.UpdatedAt = NeedsReauth, "The platform refused the authorization; reconnect the account.", s.now()
			if _, uerr := s.Store.Update(ctx, c); uerr != nil && !errors.Is(uerr, ErrConflict) {
				return Tokens{}, uerr
			}
			return Tokens{}, ErrReauth
		}
		if err != nil {
			return Tokens{}, err
		}
		if nt.Refresh == "" {
			nt.Refresh = t.Refresh
		}
		next := c
		next.TokenExpiresAt, next.UpdatedAt = nt.Expiry, s.now()
		if next.Sealed, err = s.Vault.Seal(ctx, c.OrgID, c.ID, nt); err != nil {
			return Tokens{}, err
		}
		_, err = s.Store.Update(ctx, next)
		if err == nil {
			return nt, nil
		}
		if !errors.Is(err, ErrConflict) || attempt > 2 {
			return Tokens{}, err
		}
		// Another worker wrote first: use what it stored.
		if c, err = s.Store.Get(ctx, c.OrgID, c.ID); err != nil {
			return Tokens{}, err
		}
	}
}

// Notifier tells an organization's owners and admins that a connection's
// authorization expires soon.
type Notifier interface {
	ConnectionExpiring(ctx context.Context, c Connection) error
}

// CheckExpiry flags a synced connection whose long-lived token expires
// within ExpiryWarning as expiring, and notifies once. It reports whether
// it notified.
func (s Service) CheckExpiry(ctx context.Context, c Connection, n Notifier) (bool, error) {
	if !c.Status.Synced() || c.TokenExpiresAt.IsZero() || c.TokenExpiresAt.Sub(s.now()) >= ExpiryWarning || c.Platform != Meta {
		return false, nil
	}
	if c.Status == Expiring && c.ExpiryNoticeSent {
		return false, nil
	}
	c.Status, c.ExpiryNoticeSent, c.UpdatedAt = Expiring, true, s.now()
	// The conditional write comes first: of two checks at once, only the
	// one that wrote sends the notice.
	if _, err := s.Store.Update(ctx, c); err != nil {
		if errors.Is(err, ErrConflict) {
			return false, nil
		}
		return false, err
	}
	return true, n.ConnectionExpiring(ctx, c)
}

// SetEnabled disables or enables a connection's sync. Revoked and
// needs_reauth connections cannot be enabled: they need a reconnect.
func (s Service) SetEnabled(ctx context.Context, orgID, id string, enabled bool) (Connection, error) {
	c, err := s.Store.Get(ctx, orgID, id)
	if err != nil {
		return Connection{}, err
	}
	switch {
	case !enabled && c.Status.Synced():
		c.Status = Disabled
	case enabled && c.Status == Disabled:
		c.Status = Active
		if c.Platform == Meta && !c.TokenExpiresAt.IsZero() && c.TokenExpiresAt.Sub(s.now()) < ExpiryWarning {
			c.Status = Expiring
		}
	case enabled && (c.Status == Revoked || c.Status == NeedsReauth):
		return Connection{}, ErrNeedsConnect
	default:
		return c, nil
	}
	c.UpdatedAt = s.now()
	return s.Store.Update(ctx, c)
}

// ErrNeedsConnect: only connecting the account again brings it back.
var ErrNeedsConnect = errors.New("the connection must be connected again")

// Revoke withdraws the authorization at the platform (where it has an
// endpoint; a token the platform already refuses counts as withdrawn),
// deletes the tokens and keeps the record as revoked.
func (s Service) Revoke(ctx context.Context, orgID, id string) (Connection, error) {
	c, err := s.Store.Get(ctx, orgID, id)
	if err != nil {
		return Connection{}, err
	}
	if c.Status == Revoked {
		return c, nil
	}
	if len(c.Sealed) > 0 {
		t, err := s.Vault.Open(ctx, c.OrgID, c.ID, c.Sealed)
		if err != nil {
			return Connection{}, err
		}
		shared, err := s.sharesAuthorization(ctx, c, t)
		if err != nil {
			return Connection{}, err
		}
		// One consent covers every ad account it listed: revoking it at the
		// platform would cut the others off too, so that waits for the last.
		if !shared {
			pr, err := s.provider(ctx, c.Platform)
			if err != nil {
				return Connection{}, err
			}
			if err := pr.Revoke(ctx, t); err != nil && !errors.Is(err, ErrReauth) {
				return Connection{}, fmt.Errorf("connector: revoke at %s: %w", c.Platform, err)
			}
		}
	}
	c.Status, c.Sealed, c.TokenExpiresAt, c.UpdatedAt = Revoked, nil, time.Time{}, s.now()
	return s.Store.Release(ctx, c)
}

// sharesAuthorization reports whether another connection of the
// organization on the same platform still holds tokens of the same consent.
func (s Service) sharesAuthorization(ctx context.Context, c Connection, t Tokens) (bool, error) {
	others, err := s.Store.List(ctx, c.OrgID)
	if err != nil {
		return false, err
	}
	for _, o := range others {
		if o.ID == c.ID || o.Platform != c.Platform || len(o.Sealed) == 0 {
			continue
		}
		ot, err := s.Vault.Open(ctx, o.OrgID, o.ID, o.Sealed)
		if err != nil {
			continue
		}
		if ot.Access == t.Access || (t.Refresh != "" && ot.Refresh == t.Refresh) {
			return true, nil
		}
	}
	return false, nil
}
