package local

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/platform/envelope"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// DemoAccounts are the simulator's ad accounts the demo organization is
// connected to: Glow Aesthetics Los Angeles on Meta and on Google Ads (a
// client of the simulated manager), both in a UTC- time zone.
var DemoAccounts = map[connector.Platform]string{connector.Meta: "120000000000001", connector.Google: "2000000001"}

// DemoBackfillDays is the backfill of a new connection in the local stack:
// enough for the dashboard's default 30 days against the 30 before, and a
// start-up of seconds instead of the 90 days the functions default to.
const DemoBackfillDays = 60

// DemoSyncEnv sets the sync worker's backfill to DemoBackfillDays (for
// Options.Env; the template does not set SYNC_BACKFILL_DAYS, so the worker
// reads it from here).
func DemoSyncEnv() []string {
	return []string{"SYNC_BACKFILL_DAYS=" + strconv.Itoa(DemoBackfillDays)}
}

// ConnectDemo connects the demo organization to DemoAccounts on the
// simulator: tokens the simulator issues for the demo owner's consent
// (the scopes a read-only connection asks for), stored by the same code
// the OAuth callback runs (connector.Service.Keep: one connection per
// account, tokens sealed with the stack's KMS token key under the
// organization and connection). Idempotent: a second start reseals the
// new simulator's tokens into the same connections and leaves their
// synced data.
func ConnectDemo(ctx context.Context, s *Stack, sim *adplatform.Server) ([]connector.Connection, error) {
	account, err := s.Provision.Table(dynamodb.NewFromConfig(s.AWS), retention.Account)
	if err != nil {
		return nil, err
	}
	store, err := connectordb.New(account)
	if err != nil {
		return nil, err
	}
	key := s.Provision.Resources["TokenKey"].Attrs["Arn"]
	if key == "" {
		return nil, errors.New("local: TokenKey was not provisioned")
	}
	httpc := &http.Client{Timeout: 30 * time.Second}
	providers := map[connector.Platform]connector.Provider{
		connector.Meta: meta.New(meta.Config{AppID: SimApps.MetaAppID, AppSecret: SimApps.MetaAppSecret, GraphURL: sim.MetaGraphURL() + "/" + meta.Version, HTTP: httpc}),
		connector.Google: google.New(google.Config{ClientID: SimApps.GoogleClientID, ClientSecret: SimApps.GoogleClientSecret, DeveloperToken: SimApps.GoogleDeveloperToken,
			TokenURL: sim.GoogleOAuth2URL() + "/token", AdsURL: sim.GoogleAdsURL() + "/" + google.Version, HTTP: httpc}),
	}
	svc := connector.Service{Store: store, Vault: connector.NewVault(envelope.Sealer{KMS: kms.NewFromConfig(s.AWS), KeyID: key})}
	var out []connector.Connection
	for _, p := range connector.Platforms {
		scopes := connector.Scopes(p, false)
		st := sim.IssueToken(adplatform.Platform(p), scopes...)
		tok := connector.Tokens{Access: st.AccessToken, Refresh: st.RefreshToken, Expiry: time.Now().Add(time.Duration(st.ExpiresIn) * time.Second).UTC()}
		accts, err := providers[p].Accounts(ctx, tok)
		if err != nil {
			return nil, fmt.Errorf("demo %s accounts: %w", p, err)
		}
		var keep []connector.Account
		for _, a := range accts {
			if a.ID == DemoAccounts[p] {
				keep = append(keep, a)
			}
		}
		cs, err := svc.Keep(ctx, connector.State{Platform: p, OrgID: DemoOrg, UserID: ids.UserID(DemoOwner), Scopes: scopes}, tok, keep)
		if err != nil {
			return nil, fmt.Errorf("demo %s connection: %w", p, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// SyncDemo fires the sync schedule (one job per active connection, as
// every hour) and waits until each of the demo's connections has finished
// a sync, so the dashboard routes answer with data once it returns. A
// connection synced before (a restart on running emulators) counts at once.
func SyncDemo(ctx context.Context, s *Stack, conns []connector.Connection, timeout time.Duration) error {
	var sch *Scheduler
	for _, f := range s.Provision.Functions {
		if f.LogicalID == "SyncScheduleFunction" && len(f.Schedules) > 0 {
			sch = s.Schedules[f.Schedules[0].Name]
		}
	}
	if sch == nil {
		return errors.New("local: no sync schedule")
	}
	if out, err := sch.Fire(ctx); err != nil {
		return fmt.Errorf("fire the sync schedule: %w: %s", err, out)
	}
	account, err := s.Provision.Table(dynamodb.NewFromConfig(s.AWS), retention.Account)
	if err != nil {
		return err
	}
	store, err := connectordb.New(account)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	for _, c := range conns {
		for {
			got, err := store.Get(ctx, c.OrgID, c.ID)
			if err != nil {
				return err
			}
			if !got.LastSyncAt.IsZero() {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the demo's %s connection did not sync within %s (last error: %q)", c.Platform, timeout, got.LastError)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(250 * time.Millisecond):
			}
		}
	}
	return nil
}
