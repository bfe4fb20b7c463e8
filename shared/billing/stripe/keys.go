package stripeproc

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
)

// Keys is the Stripe secret (Secrets Manager, JSON
// {"apiKey":"sk_...","signingSecret":"whsec_..."}), read when first needed
// and kept for the container's life; a failed read is tried again on the
// next request.
type Keys struct {
	load func(context.Context) ([]byte, error)
	mu   sync.Mutex
	v    *keyValues
}

type keyValues struct {
	APIKey        string `json:"apiKey"`
	SigningSecret string `json:"signingSecret"`
}

// NewKeys reads the secret with load (secret.Loader).
func NewKeys(load func(context.Context) ([]byte, error)) *Keys { return &Keys{load: load} }

func (k *Keys) get(ctx context.Context) (*keyValues, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.v != nil {
		return k.v, nil
	}
	raw, err := k.load(ctx)
	if err != nil {
		return nil, err
	}
	var v keyValues
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errors.New("stripe: the Stripe secret is not JSON with apiKey and signingSecret")
	}
	k.v = &v
	return k.v, nil
}

// SigningSecret returns the webhook endpoint's signing secret.
func (k *Keys) SigningSecret(ctx context.Context) (string, error) {
	v, err := k.get(ctx)
	if err != nil {
		return "", err
	}
	if v.SigningSecret == "" {
		return "", errors.New("stripe: the Stripe secret has no signingSecret")
	}
	return v.SigningSecret, nil
}

// APIKey returns the secret API key.
func (k *Keys) APIKey(ctx context.Context) (string, error) {
	v, err := k.get(ctx)
	if err != nil {
		return "", err
	}
	if v.APIKey == "" {
		return "", errors.New("stripe: the Stripe secret has no apiKey")
	}
	return v.APIKey, nil
}
