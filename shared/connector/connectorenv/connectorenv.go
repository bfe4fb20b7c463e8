// Package connectorenv wires the daily connection lifecycle check from the
// connectioncheck function's environment: the account table (connections,
// memberships, profiles) and the marketing table (the rest of a profile),
// the token key, the app credentials, the platforms' base URLs, SES and
// the frontend's origin for the reconnect link.
package connectorenv

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/notice"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// Name is the schedule's name in its event.
const Name = "connection-check"

// Workers is how many connections are checked at once.
const Workers = 4

// Result counts what a run did.
type Result struct {
	Checked     int `json:"checked"`
	Refreshed   int `json:"refreshed"`
	Warned      int `json:"warned"`
	NeedsReauth int `json:"needsReauth"`
	Failed      int `json:"failed"`
}

// Checker is the schedule event's handler.
type Checker struct {
	Service  connector.Service
	Notifier connector.Notifier
	Log      *slog.Logger
	Workers  int
}

// Handle checks every synced connection. A connection whose check fails
// is logged and counted and the others go on; the run then fails, so the
// scheduler retries it (every step is idempotent) and the error shows.
func (c Checker) Handle(ctx context.Context, ev schedule.Event) (Result, error) {
	if err := ev.Expect(Name); err != nil {
		return Result{}, err
	}
	var res Result
	err := c.Service.CheckAll(ctx, c.Notifier, c.Workers, func(conn connector.Connection, o connector.Outcome, err error) {
		res.Checked++
		attrs := []any{"orgId", conn.OrgID, "connectionId", conn.ID, "platform", string(conn.Platform), "outcome", string(o)}
		switch {
		case err != nil:
			res.Failed++
			c.Log.ErrorContext(ctx, "connection check failed", append(attrs, "error", err.Error())...)
			return
		case o == connector.Refreshed:
			res.Refreshed++
		case o == connector.Warned:
			res.Warned++
		case o == connector.Reauth:
			res.NeedsReauth++
		}
		if o != connector.Unchanged {
			c.Log.InfoContext(ctx, "connection checked", attrs...)
		}
	})
	c.Log.InfoContext(ctx, "connection checks done", "checked", res.Checked, "refreshed", res.Refreshed, "warned", res.Warned,
		"needsReauth", res.NeedsReauth, "failed", res.Failed)
	if err != nil {
		return res, fmt.Errorf("connection check: %w", err)
	}
	if res.Failed > 0 {
		return res, fmt.Errorf("connection check: %d of %d connections failed", res.Failed, res.Checked)
	}
	return res, nil
}

// Handler is the connectioncheck function's handler.
func Handler(b *boot.Boot) func(context.Context, schedule.Event) (Result, error) {
	account, marketing := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("MARKETING_TABLE", retention.Marketing)
	apps, vault, e := b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID")), b.Env.Optional
	from, frontend := b.Env.Required("EMAIL_FROM"), b.Env.Required("ALLOWED_ORIGIN")
	m, g := appcreds.Endpoints(e)
	b.Ready()
	connections, err1 := connectordb.New(account)
	orgs, err2 := orgdb.New(account)
	profiles, err3 := profiledb.New(account, marketing)
	b.Must(err1, err2, err3)
	m.HTTP, g.HTTP = &http.Client{Timeout: 30 * time.Second}, &http.Client{Timeout: 30 * time.Second}
	// The app credentials are read once per container, on the first check.
	providers, _ := appcreds.Providers(apps, m, g)
	c := Checker{
		Service:  connector.Service{Store: connections, Vault: vault, Providers: providers},
		Notifier: notice.Mailer{Members: orgs, Profiles: profiles, Sender: sesmail.New(sesv2.NewFromConfig(b.AWS), from, ""), Frontend: frontend},
		Log:      b.Log, Workers: Workers,
	}
	return c.Handle
}
