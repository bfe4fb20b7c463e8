// Package appcreds builds the ad platforms' providers on our app
// credentials (the ConnectorSecret). It imports no AWS package, so a
// function that links it gains no AWS calls its role must grant: the
// caller passes the secret's reader.
package appcreds

import (
	"context"
	"sync"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
)

// Providers are the Meta and Google providers on m and g, built once the
// app credentials apps reads are known (once per container, on first
// use). developerToken answers Google's developer token from the same
// read: the ads and budget clients send it beside the user's token.
func Providers(apps func(context.Context) ([]byte, error), m meta.Config, g google.Config) (providers connector.Providers, developerToken func(context.Context) (string, error)) {
	var (
		mu    sync.Mutex
		token string
	)
	providers = connector.LoadProviders(apps, func(a connector.Apps) map[connector.Platform]connector.Provider {
		m.AppID, m.AppSecret, g.ClientID, g.ClientSecret, g.DeveloperToken = a.MetaAppID, a.MetaAppSecret, a.GoogleClientID, a.GoogleClientSecret, a.GoogleDeveloperToken
		mu.Lock()
		token = a.GoogleDeveloperToken
		mu.Unlock()
		return map[connector.Platform]connector.Provider{connector.Meta: meta.New(m), connector.Google: google.New(g)}
	})
	return providers, func(ctx context.Context) (string, error) {
		if _, err := providers(ctx); err != nil {
			return "", err
		}
		mu.Lock()
		defer mu.Unlock()
		return token, nil
	}
}

// Endpoints are the Meta and Google client configurations of a function
// that calls the platforms' APIs with an organization's tokens, from env
// (boot's Env.Optional): META_GRAPH_URL, GOOGLE_TOKEN_URL and
// GOOGLE_ADS_URL, each empty for the platform's own (the simulator's in
// local runs and tests).
func Endpoints(env func(name, def string) string) (meta.Config, google.Config) {
	return meta.Config{GraphURL: env("META_GRAPH_URL", "")},
		google.Config{TokenURL: env("GOOGLE_TOKEN_URL", ""), AdsURL: env("GOOGLE_ADS_URL", "")}
}
