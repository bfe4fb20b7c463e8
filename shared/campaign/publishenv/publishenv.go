// Package publishenv wires the publisher function from its environment:
// the account table (drafts, connections; no claims in the ephemeral table: the draft's steps make redeliveries safe), the token key, the app
// credentials (token refresh and Google's developer token, read on first
// use), the assets bucket and the platforms' base URLs.
package publishenv

import (
	"context"
	"sync"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/campaign/campaigndb"
	"github.com/medspa-ai/backend/shared/campaign/googleads"
	"github.com/medspa-ai/backend/shared/campaign/metaads"
	"github.com/medspa-ai/backend/shared/campaign/uploads"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

// Publisher builds the publisher; b.Ready is called.
func Publisher(b *boot.Boot) *campaign.Publisher {
	e := b.Env.Optional
	account := b.Table("ACCOUNT_TABLE", retention.Account)
	apps, vault := b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID"))
	files := uploads.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	m := meta.Config{GraphURL: e("META_GRAPH_URL", "")}
	g := google.Config{TokenURL: e("GOOGLE_TOKEN_URL", ""), AdsURL: e("GOOGLE_ADS_URL", "")}
	b.Ready()
	conns, err := connectordb.New(account)
	b.Must(err)
	store, err := campaigndb.New(account)
	b.Must(err)
	var mu sync.Mutex
	var devToken string
	providers := connector.LoadProviders(apps, func(a connector.Apps) map[connector.Platform]connector.Provider {
		m.AppID, m.AppSecret, g.ClientID, g.ClientSecret, g.DeveloperToken = a.MetaAppID, a.MetaAppSecret, a.GoogleClientID, a.GoogleClientSecret, a.GoogleDeveloperToken
		mu.Lock()
		devToken = a.GoogleDeveloperToken
		mu.Unlock()
		return map[connector.Platform]connector.Provider{connector.Meta: meta.New(m), connector.Google: google.New(g)}
	})
	gads := googleads.New(g.AdsURL, "", nil)
	gads.LoadDeveloperToken = func(ctx context.Context) (string, error) {
		if _, err := providers(ctx); err != nil {
			return "", err
		}
		mu.Lock()
		defer mu.Unlock()
		return devToken, nil
	}
	return &campaign.Publisher{
		Store:   store,
		Ads:     map[connector.Platform]campaign.Ads{connector.Meta: metaads.New(m.GraphURL, nil), connector.Google: gads},
		Targets: campaign.ConnectionTargets{Store: conns, Vault: vault, Providers: providers},
		Media:   files.Get,
	}
}
