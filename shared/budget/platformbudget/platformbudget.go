// Package platformbudget reads and writes campaigns' daily budgets at the
// ad platforms: Meta's campaign (or ad set) daily_budget on the Graph API,
// Google Ads' campaign budget amount_micros (campaignBudgets:mutate, read
// through GAQL). It implements budget.Applier; the optimiser applies and
// reverts budget recommendations through it. Errors carry the platform's
// message, never the token.
package platformbudget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// Access is what a call needs for one campaign: the connection's access
// token and ad account (Google: the customer ID, and the manager's as
// login customer when the account is reached through one).
type Access struct {
	Token           string
	AccountID       string
	LoginCustomerID string
}

// Resolver finds the access for an organization's campaign: the
// connection of the organization that holds it (tenant-bound).
type Resolver func(ctx context.Context, orgID string, p budget.Platform, campaignID string) (Access, error)

// Config are the platforms' base URLs (real ones by default) and Google's
// developer token.
type Config struct {
	MetaGraphURL   string // default https://graph.facebook.com/v21.0
	GoogleAdsURL   string // default https://googleads.googleapis.com/v18
	DeveloperToken string
	// LoadDeveloperToken, when set, gives the developer token at call time
	// (it comes with the app credentials, read on first use).
	LoadDeveloperToken func(ctx context.Context) (string, error)
	HTTP               *http.Client
}

// Client is budget.Applier over the platforms' HTTP APIs.
type Client struct {
	cfg     Config
	resolve Resolver
}

var _ budget.Applier = (*Client)(nil)

// New builds the client.
func New(cfg Config, resolve Resolver) *Client {
	if cfg.MetaGraphURL == "" {
		cfg.MetaGraphURL = "https://graph.facebook.com/v21.0"
	}
	if cfg.GoogleAdsURL == "" {
		cfg.GoogleAdsURL = "https://googleads.googleapis.com/v18"
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 20 * time.Second}
	}
	return &Client{cfg: cfg, resolve: resolve}
}

// ErrPlatform is a refusal or failure the platform answered.
var ErrPlatform = errors.New("platformbudget: the platform refused or failed the call")

// DailyBudget reads a campaign's daily budget.
func (c *Client) DailyBudget(ctx context.Context, orgID string, p budget.Platform, campaignID string) (budget.Micros, error) {
	acc, err := c.resolve(ctx, orgID, p, campaignID)
	if err != nil {
		return 0, err
	}
	switch p {
	case budget.Meta:
		var out struct {
			DailyBudget string `json:"daily_budget"`
		}
		q := url.Values{"fields": {"daily_budget"}}
		if err := c.do(ctx, http.MethodGet, c.cfg.MetaGraphURL+"/"+url.PathEscape(campaignID)+"?"+q.Encode(), acc, nil, "", &out); err != nil {
			return 0, err
		}
		minor, err := strconv.ParseInt(out.DailyBudget, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: meta daily_budget %q", ErrPlatform, out.DailyBudget)
		}
		return budget.Micros(minor * 10000), nil
	case budget.Google:
		if !digits(campaignID) {
			return 0, fmt.Errorf("platformbudget: google campaign ID %q is not numeric", campaignID)
		}
		body, _ := json.Marshal(map[string]string{"query": "SELECT campaign.id, campaign_budget.amount_micros FROM campaign WHERE campaign.id = " + campaignID})
		var out struct {
			Results []struct {
				CampaignBudget struct {
					AmountMicros string `json:"amountMicros"`
				} `json:"campaignBudget"`
			} `json:"results"`
		}
		if err := c.do(ctx, http.MethodPost, c.cfg.GoogleAdsURL+"/customers/"+acc.AccountID+"/googleAds:search", acc, body, "application/json", &out); err != nil {
			return 0, err
		}
		if len(out.Results) != 1 {
			return 0, fmt.Errorf("%w: google campaign %s not found", ErrPlatform, campaignID)
		}
		n, err := strconv.ParseInt(out.Results[0].CampaignBudget.AmountMicros, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: google amount_micros %q", ErrPlatform, out.Results[0].CampaignBudget.AmountMicros)
		}
		return budget.Micros(n), nil
	}
	return 0, fmt.Errorf("platformbudget: unknown platform %q", p)
}

// SetDailyBudget writes a campaign's daily budget (whole cents).
func (c *Client) SetDailyBudget(ctx context.Context, orgID string, p budget.Platform, campaignID string, b budget.Micros) error {
	if b <= 0 || b%10000 != 0 {
		return fmt.Errorf("platformbudget: budget %d micros is not whole cents", b)
	}
	acc, err := c.resolve(ctx, orgID, p, campaignID)
	if err != nil {
		return err
	}
	switch p {
	case budget.Meta:
		form := url.Values{"daily_budget": {strconv.FormatInt(int64(b)/10000, 10)}}
		var out struct {
			Success bool `json:"success"`
		}
		if err := c.do(ctx, http.MethodPost, c.cfg.MetaGraphURL+"/"+url.PathEscape(campaignID), acc, []byte(form.Encode()), "application/x-www-form-urlencoded", &out); err != nil {
			return err
		}
		if !out.Success {
			return fmt.Errorf("%w: meta did not confirm the budget", ErrPlatform)
		}
		return nil
	case budget.Google:
		if !digits(campaignID) {
			return fmt.Errorf("platformbudget: google campaign ID %q is not numeric", campaignID)
		}
		// Campaigns here own their budget (one each), named by the
		// campaign's ID; a shared budget is not changed for one campaign.
		body, _ := json.Marshal(map[string]any{"operations": []any{map[string]any{
			"update":     map[string]any{"resourceName": "customers/" + acc.AccountID + "/campaignBudgets/" + campaignID, "amountMicros": strconv.FormatInt(int64(b), 10)},
			"updateMask": "amount_micros",
		}}})
		var out struct {
			Results []json.RawMessage `json:"results"`
		}
		if err := c.do(ctx, http.MethodPost, c.cfg.GoogleAdsURL+"/customers/"+acc.AccountID+"/campaignBudgets:mutate", acc, body, "application/json", &out); err != nil {
			return err
		}
		if len(out.Results) != 1 {
			return fmt.Errorf("%w: google did not confirm the budget", ErrPlatform)
		}
		return nil
	}
	return fmt.Errorf("platformbudget: unknown platform %q", p)
}

func (c *Client) do(ctx context.Context, method, u string, acc Access, body []byte, ctype string, out any) error {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(string(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+acc.Token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if strings.HasPrefix(u, c.cfg.GoogleAdsURL) {
		dev := c.cfg.DeveloperToken
		if c.cfg.LoadDeveloperToken != nil {
			if dev, err = c.cfg.LoadDeveloperToken(ctx); err != nil {
				return fmt.Errorf("platformbudget: the developer token: %w", err)
			}
		}
		req.Header.Set("developer-token", dev)
		if acc.LoginCustomerID != "" {
			req.Header.Set("login-customer-id", acc.LoginCustomerID)
		}
	}
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		// The URL holds no secret (the token is a header), but say only
		// which call failed.
		return fmt.Errorf("%w: %s %s: %v", ErrPlatform, method, redact(u), errors.Unwrap(err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%w: %s answered %d: %s", ErrPlatform, redact(u), resp.StatusCode, message(b))
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%w: %s: undecodable answer", ErrPlatform, redact(u))
	}
	return nil
}

// message is the platform's error message (Meta error.message, Google
// error.message), not the whole body.
func message(b []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && len(e.Error) > 0 {
		var m struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(e.Error, &m) == nil && m.Message != "" {
			return m.Message
		}
	}
	return "no error message"
}

func redact(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
