package connector

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/medspa-ai/backend/shared/platform/lazy"
)

// Apps are our ad-platform app credentials: the ConnectorSecret's JSON.
type Apps struct {
	MetaAppID            string `json:"meta_app_id"`
	MetaAppSecret        string `json:"meta_app_secret"`
	GoogleClientID       string `json:"google_client_id"`
	GoogleClientSecret   string `json:"google_client_secret"`
	GoogleDeveloperToken string `json:"google_developer_token"`
}

// String keeps the secrets out of logs.
func (Apps) String() string { return "[apps]" }

// Providers returns the platforms' providers, built on first use.
type Providers func(ctx context.Context) (map[Platform]Provider, error)

// LoadProviders reads the app credentials once per container (on the first
// call; a failed read is tried again on the next) and builds the providers.
func LoadProviders(read func(context.Context) ([]byte, error), build func(Apps) map[Platform]Provider) Providers {
	var got lazy.Value[map[Platform]Provider]
	load := func(ctx context.Context) (map[Platform]Provider, error) {
		raw, err := read(ctx)
		if err != nil {
			return nil, err
		}
		var a Apps
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, errors.New("connector: the app credentials are not a JSON object")
		}
		return build(a), nil
	}
	return func(ctx context.Context) (map[Platform]Provider, error) { return got.Get(ctx, load) }
}

// StaticProviders always returns ps (tests, revocation without secrets).
func StaticProviders(ps ...Provider) Providers {
	m := map[Platform]Provider{}
	for _, p := range ps {
		m[p.Platform()] = p
	}
	return func(context.Context) (map[Platform]Provider, error) { return m, nil }
}
