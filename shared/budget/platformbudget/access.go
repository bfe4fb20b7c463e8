package platformbudget

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/metrics"
)

// Connections lists an organization's connections (connector.Store).
type Connections interface {
	List(ctx context.Context, orgID string) ([]connector.Connection, error)
}

// Tokens opens a connection's tokens, refreshed when due
// (connector.Service, the sync worker's way to its tokens).
type Tokens interface {
	Tokens(ctx context.Context, c connector.Connection) (connector.Tokens, error)
}

// SyncState is where a Google connection's manager (login customer) was
// found by metric sync (metrics.Store's State).
type SyncState interface {
	State(ctx context.Context, orgID, connID string) (metrics.State, error)
}

// Connected resolves an organization's campaign to the connection that
// holds it: the organization's synced connection of the platform whose ad
// account reported the campaign in its recent metric rows (when no row
// names the campaign, the organization's only synced connection of the
// platform). Only the organization's own
// connections are looked at, so another organization's campaign is never
// reached with its token.
type Connected struct {
	Connections Connections
	Tokens      Tokens
	State       SyncState
	Rows        metrics.Reader
	Now         func() time.Time
}

// ErrNoConnection: no synced connection of the organization holds the
// campaign (revoked, disabled, needing a reconnect, or never connected).
var ErrNoConnection = errors.New("platformbudget: no synced connection of the organization holds the campaign")

// AccountWindowDays is how far back the campaign's ad account is looked
// up in the metric rows.
const AccountWindowDays = 35

// Resolve is a Resolver.
func (r Connected) Resolve(ctx context.Context, orgID string, p budget.Platform, campaignID string) (Access, error) {
	cs, err := r.Connections.List(ctx, orgID)
	if err != nil {
		return Access{}, err
	}
	var synced []connector.Connection
	for _, c := range cs {
		if c.OrgID == orgID && string(c.Platform) == string(p) && c.Status.Synced() {
			synced = append(synced, c)
		}
	}
	if len(synced) == 0 {
		return Access{}, fmt.Errorf("%w (%s)", ErrNoConnection, p)
	}
	acct, known, err := r.account(ctx, orgID, p, campaignID)
	if err != nil {
		return Access{}, err
	}
	var conn *connector.Connection
	switch {
	case known:
		for i := range synced {
			if synced[i].AccountID == acct {
				conn = &synced[i]
			}
		}
	case len(synced) == 1:
		// No recent row names the campaign's account (a new campaign):
		// the only account there is.
		conn = &synced[0]
	}
	if conn == nil {
		return Access{}, fmt.Errorf("%w (%s campaign %s)", ErrNoConnection, p, campaignID)
	}
	tok, err := r.Tokens.Tokens(ctx, *conn)
	if err != nil {
		return Access{}, fmt.Errorf("platformbudget: the connection's tokens: %w", err)
	}
	acc := Access{Token: tok.Access, AccountID: conn.AccountID}
	if p == budget.Google && r.State != nil {
		st, err := r.State.State(ctx, orgID, conn.ID)
		if err != nil {
			return Access{}, err
		}
		if st.LoginCustomerID != "-" {
			acc.LoginCustomerID = st.LoginCustomerID
		}
	}
	return acc, nil
}

// account is the ad account that reported the campaign in the recent
// metric rows; known is false when none did.
func (r Connected) account(ctx context.Context, orgID string, p budget.Platform, campaignID string) (acct string, known bool, err error) {
	if r.Rows == nil {
		return "", false, nil
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	to := now().UTC()
	rows, err := r.Rows.CampaignDays(ctx, orgID, to.AddDate(0, 0, -AccountWindowDays).Format(time.DateOnly), to.Format(time.DateOnly))
	if err != nil {
		return "", false, err
	}
	for _, row := range rows {
		if (row.OrgID == "" || row.OrgID == orgID) && string(row.Platform) == string(p) && row.CampaignID == campaignID {
			return row.AccountID, true, nil
		}
	}
	return "", false, nil
}
