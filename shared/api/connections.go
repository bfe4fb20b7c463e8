package api

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// connectionView is one connected ad account. Never its tokens.
type connectionView struct {
	ID          string             `json:"id"`
	Provider    connector.Platform `json:"provider"`
	AccountID   string             `json:"accountId"`
	AccountName string             `json:"accountName"`
	Currency    string             `json:"currency"`
	TimeZone    string             `json:"timeZone"`
	Status      connector.Status   `json:"status"`
	LastSyncAt  *time.Time         `json:"lastSyncAt"`
	LastError   *string            `json:"lastError"`
	ConnectedAt time.Time          `json:"connectedAt"`
}

func viewConnection(c connector.Connection) connectionView {
	v := connectionView{ID: c.ID, Provider: c.Platform, AccountID: c.AccountID, AccountName: c.AccountName, Currency: c.Currency,
		TimeZone: c.TimeZone, Status: c.Status, ConnectedAt: c.ConnectedAt}
	if !c.LastSyncAt.IsZero() {
		t := c.LastSyncAt
		v.LastSyncAt = &t
	}
	if c.LastError != "" {
		e := c.LastError
		v.LastError = &e
	}
	return v
}

// authorizationView is the answer of POST .../connections/{provider}/authorize.
type authorizationView struct {
	AuthorizationURL string    `json:"authorizationUrl"`
	ExpiresAt        time.Time `json:"expiresAt"`
}

// connectionPatch is PATCH .../connections/{connectionId}.
type connectionPatch struct {
	Enabled *bool `json:"enabled"`
}

func (in *connectionPatch) check(c *checker) {
	if in.Enabled == nil {
		c.fail("enabled", "required: true to sync the account, false to pause it")
	}
}

func loadConnectionsPage(c *call) (org.Snapshot, error) {
	if c.page.after != "" && !ids.ValidWithPrefix(c.page.after, "con") {
		return org.Snapshot{}, problem.BadRequest("cursor is not valid here.")
	}
	return c.s.d.Orgs.ListConnections(c.ctx, c.orgID, c.who.UserID, c.page.after, c.page.limit)
}

func (s *Server) listConnections(c *call) (reply, error) {
	views := make([]connectionView, 0, len(c.snap.Connections))
	for _, cn := range c.snap.Connections {
		views = append(views, viewConnection(cn))
	}
	return ok(listOf(views, c.next(c.snap.NextConnection)))
}

// authorize starts a connection: a single-use state for this member, this
// organization and this platform, and the link that binds it to the
// member's browser and opens the platform's consent page. The write scope
// is asked for only when an automation that changes campaigns is on.
func (s *Server) authorize(c *call) (reply, error) {
	p := connector.Platform(c.r.PathValue("provider"))
	if !p.Valid() {
		return reply{}, problem.NotFound("Unknown provider; use meta or google.")
	}
	write := c.snap.Settings != nil && c.snap.Settings.ChangesCampaigns()
	st := connector.NewState(p, c.orgID, c.who.UserID, write, c.now)
	if err := s.d.OAuthStates.Create(c.ctx, st); err != nil {
		return reply{}, err
	}
	return ok(authorizationView{AuthorizationURL: publicBase(c.r) + "/oauth/" + string(p) + "/start?" + url.Values{"state": {st.Value}}.Encode(), ExpiresAt: st.ExpiresAt})
}

// publicBase is the API's own origin, as the client reached it (API
// Gateway sets X-Forwarded-Proto; the /oauth routes are on the same API).
func publicBase(r *http.Request) string {
	scheme := r.Header.Get("X-Forwarded-Proto")
	if scheme == "" {
		scheme = "https"
		if h := r.Host; len(h) >= 9 && (h[:9] == "127.0.0.1" || h[:9] == "localhost") {
			scheme = "http"
		}
	}
	return scheme + "://" + r.Host
}

// noConnection is the not-found detail when no connection of the
// organization has the ID.
const noConnection = "No such connection in this organization."

func connectionID(c *call) (string, error) { return pathID(c, "connectionId", "con", noConnection) }

func (s *Server) patchConnection(c *call) (reply, error) {
	id, err := connectionID(c)
	if err != nil {
		return reply{}, err
	}
	cn, err := s.d.Connector.SetEnabled(c.ctx, c.orgID, id, *c.in.(*connectionPatch).Enabled)
	if err != nil {
		return reply{}, connectionProblem(err)
	}
	return ok(viewConnection(cn))
}

// deleteConnection revokes the authorization at the platform, deletes the
// tokens and keeps the record (revoked), per the account category.
func (s *Server) deleteConnection(c *call) (reply, error) {
	id, err := connectionID(c)
	if err != nil {
		return reply{}, err
	}
	if _, err := s.d.Connector.Revoke(c.ctx, c.orgID, id); err != nil {
		return reply{}, connectionProblem(err)
	}
	return reply{status: http.StatusNoContent}, nil
}

func connectionProblem(err error) error {
	switch {
	case errors.Is(err, connector.ErrNotFound):
		return problem.NotFound(noConnection)
	case errors.Is(err, connector.ErrNeedsConnect):
		return errOf(typeNeedsReconnect, "")
	case errors.Is(err, connector.ErrConflict):
		return errConflict()
	}
	return err
}

// connectionSchemas are the OpenAPI schemas of the connection routes.
func connectionSchemas(into schema) schema {
	into["Provider"] = platformEnum()
	into["ConnectionId"] = schema{"type": "string", "pattern": "^con_[a-z2-7]{24}$"}
	into["Connection"] = object(schema{"id": ref("ConnectionId"), "provider": ref("Provider"), "accountId": str(1, 64), "accountName": str(0, 256),
		"currency": str(0, 8), "timeZone": str(0, 64), "status": enumOf(connector.Statuses),
		"lastSyncAt": schema{"type": []string{"string", "null"}, "format": "date-time"}, "lastError": nullable("string"), "connectedAt": dateTime()},
		"id", "provider", "accountId", "accountName", "currency", "timeZone", "status", "lastSyncAt", "lastError", "connectedAt")
	into["ConnectionList"] = listOfSchema("Connection")
	into["ConnectionPatch"] = object(schema{"enabled": schema{"type": "boolean", "description": "false pauses the sync, true resumes it"}}, "enabled")
	into["Authorization"] = object(schema{"authorizationUrl": schema{"type": "string", "format": "uri",
		"description": "Open it in the member's browser: it binds the single-use state (10 minutes) to that browser and opens the platform's consent page"},
		"expiresAt": dateTime()}, "authorizationUrl", "expiresAt")
	return into
}
