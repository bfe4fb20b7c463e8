// Package meta is the Meta (Facebook, Instagram) Marketing API client of
// connector.Provider: the OAuth dialog and token endpoints
// (golang.org/x/oauth2), the long-lived token exchange, the granted
// permissions and the user's ad accounts. Base URLs are configuration,
// defaulting to Meta's.
package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/oautherr"
)

// Version is the Graph API version we speak.
const Version = "v24.0"

// Defaults are Meta's endpoints.
const (
	DefaultDialogURL = "https://www.facebook.com/" + Version + "/dialog/oauth"
	DefaultGraphURL  = "https://graph.facebook.com/" + Version
)

// Config is the app's credentials and where Meta is.
type Config struct {
	AppID, AppSecret string
	DialogURL        string
	GraphURL         string
	HTTP             *http.Client
}

// Client is Meta's connector.Provider.
type Client struct{ c Config }

var _ connector.Provider = (*Client)(nil)

// New fills the defaults.
func New(c Config) *Client {
	if c.DialogURL == "" {
		c.DialogURL = DefaultDialogURL
	}
	if c.GraphURL == "" {
		c.GraphURL = DefaultGraphURL
	}
	c.GraphURL = strings.TrimSuffix(c.GraphURL, "/")
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{c}
}

func (m *Client) Platform() connector.Platform { return connector.Meta }

func (m *Client) oauth(redirect string, scopes []string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: m.c.AppID, ClientSecret: m.c.AppSecret, RedirectURL: redirect, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: m.c.DialogURL, TokenURL: m.c.GraphURL + "/oauth/access_token", AuthStyle: oauth2.AuthStyleInParams},
	}
}

// AuthCodeURL is the consent dialog (Meta's scopes are comma-separated).
func (m *Client) AuthCodeURL(state, _, redirect string, scopes []string) string {
	cfg := m.oauth(redirect, nil)
	return cfg.AuthCodeURL(state, oauth2.SetAuthURLParam("scope", strings.Join(scopes, ",")), oauth2.SetAuthURLParam("response_type", "code"))
}

// Exchange trades the code for a short-lived token, that for a long-lived
// one (about 60 days), and checks every scope was granted.
func (m *Client) Exchange(ctx context.Context, code, _, redirect string, scopes []string) (connector.Tokens, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, m.c.HTTP)
	short, err := m.oauth(redirect, scopes).Exchange(ctx, code)
	if err != nil {
		return connector.Tokens{}, oautherr.Exchange("meta", err)
	}
	q := url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {m.c.AppID}, "client_secret": {m.c.AppSecret}, "fb_exchange_token": {short.AccessToken}}
	var long struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := m.get(ctx, "", m.c.GraphURL+"/oauth/access_token?"+q.Encode(), &long); err != nil {
		return connector.Tokens{}, err
	}
	if long.AccessToken == "" {
		return connector.Tokens{}, errors.New("meta: the long-lived token exchange returned no token")
	}
	t := connector.Tokens{Access: long.AccessToken}
	if long.ExpiresIn > 0 {
		t.Expiry = time.Now().UTC().Add(time.Duration(long.ExpiresIn) * time.Second).Truncate(time.Second)
	}
	var perms struct {
		Data []struct{ Permission, Status string } `json:"data"`
	}
	if err := m.get(ctx, t.Access, m.c.GraphURL+"/me/permissions", &perms); err != nil {
		return connector.Tokens{}, err
	}
	for _, s := range scopes {
		if !slices.ContainsFunc(perms.Data, func(p struct{ Permission, Status string }) bool {
			return p.Permission == s && p.Status == "granted"
		}) {
			return connector.Tokens{}, connector.ErrScope
		}
	}
	return t, nil
}

// Accounts lists me/adaccounts, every page.
func (m *Client) Accounts(ctx context.Context, t connector.Tokens) ([]connector.Account, error) {
	next := m.c.GraphURL + "/me/adaccounts?" + url.Values{"fields": {"id,account_id,name,account_status,currency,timezone_name"}, "limit": {"100"}}.Encode()
	var out []connector.Account
	for pages := 0; next != "" && pages < 50; pages++ {
		var raw struct {
			Data []struct {
				ID           string `json:"id"`
				AccountID    string `json:"account_id"`
				Name         string `json:"name"`
				Currency     string `json:"currency"`
				TimezoneName string `json:"timezone_name"`
			} `json:"data"`
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := m.get(ctx, t.Access, next, &raw); err != nil {
			return nil, err
		}
		for _, a := range raw.Data {
			id := a.AccountID
			if id == "" {
				id = strings.TrimPrefix(a.ID, "act_")
			}
			out = append(out, connector.Account{ID: id, Name: a.Name, Currency: a.Currency, TimeZone: a.TimezoneName})
		}
		next = raw.Paging.Next
	}
	return out, nil
}

// Verify checks the token is still accepted, changing nothing (GET
// me/permissions): a token the user removed the app from, or Meta
// invalidated, is ErrReauth (code 190).
func (m *Client) Verify(ctx context.Context, t connector.Tokens) error {
	var perms struct {
		Data []json.RawMessage `json:"data"`
	}
	return m.get(ctx, t.Access, m.c.GraphURL+"/me/permissions", &perms)
}

var _ connector.Verifier = (*Client)(nil)

// Refresh: a long-lived Meta token cannot be renewed without the user.
func (m *Client) Refresh(context.Context, connector.Tokens) (connector.Tokens, error) {
	return connector.Tokens{}, connector.ErrReauth
}

// Revoke deletes the app's permissions for the user (DELETE me/permissions).
func (m *Client) Revoke(ctx context.Context, t connector.Tokens) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, m.c.GraphURL+"/me/permissions", nil)
	if err != nil {
		return err
	}
	return m.do(req, t.Access, nil)
}

func (m *Client) get(ctx context.Context, token, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	return m.do(req, token, v)
}

// graphError is Graph's error body.
type graphError struct {
	Error struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    int    `json:"code"`
		Subcode int    `json:"error_subcode"`
	} `json:"error"`
}

func (m *Client) do(req *http.Request, token string, v any) error {
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := m.c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("meta: %s %s: %s", req.Method, req.URL.Path, oautherr.Safe(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var ge graphError
		_ = json.Unmarshal(body, &ge)
		switch {
		case ge.Error.Code == 190:
			return connector.ErrReauth
		case ge.Error.Code == 10 || (ge.Error.Code >= 200 && ge.Error.Code < 300):
			return connector.ErrScope
		}
		return fmt.Errorf("meta: %s %s: HTTP %d, code %d", req.Method, req.URL.Path, resp.StatusCode, ge.Error.Code)
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("meta: %s %s: bad JSON", req.Method, req.URL.Path)
	}
	return nil
}
