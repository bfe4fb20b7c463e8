package google

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/oautherr"
	"github.com/medspa-ai/backend/shared/metrics"
)

// Reports is the Google Ads API's metrics side: GAQL over campaign,
// ad_group and ad_group_ad with segments.date, streamed by searchStream
// (each batch decoded and handed on as it arrives), and device and
// network segments at campaign level.
type Reports struct{ *Client }

var _ metrics.Source = Reports{}

// NewReports wraps the client.
func NewReports(c *Client) Reports { return Reports{c} }

var levelQuery = map[metrics.Level]struct{ fields, from string }{
	metrics.Campaign: {"campaign.id, campaign.name", "campaign"},
	metrics.AdSet:    {"campaign.id, campaign.name, ad_group.id, ad_group.name", "ad_group"},
	metrics.Ad:       {"campaign.id, campaign.name, ad_group.id, ad_group_ad.ad.id, ad_group_ad.ad.name", "ad_group_ad"},
}

const metricFields = "metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value"

type gResult struct {
	Campaign struct {
		ID   json.Number `json:"id"`
		Name string      `json:"name"`
	} `json:"campaign"`
	AdGroup struct {
		ID   json.Number `json:"id"`
		Name string      `json:"name"`
	} `json:"adGroup"`
	AdGroupAd struct {
		Ad struct {
			ID   json.Number `json:"id"`
			Name string      `json:"name"`
		} `json:"ad"`
	} `json:"adGroupAd"`
	Segments struct {
		Date          string `json:"date"`
		Device        string `json:"device"`
		AdNetworkType string `json:"adNetworkType"`
	} `json:"segments"`
	Metrics struct {
		CostMicros       json.Number `json:"costMicros"`
		Impressions      json.Number `json:"impressions"`
		Clicks           json.Number `json:"clicks"`
		Conversions      json.Number `json:"conversions"`
		ConversionsValue json.Number `json:"conversionsValue"`
	} `json:"metrics"`
}

func gCounts(r gResult) (metrics.Counts, error) {
	var c metrics.Counts
	var errs []error
	integer := func(n json.Number) int64 {
		if n == "" {
			return 0
		}
		v, err := strconv.ParseInt(string(n), 10, 64)
		errs = append(errs, err)
		return v
	}
	c.SpendMicros, c.Impressions, c.Clicks = integer(r.Metrics.CostMicros), integer(r.Metrics.Impressions), integer(r.Metrics.Clicks)
	if r.Metrics.Conversions != "" {
		v, err := metrics.ParseMilli(plain(r.Metrics.Conversions))
		c.ConversionsMilli, c.LeadsMilli = v, v
		errs = append(errs, err)
	}
	if r.Metrics.ConversionsValue != "" {
		v, err := metrics.ParseMicros(plain(r.Metrics.ConversionsValue))
		c.ConversionValueMicros = v
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// plain writes a JSON number without an exponent (1e+06 is 1000000), so
// it parses as an exact decimal.
func plain(n json.Number) string {
	s := string(n)
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func query(fields, from, segment, since, until string) string {
	return "SELECT " + fields + ", segments.date" + segment + ", " + metricFields + " FROM " + from +
		" WHERE segments.date BETWEEN '" + since + "' AND '" + until + "'"
}

// Rows streams the account's daily rows at p.Level.
func (g Reports) Rows(ctx context.Context, p metrics.Pull, fn func([]metrics.Row) error) error {
	lq, ok := levelQuery[p.Level]
	if !ok {
		return fmt.Errorf("google: level %q", p.Level)
	}
	return g.stream(ctx, p, query(lq.fields, lq.from, "", p.From, p.To), func(rs []gResult) error {
		rows := make([]metrics.Row, 0, len(rs))
		for _, r := range rs {
			c, err := gCounts(r)
			if err != nil {
				return fmt.Errorf("google: %w", err)
			}
			row := metrics.Row{OrgID: p.Conn.OrgID, ConnectionID: p.Conn.ID, Platform: connector.Google, AccountID: p.Conn.AccountID, Currency: p.Conn.Currency,
				Level: p.Level, CampaignID: r.Campaign.ID.String(), CampaignName: r.Campaign.Name, Date: r.Segments.Date, Counts: c}
			switch p.Level {
			case metrics.Campaign:
				row.EntityID, row.EntityName = row.CampaignID, row.CampaignName
			case metrics.AdSet:
				row.EntityID, row.EntityName, row.AdSetID = r.AdGroup.ID.String(), r.AdGroup.Name, r.AdGroup.ID.String()
			case metrics.Ad:
				row.EntityID, row.EntityName, row.AdSetID = r.AdGroupAd.Ad.ID.String(), r.AdGroupAd.Ad.Name, r.AdGroup.ID.String()
			}
			rows = append(rows, row)
		}
		return fn(rows)
	})
}

// Insights streams campaign-level cells by device and by network.
func (g Reports) Insights(ctx context.Context, p metrics.Pull, fn func([]metrics.Insight) error) error {
	for _, seg := range []struct{ dim, field string }{{"device", "segments.device"}, {"network", "segments.ad_network_type"}} {
		err := g.stream(ctx, p, query("campaign.id", "campaign", ", "+seg.field, p.From, p.To), func(rs []gResult) error {
			cells := make([]metrics.Insight, 0, len(rs))
			for _, r := range rs {
				c, err := gCounts(r)
				if err != nil {
					return fmt.Errorf("google: %w", err)
				}
				v := r.Segments.Device
				if seg.dim == "network" {
					v = r.Segments.AdNetworkType
				}
				cells = append(cells, metrics.Insight{OrgID: p.Conn.OrgID, ConnectionID: p.Conn.ID, Platform: connector.Google, AccountID: p.Conn.AccountID, Currency: p.Conn.Currency,
					CampaignID: r.Campaign.ID.String(), Date: r.Segments.Date, Dimension: seg.dim, Segment: v, Counts: c})
			}
			return fn(cells)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// LoginCustomer finds the manager an account is reached through: none
// when listAccessibleCustomers lists it, else the accessible manager
// whose client tree holds it.
func (g Reports) LoginCustomer(ctx context.Context, p metrics.Pull) (string, error) {
	var roots struct {
		ResourceNames []string `json:"resourceNames"`
	}
	if err := g.json(ctx, p, http.MethodGet, "/customers:listAccessibleCustomers", "", nil, &roots); err != nil {
		return "", err
	}
	for _, rn := range roots.ResourceNames {
		if strings.TrimPrefix(rn, "customers/") == p.Conn.AccountID {
			return "", nil
		}
	}
	body, _ := json.Marshal(map[string]string{"query": "SELECT customer_client.id FROM customer_client"})
	for _, rn := range roots.ResourceNames {
		root := strings.TrimPrefix(rn, "customers/")
		var batches []struct {
			Results []struct {
				CustomerClient struct {
					ID json.Number `json:"id"`
				} `json:"customerClient"`
			} `json:"results"`
		}
		err := g.json(ctx, p, http.MethodPost, "/customers/"+root+"/googleAds:searchStream", root, body, &batches)
		var th *metrics.Throttled
		switch {
		case errors.Is(err, connector.ErrReauth), errors.As(err, &th), errors.Is(err, metrics.ErrUnavailable), ctx.Err() != nil:
			return "", err
		case err != nil:
			continue // not a manager we may read
		}
		for _, b := range batches {
			for _, r := range b.Results {
				if r.CustomerClient.ID.String() == p.Conn.AccountID {
					return root, nil
				}
			}
		}
	}
	return "", nil
}

func (g Reports) json(ctx context.Context, p metrics.Pull, method, path, login string, body []byte, v any) error {
	resp, err := g.do(ctx, p, method, path, login, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(v); err != nil {
		return fmt.Errorf("google: %s: bad JSON: %w", path, metrics.ErrUnavailable)
	}
	return nil
}

var retryDelay = regexp.MustCompile(`"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"`)

// do sends one Google Ads API request and classifies its failure: 401
// ErrReauth, 429 or RESOURCE_EXHAUSTED Throttled (with retryDelay), 5xx
// ErrUnavailable. The caller closes the body of a response it gets.
func (g Reports) do(ctx context.Context, p metrics.Pull, method, path, login string, body []byte) (*http.Response, error) {
	req, err := NewAdsRequest(ctx, method, g.c.AdsURL+path, p.Tokens.Access, g.c.DeveloperToken, login, body)
	if err != nil {
		return nil, err
	}
	resp, err := g.c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("google: %s: %s: %w", path, oautherr.Safe(err), metrics.ErrUnavailable)
	}
	if resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, connector.ErrReauth
	case resp.StatusCode == http.StatusTooManyRequests || bytes.Contains(raw, []byte("RESOURCE_EXHAUSTED")):
		d := time.Minute
		if m := retryDelay.FindSubmatch(raw); m != nil {
			if s, err := strconv.ParseFloat(string(m[1]), 64); err == nil {
				d = time.Duration(s * float64(time.Second))
			}
		}
		return nil, &metrics.Throttled{RetryAfter: d, Code: "google RESOURCE_EXHAUSTED"}
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("google: %s: HTTP %d: %w", path, resp.StatusCode, metrics.ErrUnavailable)
	}
	return nil, fmt.Errorf("google: %s: HTTP %d: %s", path, resp.StatusCode, errorCode(raw))
}

// stream posts one searchStream query and decodes its array of batches
// one batch at a time.
func (g Reports) stream(ctx context.Context, p metrics.Pull, gaql string, fn func([]gResult) error) error {
	body, _ := json.Marshal(map[string]string{"query": gaql})
	resp, err := g.do(ctx, p, http.MethodPost, "/customers/"+p.Conn.AccountID+"/googleAds:searchStream", p.LoginCustomerID, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	bad := func() error { return fmt.Errorf("google: searchStream: bad JSON: %w", metrics.ErrUnavailable) }
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return bad()
	}
	for dec.More() {
		var batch struct {
			Results []gResult `json:"results"`
		}
		if err := dec.Decode(&batch); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return bad()
		}
		if err := fn(batch.Results); err != nil {
			return err
		}
	}
	return nil
}

// errorCode names the first GoogleAdsFailure error code, for the message.
func errorCode(raw []byte) string {
	var e struct {
		Error struct {
			Status  string `json:"status"`
			Details []struct {
				Errors []struct {
					ErrorCode map[string]string `json:"errorCode"`
				} `json:"errors"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &e)
	for _, d := range e.Error.Details {
		for _, x := range d.Errors {
			for _, v := range x.ErrorCode {
				return v
			}
		}
	}
	return e.Error.Status
}
