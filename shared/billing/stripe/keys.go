package stripeproc

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/medspa-ai/backend/shared/platform/lazy"
)

// Keys is the Stripe secret (Secrets Manager, JSON
// {"apiKey":"sk_...","signingSecret":"whsec_..."}), read when first needed
// and kept for the container's life; a failed read is tried again on the
// next request.
type Keys struct {
	load func(context.Context) ([]byte, error)
	v    lazy.Value[keyValues]
}

type keyValues struct {
	APIKey        string `json:"apiKey"`
	SigningSecret string `json:"signingSecret"`
}

// NewKeys reads the secret with load (secret.Loader).
func NewKeys(load func(context.Context) ([]byte, error)) *Keys { return &Keys{load: load} }

func (k *Keys) read(ctx context.Context) (keyValues, error) {
	raw, err := k.load(ctx)
	if err != nil {
		return keyValues{}, err
	}
	var v keyValues
	if err := json.Unmarshal(raw, &v); err != nil {
		return keyValues{}, errors.New("stripe: the Stripe secret is not JSON with apiKey and signingSecret")
	}
	return v, nil
}

// value is the secret's field name, which must be set.
func (k *Keys) value(ctx context.Context, name string, field func(keyValues) string) (string, error) {
	v, err := k.v.Get(ctx, k.read)
	if err != nil {
		return "", err
	}
	if s := field(v); s != "" {
		return s, nil
	}
	return "", errors.New("stripe: the Stripe secret has no " + name)
}

// SigningSecret returns the webhook endpoint's signing secret.
func (k *Keys) SigningSecret(ctx context.Context) (string, error) {
	return k.value(ctx, "signingSecret", func(v keyValues) string { return v.SigningSecret })
}

// APIKey returns the secret API key.
func (k *Keys) APIKey(ctx context.Context) (string, error) {
	return k.value(ctx, "apiKey", func(v keyValues) string { return v.APIKey })
}
