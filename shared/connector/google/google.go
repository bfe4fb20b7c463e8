// Package google is the Google Ads API client of connector.Provider:
// Google's OAuth endpoints with PKCE (golang.org/x/oauth2), offline access
// for a refresh token, and the ad accounts (listAccessibleCustomers, then
// each one's customer_client tree; manager accounts are not synced). Base
// URLs are configuration, defaulting to Google's.
package google

import (
	"bytes"
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

// Version is the Google Ads API version we speak.
const Version = "v22"

// Defaults are Google's endpoints.
const (
	DefaultAuthURL   = "https://accounts.google.com/o/oauth2/v2/auth"
	DefaultTokenURL  = "https://oauth2.googleapis.com/token"
	DefaultRevokeURL = "https://oauth2.googleapis.com/revoke"
	DefaultAdsURL    = "https://googleads.googleapis.com/" + Version
)

// Config is the OAuth client, the developer token and where Google is.
type Config struct {
	ClientID, ClientSecret, DeveloperToken string
	AuthURL, TokenURL, RevokeURL, AdsURL   string
	HTTP                                   *http.Client
}

// Client is Google Ads' connector.Provider.
type Client struct{ c Config }

var _ connector.Provider = (*Client)(nil)

// New fills the defaults.
func New(c Config) *Client {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&c.AuthURL, DefaultAuthURL)
	def(&c.TokenURL, DefaultTokenURL)
	def(&c.RevokeURL, DefaultRevokeURL)
	def(&c.AdsURL, DefaultAdsURL)
	c.AdsURL = strings.TrimSuffix(c.AdsURL, "/")
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{c}
}

func (g *Client) Platform() connector.Platform { return connector.Google }

func (g *Client) oauth(redirect string, scopes []string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: g.c.ClientID, ClientSecret: g.c.ClientSecret, RedirectURL: redirect, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: g.c.AuthURL, TokenURL: g.c.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
}

// AuthCodeURL asks for offline access (a refresh token), consent every
// time (so the refresh token comes back on a reconnect) and PKCE S256.
func (g *Client) AuthCodeURL(state, challenge, redirect string, scopes []string) string {
	return g.oauth(redirect, scopes).AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.ApprovalForce,
		oauth2.SetAuthURLParam("code_challenge", challenge), oauth2.SetAuthURLParam("code_challenge_method", "S256"))
}

func (g *Client) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, g.c.HTTP)
}

// Exchange trades the code (with the PKCE verifier) for tokens and checks
// the scopes were granted (Google lets the user untick them).
func (g *Client) Exchange(ctx context.Context, code, verifier, redirect string, scopes []string) (connector.Tokens, error) {
	tok, err := g.oauth(redirect, scopes).Exchange(g.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return connector.Tokens{}, oautherr.Exchange("google", err)
	}
	if granted, ok := tok.Extra("scope").(string); ok {
		have := strings.Fields(granted)
		for _, s := range scopes {
			if !slices.Contains(have, s) {
				return connector.Tokens{}, connector.ErrScope
			}
		}
	}
	return fromOAuth(tok), nil
}

func fromOAuth(t *oauth2.Token) connector.Tokens {
	return connector.Tokens{Access: t.AccessToken, Refresh: t.RefreshToken, Expiry: t.Expiry.UTC().Truncate(time.Second)}
}

// Refresh renews the access token; invalid_grant is ErrReauth.
func (g *Client) Refresh(ctx context.Context, t connector.Tokens) (connector.Tokens, error) {
	src := g.oauth("", nil).TokenSource(g.ctx(ctx), &oauth2.Token{RefreshToken: t.Refresh, Expiry: time.Unix(1, 0)})
	tok, err := src.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_grant" || re.ErrorCode == "unauthorized_client") {
			return connector.Tokens{}, connector.ErrReauth
		}
		return connector.Tokens{}, fmt.Errorf("google: refresh: %s", oautherr.Safe(err))
	}
	n := fromOAuth(tok)
	if n.Refresh == "" {
		n.Refresh = t.Refresh
	}
	return n, nil
}

// Revoke revokes the refresh token (and with it the access tokens).
func (g *Client) Revoke(ctx context.Context, t connector.Tokens) error {
	tok := t.Refresh
	if tok == "" {
		tok = t.Access
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.c.RevokeURL, strings.NewReader(url.Values{"token": {tok}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := g.c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("google: revoke: %s", oautherr.Safe(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusBadRequest: // invalid_token: already revoked or expired
		return connector.ErrReauth
	}
	return fmt.Errorf("google: revoke: HTTP %d", resp.StatusCode)
}

// clientQuery walks a customer's tree (the customer itself at level 0).
const clientQuery = "SELECT customer_client.id, customer_client.descriptive_name, customer_client.currency_code, customer_client.time_zone, customer_client.manager, customer_client.status FROM customer_client WHERE customer_client.status = 'ENABLED'"

// Accounts lists the accessible customers and each one's client tree,
// leaving out manager accounts, each account once.
func (g *Client) Accounts(ctx context.Context, t connector.Tokens) ([]connector.Account, error) {
	var roots struct {
		ResourceNames []string `json:"resourceNames"`
	}
	if err := g.call(ctx, t, http.MethodGet, "/customers:listAccessibleCustomers", "", nil, &roots); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []connector.Account
	for _, rn := range roots.ResourceNames {
		root := strings.TrimPrefix(rn, "customers/")
		var batches []struct {
			Results []struct {
				CustomerClient struct {
					ID              json.Number `json:"id"`
					DescriptiveName string      `json:"descriptiveName"`
					CurrencyCode    string      `json:"currencyCode"`
					TimeZone        string      `json:"timeZone"`
					Manager         bool        `json:"manager"`
				} `json:"customerClient"`
			} `json:"results"`
		}
		body, _ := json.Marshal(map[string]string{"query": clientQuery})
		if err := g.call(ctx, t, http.MethodPost, "/customers/"+root+"/googleAds:searchStream", root, body, &batches); err != nil {
			return nil, err
		}
		for _, b := range batches {
			for _, r := range b.Results {
				cc := r.CustomerClient
				id := cc.ID.String()
				if cc.Manager || id == "" || seen[id] {
					continue
				}
				seen[id] = true
				out = append(out, connector.Account{ID: id, Name: cc.DescriptiveName, Currency: cc.CurrencyCode, TimeZone: cc.TimeZone})
			}
		}
	}
	return out, nil
}

// NewAdsRequest is one Google Ads API request to u: the access token, the
// developer token, login-customer-id for a customer reached through a
// manager ("" for one reached directly), and body as JSON when there is one.
func NewAdsRequest(ctx context.Context, method, u, access, developerToken, loginCustomer string, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+access)
	req.Header.Set("developer-token", developerToken)
	if loginCustomer != "" {
		req.Header.Set("login-customer-id", loginCustomer)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// call sends one Google Ads API request with the developer token and, for
// a customer reached through a manager, login-customer-id.
func (g *Client) call(ctx context.Context, t connector.Tokens, method, path, loginCustomer string, body []byte, v any) error {
	req, err := NewAdsRequest(ctx, method, g.c.AdsURL+path, t.Access, g.c.DeveloperToken, loginCustomer, body)
	if err != nil {
		return err
	}
	resp, err := g.c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("google: %s: %s", path, oautherr.Safe(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return err
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return connector.ErrReauth
	case resp.StatusCode == http.StatusForbidden && bytes.Contains(raw, []byte("ACCESS_TOKEN_SCOPE_INSUFFICIENT")):
		return connector.ErrScope
	case resp.StatusCode >= 300:
		return fmt.Errorf("google: %s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("google: %s: bad JSON", path)
	}
	return nil
}
