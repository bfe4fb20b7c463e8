package local

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
)

// SimApps are the app credentials the local ad-platform simulator knows
// (and the local ConnectorSecret holds).
var SimApps = connector.Apps{
	MetaAppID: "1234567890123456", MetaAppSecret: "sim-meta-app-secret",
	GoogleClientID: "sim-client.apps.googleusercontent.com", GoogleClientSecret: "GOCSPX-sim-secret",
	GoogleDeveloperToken: "sim-developer-token",
}

// SimOptions configure a simulator that accepts SimApps. Its Meta report
// runs complete at the first poll, so the demo's start-up sync (report
// runs for every 14-day chunk) takes seconds.
func SimOptions() adplatform.Options {
	return adplatform.Options{
		AsyncPolls:           -1,
		MetaApp:              adplatform.App{ClientID: SimApps.MetaAppID, ClientSecret: SimApps.MetaAppSecret},
		GoogleApp:            adplatform.App{ClientID: SimApps.GoogleClientID, ClientSecret: SimApps.GoogleClientSecret},
		GoogleDeveloperToken: SimApps.GoogleDeveloperToken,
	}
}

// AdPlatformEnv points the connectors' base URLs at the simulator (the
// functions default to the real platforms).
func AdPlatformEnv(sim *adplatform.Server) []string {
	return []string{
		"META_DIALOG_URL=" + sim.MetaWWWURL() + "/" + meta.Version + "/dialog/oauth",
		"META_GRAPH_URL=" + sim.MetaGraphURL() + "/" + meta.Version,
		"GOOGLE_AUTH_URL=" + sim.GoogleAccountsURL() + "/o/oauth2/v2/auth",
		"GOOGLE_TOKEN_URL=" + sim.GoogleOAuth2URL() + "/token",
		"GOOGLE_REVOKE_URL=" + sim.GoogleOAuth2URL() + "/revoke",
		"GOOGLE_ADS_URL=" + sim.GoogleAdsURL() + "/" + google.Version,
	}
}

// PutSimApps writes SimApps into the provisioned ConnectorSecret, as an
// operator writes the real credentials after deploying.
func PutSimApps(ctx context.Context, cfg aws.Config, p *provision.Stack) error {
	sec, ok := p.Resources["ConnectorSecret"]
	if !ok {
		return fmt.Errorf("local: ConnectorSecret was not provisioned")
	}
	b, _ := json.Marshal(SimApps)
	_, err := secretsmanager.NewFromConfig(cfg).PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(sec.Ref), SecretString: aws.String(string(b))})
	return err
}
