// Package googleads publishes campaign drafts through the Google Ads API's
// googleAds:mutate: a campaign budget, a search campaign with its
// proximity criteria (one atomic request), an ad group and a responsive
// search ad. Google keeps budget, campaign and ad group names unique, and
// every name carries the draft's tag, so a step whose answer was lost is
// found by name (the ad by its ad group) before it is retried.
package googleads

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/google"
)

// Client is Google's campaign.Ads.
type Client struct {
	AdsURL         string // default google.DefaultAdsURL
	DeveloperToken string
	// LoadDeveloperToken, when set, gives the developer token instead (read
	// with the app credentials on first use).
	LoadDeveloperToken func(context.Context) (string, error)
	HTTP               *http.Client
}

var _ campaign.Ads = (*Client)(nil)

// New fills the defaults.
func New(adsURL, developerToken string, hc *http.Client) *Client {
	if adsURL == "" {
		adsURL = google.DefaultAdsURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{AdsURL: strings.TrimSuffix(adsURL, "/"), DeveloperToken: developerToken, HTTP: hc}
}

func cid(t campaign.Target) string { return strings.ReplaceAll(t.AccountID, "-", "") }

func (c *Client) call(ctx context.Context, t campaign.Target, method string, body any, v any) error {
	dev := c.DeveloperToken
	if c.LoadDeveloperToken != nil {
		var err error
		if dev, err = c.LoadDeveloperToken(ctx); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(body)
	req, err := google.NewAdsRequest(ctx, http.MethodPost, c.AdsURL+"/customers/"+cid(t)+"/googleAds:"+method, t.Tokens.Access, dev, "", b)
	if err != nil {
		return err
	}
	return campaign.Call(c.HTTP, req, connector.Google, "Google Ads", refused, v)
}

// refused is Google Ads' error answer as a PlatformError: the last error
// detail's code and message, when it has details.
func refused(status int, raw []byte) error {
	var ge struct {
		Error struct {
			Message string `json:"message"`
			Status  string `json:"status"`
			Details []struct {
				Errors []struct {
					ErrorCode map[string]string `json:"errorCode"`
					Message   string            `json:"message"`
				} `json:"errors"`
			} `json:"details"`
		} `json:"error"`
	}
	json.Unmarshal(raw, &ge)
	code, msg := ge.Error.Status, ge.Error.Message
	for _, d := range ge.Error.Details {
		for _, e := range d.Errors {
			for _, v := range e.ErrorCode {
				code = v
			}
			msg = e.Message
		}
	}
	if status == http.StatusUnauthorized {
		msg = connector.ErrReauth.Error()
	}
	if msg == "" {
		msg = fmt.Sprintf("HTTP %d", status)
	}
	retry := status == 429 || status >= 500 || code == "INTERNAL_ERROR" || code == "TRANSIENT_ERROR"
	return &campaign.PlatformError{Platform: connector.Google, Code: code, Message: msg, Retryable: retry}
}

func status(d campaign.Draft) string {
	if d.Launch == campaign.Active {
		return "ENABLED"
	}
	return "PAUSED"
}

var resources = map[string]string{campaign.StepBudget: "campaign_budget", campaign.StepCampaign: "campaign", campaign.StepAdGroup: "ad_group", campaign.StepAd: "ad_group_ad"}

type searchResult struct {
	Results []map[string]struct {
		ResourceName  string `json:"resourceName"`
		Name          string `json:"name"`
		PolicySummary struct {
			ApprovalStatus string `json:"approvalStatus"`
			ReviewStatus   string `json:"reviewStatus"`
			Topics         []struct {
				Topic string `json:"topic"`
				Type  string `json:"type"`
			} `json:"policyTopicEntries"`
		} `json:"policySummary"`
	} `json:"results"`
}

func gaqlString(s string) string { return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) }

func (c *Client) search(ctx context.Context, t campaign.Target, res, where, value, extra string) (searchResult, error) {
	var out searchResult
	q := fmt.Sprintf("SELECT %s.resource_name%s FROM %s WHERE %s.%s = '%s'", res, extra, res, res, where, gaqlString(value))
	err := c.call(ctx, t, "search", map[string]string{"query": q}, &out)
	return out, err
}

// Find looks the step's object up by its name (the ad by its ad group).
func (c *Client) Find(ctx context.Context, t campaign.Target, d campaign.Draft, step string) (string, error) {
	res := resources[step]
	where, value := "name", d.ObjectName(step)
	if step == campaign.StepAd {
		where, value = "ad_group", d.StepID(campaign.StepAdGroup)
	}
	out, err := c.search(ctx, t, res, where, value, "")
	if err != nil {
		return "", err
	}
	key := map[string]string{"campaign_budget": "campaignBudget", "campaign": "campaign", "ad_group": "adGroup", "ad_group_ad": "adGroupAd"}[res]
	for _, r := range out.Results {
		if o, ok := r[key]; ok && o.ResourceName != "" {
			return o.ResourceName, nil
		}
	}
	return "", nil
}

// Create makes the step's object(s) in one atomic mutate.
func (c *Client) Create(ctx context.Context, t campaign.Target, d campaign.Draft, step string, _ []byte) (string, error) {
	name := d.ObjectName(step)
	var ops []map[string]any
	switch step {
	case campaign.StepBudget:
		ops = append(ops, map[string]any{"campaignBudgetOperation": map[string]any{"create": map[string]any{
			"name": name, "amountMicros": strconv.FormatInt(d.DailyBudget*10_000, 10), "deliveryMethod": "STANDARD", "explicitlyShared": false}}})
	case campaign.StepCampaign:
		temp := "customers/" + cid(t) + "/campaigns/-1"
		camp := map[string]any{"resourceName": temp, "name": name, "status": status(d), "advertisingChannelType": "SEARCH",
			"campaignBudget": d.StepID(campaign.StepBudget), "manualCpc": map[string]any{},
			"networkSettings": map[string]bool{"targetGoogleSearch": true, "targetSearchNetwork": true},
			"startDate":       d.Start.UTC().Format(time.DateOnly)}
		if !d.End.IsZero() {
			camp["endDate"] = d.End.UTC().Format(time.DateOnly)
		}
		ops = append(ops, map[string]any{"campaignOperation": map[string]any{"create": camp}})
		radius := d.Audience.RadiusKm
		if radius == 0 {
			radius = 15
		}
		for _, l := range d.Audience.Locations {
			city, region, _ := strings.Cut(l, ",")
			ops = append(ops, map[string]any{"campaignCriterionOperation": map[string]any{"create": map[string]any{
				"campaign": temp, "proximity": map[string]any{"address": map[string]string{"cityName": strings.TrimSpace(city), "provinceCode": strings.TrimSpace(region), "countryCode": "US"},
					"radius": radius, "radiusUnits": "KILOMETERS"}}}})
		}
	case campaign.StepAdGroup:
		ops = append(ops, map[string]any{"adGroupOperation": map[string]any{"create": map[string]any{
			"name": name, "campaign": d.StepID(campaign.StepCampaign), "status": "ENABLED", "type": "SEARCH_STANDARD", "cpcBidMicros": "1000000"}}})
	case campaign.StepAd:
		var hs, ds []map[string]string
		f := d.Creative.Fields
		keys := make([]string, 0, len(f))
		for k := range f {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return fieldOrder(keys[i]) < fieldOrder(keys[j]) })
		for _, k := range keys {
			switch {
			case strings.HasPrefix(k, "headline") && f[k] != "":
				hs = append(hs, map[string]string{"text": f[k]})
			case strings.HasPrefix(k, "description") && f[k] != "":
				ds = append(ds, map[string]string{"text": f[k]})
			}
		}
		rsa := map[string]any{"headlines": hs, "descriptions": ds}
		if f["path1"] != "" {
			rsa["path1"] = f["path1"]
		}
		if f["path2"] != "" {
			rsa["path2"] = f["path2"]
		}
		ops = append(ops, map[string]any{"adGroupAdOperation": map[string]any{"create": map[string]any{
			"adGroup": d.StepID(campaign.StepAdGroup), "status": status(d),
			"ad": map[string]any{"finalUrls": []string{d.Creative.LinkURL}, "responsiveSearchAd": rsa}}}})
	default:
		return "", fmt.Errorf("googleads: unknown step %q", step)
	}
	var out struct {
		Responses []map[string]struct {
			ResourceName string `json:"resourceName"`
		} `json:"mutateOperationResponses"`
	}
	if err := c.call(ctx, t, "mutate", map[string]any{"mutateOperations": ops}, &out); err != nil {
		return "", err
	}
	if len(out.Responses) == 0 {
		return "", &campaign.PlatformError{Platform: connector.Google, Code: "bad-response", Message: "Google Ads returned no resource", Retryable: true}
	}
	for _, r := range out.Responses[0] {
		return r.ResourceName, nil
	}
	return "", nil
}

func fieldOrder(k string) string {
	n := strings.TrimLeft(k, "abcdefghijklmnopqrstuvwxyz")
	i, _ := strconv.Atoi(n)
	return fmt.Sprintf("%s%03d", strings.TrimRight(k, "0123456789"), i)
}

// Review reads the ad's policy summary.
func (c *Client) Review(ctx context.Context, t campaign.Target, d campaign.Draft) (campaign.Review, error) {
	out, err := c.search(ctx, t, "ad_group_ad", "ad_group", d.StepID(campaign.StepAdGroup), ", ad_group_ad.policy_summary")
	if err != nil {
		return campaign.Review{}, err
	}
	r := campaign.Review{Status: campaign.InReview}
	for _, row := range out.Results {
		p := row["adGroupAd"].PolicySummary
		r.PlatformStatus = p.ApprovalStatus
		switch p.ApprovalStatus {
		case "APPROVED", "APPROVED_LIMITED":
			r.Status = campaign.Approve
		case "DISAPPROVED":
			r.Status = campaign.Rejected
			var topics []string
			for _, e := range p.Topics {
				topics = append(topics, e.Topic)
			}
			r.Reason = strings.Join(topics, "; ")
		}
	}
	return r, nil
}

// SetDelivery sets the campaign's and the ad's status; archiving removes
// them (Google has no archive).
func (c *Client) SetDelivery(ctx context.Context, t campaign.Target, d campaign.Draft, to campaign.Delivery) error {
	var ops []map[string]any
	for _, x := range []struct{ op, step string }{{"campaignOperation", campaign.StepCampaign}, {"adGroupAdOperation", campaign.StepAd}} {
		if to == campaign.Archived {
			ops = append(ops, map[string]any{x.op: map[string]any{"remove": d.StepID(x.step)}})
			continue
		}
		st := "PAUSED"
		if to == campaign.Active {
			st = "ENABLED"
		}
		ops = append(ops, map[string]any{x.op: map[string]any{"update": map[string]any{"resourceName": d.StepID(x.step), "status": st}, "updateMask": "status"}})
	}
	var out map[string]any
	return c.call(ctx, t, "mutate", map[string]any{"mutateOperations": ops}, &out)
}
