// Package publishenv wires the publisher function from its environment:
// the account table (drafts, connections; no claims in the ephemeral table: the draft's steps make redeliveries safe), the token key, the app
// credentials (token refresh and Google's developer token, read on first
// use), the assets bucket and the platforms' base URLs.
package publishenv

import (
	"context"

	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/campaign/campaigndb"
	"github.com/medspa-ai/backend/shared/campaign/googleads"
	"github.com/medspa-ai/backend/shared/campaign/metaads"
	"github.com/medspa-ai/backend/shared/campaign/uploads"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Publisher builds the publisher; b.Ready is called.
func Publisher(b *boot.Boot) *campaign.Publisher {
	e := b.Env.Optional
	account := b.Table("ACCOUNT_TABLE", retention.Account)
	apps, vault := b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID"))
	files := uploads.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	// Review polls go back to the publisher's own queue, 15 minutes later.
	polls := b.Queue("PUBLISH_QUEUE_URL")
	m, g := appcreds.Endpoints(e)
	b.Ready()
	conns, err := connectordb.New(account)
	b.Must(err)
	store, err := campaigndb.New(account)
	b.Must(err)
	providers, devToken := appcreds.Providers(apps, m, g)
	gads := googleads.New(g.AdsURL, "", nil)
	gads.LoadDeveloperToken = devToken
	return &campaign.Publisher{
		Store:    store,
		Ads:      map[connector.Platform]campaign.Ads{connector.Meta: metaads.New(m.GraphURL, nil), connector.Google: gads},
		Targets:  ConnectionTargets{Store: conns, Vault: vault, Providers: providers},
		Media:    files.Get,
		OptedOut: OptedOut(account),
		ReviewLater: func(ctx context.Context, j jobs.Publish) error {
			return polls.SendLater(ctx, j, 15*time.Minute)
		},
	}
}

// Connections is the part of the connection store publishing needs.
type Connections interface {
	Get(ctx context.Context, orgID, id string) (connector.Connection, error)
	Update(ctx context.Context, c connector.Connection) (connector.Connection, error)
}

// ConnectionTargets reads a connection and opens its tokens, refreshing
// them (and storing the refreshed ones) when they are due, as
// connector.Service.Tokens does, with only the reads and writes that needs.
type ConnectionTargets struct {
	Store     Connections
	Vault     connector.Vault
	Providers connector.Providers
	Now       func() time.Time
}

// Target implements campaign.Targets.
func (c ConnectionTargets) Target(ctx context.Context, orgID, id string) (campaign.Target, error) {
	conn, err := c.Store.Get(ctx, orgID, id)
	if errors.Is(err, connector.ErrNotFound) {
		return campaign.Target{}, &campaign.PlatformError{Code: "connection", Message: "the connection no longer exists; connect the ad account again"}
	}
	if err != nil {
		return campaign.Target{}, err
	}
	if !conn.Status.Synced() {
		return campaign.Target{}, &campaign.PlatformError{Platform: conn.Platform, Code: string(conn.Status), Message: "the connection is " + string(conn.Status) + "; reconnect or enable the ad account"}
	}
	t, err := c.Vault.Open(ctx, conn.OrgID, conn.ID, conn.Sealed)
	if err != nil {
		return campaign.Target{}, err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if t.NeedsRefresh(now()) {
		ps, err := c.Providers(ctx)
		if err != nil {
			return campaign.Target{}, err
		}
		nt, err := ps[conn.Platform].Refresh(ctx, t)
		if errors.Is(err, connector.ErrReauth) {
			return campaign.Target{}, &campaign.PlatformError{Platform: conn.Platform, Code: "reauth", Message: err.Error()}
		}
		if err != nil {
			return campaign.Target{}, err
		}
		if nt.Refresh == "" {
			nt.Refresh = t.Refresh
		}
		conn.TokenExpiresAt, conn.UpdatedAt = nt.Expiry, now().UTC()
		if conn.Sealed, err = c.Vault.Seal(ctx, conn.OrgID, conn.ID, nt); err != nil {
			return campaign.Target{}, err
		}
		// A concurrent refresh that wrote first is fine: both tokens work.
		if _, err := c.Store.Update(ctx, conn); err != nil && !errors.Is(err, connector.ErrConflict) {
			return campaign.Target{}, err
		}
		t = nt
	}
	return campaign.Target{AccountID: conn.AccountID, Tokens: t}, nil
}

// OptedOut reads whether an organization (its campaign settings) or a user
// (their profile: the AI opt-out, or a privacy restriction) is out of AI
// processing, with one GetItem each on the account table. The keys and
// attributes are orgdb's and profiledb's (pk ORG#<org> sk SETTINGS, pk
// USER#<user> sk PROFILE; aiOptOut, restricted); TestOptedOut writes them
// through those stores.
func OptedOut(account *dynamo.Table) func(ctx context.Context, orgID, userID string) (bool, error) {
	flag := func(it dynamo.Item, name string) bool {
		b, ok := it[name].(*types.AttributeValueMemberBOOL)
		return ok && b.Value
	}
	return func(ctx context.Context, orgID, userID string) (bool, error) {
		it, found, err := account.Get(ctx, dynamo.Key("ORG#"+orgID, "SETTINGS"), true)
		if err != nil || (found && flag(it, "aiOptOut")) {
			return err == nil, err
		}
		if userID == "" {
			return false, nil
		}
		it, found, err = account.Get(ctx, dynamo.Key("USER#"+userID, "PROFILE"), true)
		if err != nil {
			return false, err
		}
		return found && (flag(it, "aiOptOut") || flag(it, "restricted")), nil
	}
}
