package fake

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/platform/envelope"
)

// Cipher is connector.Cipher without KMS: a value sealed under one context
// opens only under the same one, and the plaintext never shows in the
// blob (each byte is masked). For handler tests; it protects nothing.
type Cipher struct{}

var _ connector.Cipher = Cipher{}

func mask(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = c ^ 0xa5 ^ byte(i)
	}
	return out
}

// Seal masks plaintext and prefixes the context.
func (Cipher) Seal(_ context.Context, pt []byte, ec map[string]string) ([]byte, error) {
	if len(ec) == 0 {
		return nil, errors.New("fake: an encryption context is required")
	}
	aad := envelope.AAD(ec)
	return append(append(append([]byte{}, aad...), 0), mask(pt)...), nil
}

// Open checks the context and unmasks.
func (Cipher) Open(_ context.Context, blob []byte, ec map[string]string) ([]byte, error) {
	aad := append(envelope.AAD(ec), 0)
	if !bytes.HasPrefix(blob, aad) {
		return nil, envelope.ErrOpen
	}
	return mask(blob[len(aad):]), nil
}

// Provider is a connector.Provider in memory: codes it issued exchange for
// tokens that list Accounts. Fail, when set, is returned by the step named; Listed are the accounts
// ("exchange", "accounts", "refresh", "revoke").
type Provider struct {
	Name   connector.Platform
	Listed []connector.Account
	Fail   map[string]error
	// TTL of issued access tokens (default: Meta's long-lived 60 days, an hour otherwise).
	TTL time.Duration

	mu       sync.Mutex
	n        int
	Revoked  []string
	Refreshs int
}

var _ connector.Provider = (*Provider)(nil)

func (p *Provider) Platform() connector.Platform { return p.Name }

func (p *Provider) fail(step string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.Fail[step]
}

// AuthCodeURL is a fake consent page.
func (p *Provider) AuthCodeURL(state, challenge, redirect string, scopes []string) string {
	return "https://consent.invalid/" + string(p.Name) + "?" + url.Values{"state": {state}, "code_challenge": {challenge}, "redirect_uri": {redirect}}.Encode()
}

func (p *Provider) issue() connector.Tokens {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	ttl := p.TTL
	switch {
	case ttl == 0 && p.Name == connector.Meta:
		ttl = 60 * 24 * time.Hour // a long-lived token
	case ttl == 0:
		ttl = time.Hour
	}
	t := connector.Tokens{Access: "fake-access-" + string(p.Name) + "-" + itoa(p.n), Expiry: time.Now().Add(ttl).UTC().Truncate(time.Second)}
	if p.Name == connector.Google {
		t.Refresh = "fake-refresh-google-" + itoa(p.n)
	}
	return t
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

// Exchange accepts any code but "bad".
func (p *Provider) Exchange(_ context.Context, code, _, _ string, _ []string) (connector.Tokens, error) {
	if err := p.fail("exchange"); err != nil {
		return connector.Tokens{}, err
	}
	if code == "bad" {
		return connector.Tokens{}, connector.ErrInvalidCode
	}
	return p.issue(), nil
}

// Accounts lists Accounts_.
func (p *Provider) Accounts(context.Context, connector.Tokens) ([]connector.Account, error) {
	if err := p.fail("accounts"); err != nil {
		return nil, err
	}
	return append([]connector.Account(nil), p.Listed...), nil
}

// Refresh issues a new access token.
func (p *Provider) Refresh(_ context.Context, t connector.Tokens) (connector.Tokens, error) {
	if err := p.fail("refresh"); err != nil {
		return connector.Tokens{}, err
	}
	p.mu.Lock()
	p.Refreshs++
	p.mu.Unlock()
	n := p.issue()
	n.Refresh = t.Refresh
	return n, nil
}

// Revoke records the revocation.
func (p *Provider) Revoke(_ context.Context, t connector.Tokens) error {
	if err := p.fail("revoke"); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Revoked = append(p.Revoked, t.Access)
	return nil
}

// Verify fails with Fail["verify"].
func (p *Provider) Verify(context.Context, connector.Tokens) error { return p.fail("verify") }
