package connector

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
	t, _, err := s.tokens(ctx, c, false, time.Minute)
	return t, err
}

// Renewed is Tokens with the access token renewed whatever its expiry,
// for a platform that refused it early; without a refresh token it is
// ErrReauth (and the connection needs_reauth) at once.
func (s Service) Renewed(ctx context.Context, c Connection) (Tokens, error) {
	t, _, err := s.tokens(ctx, c, true, time.Minute)
	return t, err
}

// tokens opens c's tokens and refreshes them when they expire within
// ahead (or at once with force); refreshed reports a refresh this call
// wrote or found written by another worker meanwhile.
func (s Service) tokens(ctx context.Context, c Connection, force bool, ahead time.Duration) (_ Tokens, refreshed bool, _ error) {
	for attempt := 0; ; attempt++ {
		t, err := s.Vault.Open(ctx, c.OrgID, c.ID, c.Sealed)
		if err != nil {
			return Tokens{}, false, err
		}
		if force && attempt == 0 && t.Refresh != "" {
			t.Expiry = time.Unix(1, 0)
		}
		if !t.needsRefresh(s.now(), ahead) && !(force && t.Refresh == "") {
			return t, attempt > 0, nil
		}
		pr, err := s.provider(ctx, c.Platform)
		if err != nil {
			return Tokens{}, false, err
		}
		var nt Tokens
		if t.Refresh != "" {
			nt, err = pr.Refresh(ctx, t)
		} else {
			err = ErrReauth
		}
		if errors.Is(err, ErrReauth) {
			// A conflict: another worker changed it meanwhile; its write stands.
			c.Status, c.LastError, c.UpdatedAt = NeedsReauth, "The platform refused the authorization; reconnect the account.", s.now()
			if _, uerr := s.Store.Update(ctx, c); uerr != nil && !errors.Is(uerr, ErrConflict) {
				return Tokens{}, false, uerr
			}
			return Tokens{}, false, ErrReauth
		}
		if err != nil {
			return Tokens{}, false, err
		}
		if nt.Refresh == "" {
			nt.Refresh = t.Refresh
		}
		next := c
		next.TokenExpiresAt, next.UpdatedAt = nt.Expiry, s.now()
		if next.Sealed, err = s.Vault.Seal(ctx, c.OrgID, c.ID, nt); err != nil {
			return Tokens{}, false, err
		}
		_, err = s.Store.Update(ctx, next)
		if err == nil {
			return nt, true, nil
		}
		if !errors.Is(err, ErrConflict) || attempt > 2 {
			return Tokens{}, false, err
		}
		// Another worker wrote first: use what it stored.
		if c, err = s.Store.Get(ctx, c.OrgID, c.ID); err != nil {
			return Tokens{}, false, err
		}
	}
}

// markReauth records that only a reconnect helps: status needs_reauth
// (out of the sync) with why. A connection no longer synced is left as
// it is; a concurrent change is re-read and the mark tried again.
func (s Service) markReauth(ctx context.Context, c Connection, why string) (Connection, error) {
	for attempt := 0; ; attempt++ {
		if !c.Status.Synced() {
			return c, nil
		}
		c.Status, c.LastError, c.UpdatedAt = NeedsReauth, why, s.now()
		out, err := s.Store.Update(ctx, c)
		if !errors.Is(err, ErrConflict) || attempt >= 3 {
			return out, err
		}
		if c, err = s.Store.Get(ctx, c.OrgID, c.ID); err != nil {
			return Connection{}, err
		}
	}
}

// Notifier tells an organization's owners and admins that a connection's
// authorization expires soon. ErrNoRecipient: there is nobody to tell.
type Notifier interface {
	ConnectionExpiring(ctx context.Context, c Connection) error
}

// ErrNoRecipient: the organization has no owner or admin to tell (or no
// longer has a relationship with us).
var ErrNoRecipient = errors.New("connector: no owner or admin to notify")

// warnable reports whether c is a synced Meta connection whose token
// expires within ExpiryWarning (and has not expired).
func (s Service) warnable(c Connection) bool {
	left := c.TokenExpiresAt.Sub(s.now())
	return c.Platform == Meta && c.Status.Synced() && !c.TokenExpiresAt.IsZero() && left > 0 && left < ExpiryWarning
}

// CheckExpiry flags a synced Meta connection whose long-lived token
// expires within ExpiryWarning as expiring, and has n warn the owners and
// admins once per token expiry. The warning is claimed on the connection
// (Notice: the expiry it is about, when) by the versioned write that flags
// it, before n sends anything: of two checks at once, or a check and its
// retry, only the one whose write landed sends. Its outcome is recorded
// after. A check that stops between the claim and the send sends nothing
// for that expiry: at most one email per expiry, rather than a second
// one; the claim without an outcome shows the attempt. It reports whether
// it sent the warning.
func (s Service) CheckExpiry(ctx context.Context, c Connection, n Notifier) (bool, error) {
	for attempt := 0; ; attempt++ {
		if !s.warnable(c) || (c.Warned() && c.Status == Expiring) {
			return false, nil
		}
		next := c
		claim := !c.Warned()
		next.Status, next.UpdatedAt = Expiring, s.now()
		if claim {
			next.ExpiryNotice = Notice{For: c.TokenExpiresAt, At: s.now()}
		}
		claimed, err := s.Store.Update(ctx, next)
		if errors.Is(err, ErrConflict) && attempt < 3 {
			if c, err = s.Store.Get(ctx, c.OrgID, c.ID); err != nil {
				return false, err
			}
			continue
		}
		if err != nil || !claim {
			return false, err
		}
		serr := n.ConnectionExpiring(ctx, claimed)
		outcome := NoticeSent
		switch {
		case errors.Is(serr, ErrNoRecipient):
			outcome, serr = NoticeNobody, nil
		case serr != nil:
			outcome = NoticeFailed
		}
		if rerr := s.recordOutcome(ctx, claimed, outcome); rerr != nil && serr == nil {
			serr = rerr
		}
		return outcome == NoticeSent, serr
	}
}

// recordOutcome writes how the warning claimed on c went, unless another
// warning has been claimed since.
func (s Service) recordOutcome(ctx context.Context, c Connection, outcome string) error {
	claim := c.ExpiryNotice
	for attempt := 0; ; attempt++ {
		if !c.ExpiryNotice.For.Equal(claim.For) || !c.ExpiryNotice.At.Equal(claim.At) {
			return nil
		}
		c.ExpiryNotice.Outcome = outcome
		_, err := s.Store.Update(ctx, c)
		if !errors.Is(err, ErrConflict) || attempt >= 3 {
			return err
		}
		if c, err = s.Store.Get(ctx, c.OrgID, c.ID); err != nil {
			return err
		}
	}
}

// Verifier is a Provider that can check a token is still accepted without
// changing anything (Meta: GET me/permissions); ErrReauth when refused.
type Verifier interface {
	Verify(ctx context.Context, t Tokens) error
}

// RefreshAhead is how close to its expiry the daily check refreshes a
// Google access token. Access tokens live an hour and the check runs once
// a day, so it renews nearly every Google connection daily: a refresh
// token the user revoked is found (needs_reauth) before the next sync.
const RefreshAhead = 15 * time.Minute

// Outcome is what the lifecycle check did to one connection.
type Outcome string

const (
	Unchanged Outcome = "unchanged"
	Refreshed Outcome = "refreshed"
	Warned    Outcome = "warned"
	Reauth    Outcome = "needs_reauth"
)

// Check is the lifecycle check of one connection, as stored: a Google
// access token near expiry is refreshed (the versioned write Tokens uses),
// a refused refresh or a Meta token that expired or that the platform
// refuses (code 190) marks it needs_reauth, and a Meta token within
// ExpiryWarning of its expiry flags it expiring and warns once
// (CheckExpiry). Connections that are not synced are left alone.
func (s Service) Check(ctx context.Context, c Connection, n Notifier) (Outcome, error) {
	if !c.Status.Synced() || len(c.Sealed) == 0 {
		return Unchanged, nil
	}
	switch c.Platform {
	case Google:
		_, refreshed, err := s.tokens(ctx, c, false, RefreshAhead)
		switch {
		case errors.Is(err, ErrReauth):
			return Reauth, nil
		case err != nil:
			return Unchanged, err
		case refreshed:
			return Refreshed, nil
		}
		return Unchanged, nil
	case Meta:
		if !c.TokenExpiresAt.IsZero() && !c.TokenExpiresAt.After(s.now()) {
			_, err := s.markReauth(ctx, c, "The authorization expired; reconnect the account.")
			return Reauth, err
		}
		pr, err := s.provider(ctx, c.Platform)
		if err != nil {
			return Unchanged, err
		}
		if v, ok := pr.(Verifier); ok {
			t, err := s.Vault.Open(ctx, c.OrgID, c.ID, c.Sealed)
			if err != nil {
				return Unchanged, err
			}
			if err := v.Verify(ctx, t); errors.Is(err, ErrReauth) {
				_, err := s.markReauth(ctx, c, "The platform refused the authorization; reconnect the account.")
				return Reauth, err
			} else if err != nil {
				return Unchanged, err
			}
		}
		warned, err := s.CheckExpiry(ctx, c, n)
		if warned {
			return Warned, err
		}
		return Unchanged, err
	}
	return Unchanged, nil
}

// CheckAll runs Check on every synced connection, workers at a time, and
// calls report with each result. A connection whose check fails does not
// stop the others; the error returned is only the listing's.
func (s Service) CheckAll(ctx context.Context, n Notifier, workers int, report func(Connection, Outcome, error)) error {
	if workers < 1 {
		workers = 1
	}
	var mu sync.Mutex
	done := func(c Connection, o Outcome, err error) {
		mu.Lock()
		defer mu.Unlock()
		report(c, o, err)
	}
	return s.Store.ListActive(ctx, func(page []Connection) error {
		var wg sync.WaitGroup
		sem := make(chan struct{}, workers)
		for _, ref := range page {
			if err := ctx.Err(); err != nil {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				c, err := s.Store.Get(ctx, ref.OrgID, ref.ID)
				if errors.Is(err, ErrNotFound) {
					return
				}
				if err != nil {
					done(ref, Unchanged, err)
					return
				}
				o, err := s.Check(ctx, c, n)
				done(c, o, err)
			}()
		}
		wg.Wait()
		return ctx.Err()
	})
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
