package connector

import (
	"context"
	"encoding/json"
	"errors"
)

// Cipher seals bytes bound to a context (shared/platform/envelope).
type Cipher interface {
	Seal(ctx context.Context, plaintext []byte, ec map[string]string) ([]byte, error)
	Open(ctx context.Context, blob []byte, ec map[string]string) ([]byte, error)
}

// NewVault seals tokens with c, bound to the organization and connection.
func NewVault(c Cipher) Vault { return vault{c} }

type vault struct{ c Cipher }

func boundTo(orgID, connID string) map[string]string {
	return map[string]string{"org": orgID, "connection": connID}
}

func (v vault) Seal(ctx context.Context, orgID, connID string, t Tokens) ([]byte, error) {
	pt, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return v.c.Seal(ctx, pt, boundTo(orgID, connID))
}

func (v vault) Open(ctx context.Context, orgID, connID string, sealed []byte) (Tokens, error) {
	if len(sealed) == 0 {
		return Tokens{}, errors.New("connector: the connection has no tokens")
	}
	pt, err := v.c.Open(ctx, sealed, boundTo(orgID, connID))
	if err != nil {
		return Tokens{}, err
	}
	defer clear(pt)
	var t Tokens
	if err := json.Unmarshal(pt, &t); err != nil {
		return Tokens{}, errors.New("connector: sealed tokens do not decode")
	}
	return t, nil
}
