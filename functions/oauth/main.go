// Command oauth serves the ad platforms' OAuth browser steps (/oauth/...),
// routed by API Gateway without the JWT authorizer.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/oauth"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("oauth")
	account, ephemeral := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	origin, apps, vault, e := b.Env.Required("ALLOWED_ORIGIN"), b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID")), b.Env.Optional
	m := meta.Config{DialogURL: e("META_DIALOG_URL", ""), GraphURL: e("META_GRAPH_URL", "")}
	g := google.Config{AuthURL: e("GOOGLE_AUTH_URL", ""), TokenURL: e("GOOGLE_TOKEN_URL", ""), RevokeURL: e("GOOGLE_REVOKE_URL", ""), AdsURL: e("GOOGLE_ADS_URL", "")}
	b.Ready()
	store, states, err := connectordb.Open(account, ephemeral)
	b.Must(err)
	// The app credentials are read once per container, on the first request that needs them.
	providers, _ := appcreds.Providers(apps, m, g)
	svc := connector.Service{Store: store, Vault: vault, Providers: providers}
	lambda.Start(httpadapter.NewV2(oauth.New(oauth.Handler{States: states, Connect: svc.Connect, Providers: providers, Frontend: origin, Log: b.Log})).ProxyWithContext)
}
