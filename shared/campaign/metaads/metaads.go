// Package metaads publishes campaign drafts through the Meta Marketing
// API: adimages / advideos uploads, then act_{id}/campaigns, adsets,
// adcreatives and ads (Facebook and Instagram placements through the same
// calls), each named with the draft's tag so a step whose answer was lost
// is found by name before it is retried. Image uploads are content
// addressed (the hash is the bytes'), so uploading again is harmless.
package metaads

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/meta"
)

// Client is Meta's campaign.Ads.
type Client struct {
	GraphURL string // default meta.DefaultGraphURL
	HTTP     *http.Client
}

var _ campaign.Ads = (*Client)(nil)

// New fills the defaults.
func New(graphURL string, hc *http.Client) *Client {
	if graphURL == "" {
		graphURL = meta.DefaultGraphURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{GraphURL: strings.TrimSuffix(graphURL, "/"), HTTP: hc}
}

type graphError struct {
	Error struct {
		Message   string `json:"message"`
		Code      int    `json:"code"`
		Subcode   int    `json:"error_subcode"`
		UserTitle string `json:"error_user_title"`
		UserMsg   string `json:"error_user_msg"`
		Transient bool   `json:"is_transient"`
	} `json:"error"`
}

// throttled are Meta's rate-limit codes: retried later.
func retryable(code, status int) bool {
	switch {
	case status >= 500, code == 1, code == 2, code == 4, code == 17, code == 32, code == 613, code >= 80000 && code <= 80014:
		return true
	}
	return false
}

func (c *Client) do(ctx context.Context, t campaign.Target, method, path string, form url.Values, body io.Reader, contentType string, v any) error {
	u := c.GraphURL + "/" + path
	if form != nil && method == http.MethodGet {
		u += "?" + form.Encode()
	} else if form != nil {
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+t.Tokens.Access)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return campaign.Call(c.HTTP, req, connector.Meta, "Meta", refused, v)
}

// refused is a Graph API error answer as a PlatformError: the message
// Meta writes for users where it has one, the code with its subcode.
func refused(status int, raw []byte) error {
	var ge graphError
	json.Unmarshal(raw, &ge)
	e := ge.Error
	msg := e.UserMsg
	if e.UserTitle != "" {
		msg = e.UserTitle + ": " + e.UserMsg
	}
	if msg == "" {
		msg = e.Message
	}
	if msg == "" {
		msg = fmt.Sprintf("HTTP %d", status)
	}
	if e.Code == 190 {
		msg = connector.ErrReauth.Error()
	}
	code := strconv.Itoa(e.Code)
	if e.Subcode != 0 {
		code += "/" + strconv.Itoa(e.Subcode)
	}
	return &campaign.PlatformError{Platform: connector.Meta, Code: code, Message: msg, Retryable: e.Transient || retryable(e.Code, status)}
}

func act(t campaign.Target) string { return "act_" + strings.TrimPrefix(t.AccountID, "act_") }

func status(d campaign.Draft) string {
	if d.Launch == campaign.Active {
		return "ACTIVE"
	}
	return "PAUSED"
}

var edges = map[string]string{campaign.StepCampaign: "campaigns", campaign.StepAdSet: "adsets", campaign.StepCreative: "adcreatives", campaign.StepAd: "ads"}

// Find looks the step's object up by the draft's tag in its name.
func (c *Client) Find(ctx context.Context, t campaign.Target, d campaign.Draft, step string) (string, error) {
	edge := edges[step]
	if edge == "" {
		return "", nil // uploads are content addressed: uploading again is safe
	}
	filter, _ := json.Marshal([]map[string]string{{"field": "name", "operator": "CONTAIN", "value": d.Tag()}})
	var out struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := c.do(ctx, t, http.MethodGet, act(t)+"/"+edge, url.Values{"fields": {"id,name"}, "filtering": {string(filter)}}, nil, "", &out); err != nil {
		return "", err
	}
	for _, o := range out.Data {
		if o.Name == d.ObjectName(step) {
			return o.ID, nil
		}
	}
	return "", nil
}

// Create makes the step's object.
func (c *Client) Create(ctx context.Context, t campaign.Target, d campaign.Draft, step string, media []byte) (string, error) {
	var out struct {
		ID     string `json:"id"`
		Images map[string]struct {
			Hash string `json:"hash"`
		} `json:"images"`
	}
	f := url.Values{"name": {d.ObjectName(step)}}
	var err error
	switch step {
	case campaign.StepImage:
		f.Set("bytes", base64.StdEncoding.EncodeToString(media))
		if err = c.do(ctx, t, http.MethodPost, act(t)+"/adimages", f, nil, "", &out); err != nil {
			return "", err
		}
		for _, im := range out.Images {
			return im.Hash, nil
		}
		return "", &campaign.PlatformError{Platform: connector.Meta, Code: "bad-response", Message: "Meta returned no image hash", Retryable: true}
	case campaign.StepVideo:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("name", d.ObjectName(step))
		fw, _ := mw.CreateFormFile("source", "video")
		fw.Write(media)
		mw.Close()
		err = c.do(ctx, t, http.MethodPost, act(t)+"/advideos", nil, &buf, mw.FormDataContentType(), &out)
	case campaign.StepCampaign:
		f.Set("objective", campaign.MetaObjective(d.Goal))
		f.Set("status", status(d))
		f.Set("special_ad_categories", "[]")
		f.Set("buying_type", "AUCTION")
		err = c.do(ctx, t, http.MethodPost, act(t)+"/campaigns", f, nil, "", &out)
	case campaign.StepAdSet:
		tg, _ := json.Marshal(targeting(d.Audience))
		f.Set("campaign_id", d.StepID(campaign.StepCampaign))
		f.Set("daily_budget", strconv.FormatInt(d.DailyBudget, 10))
		f.Set("billing_event", "IMPRESSIONS")
		f.Set("optimization_goal", map[campaign.Goal]string{campaign.Traffic: "LINK_CLICKS", campaign.Leads: "LEAD_GENERATION"}[d.Goal])
		if f.Get("optimization_goal") == "" {
			f.Set("optimization_goal", "REACH")
		}
		f.Set("bid_strategy", "LOWEST_COST_WITHOUT_CAP")
		f.Set("targeting", string(tg))
		f.Set("start_time", d.Start.UTC().Format(time.RFC3339))
		if !d.End.IsZero() {
			f.Set("end_time", d.End.UTC().Format(time.RFC3339))
		}
		f.Set("status", status(d))
		err = c.do(ctx, t, http.MethodPost, act(t)+"/adsets", f, nil, "", &out)
	case campaign.StepCreative:
		spec, _ := json.Marshal(storySpec(d))
		f.Set("object_story_spec", string(spec))
		err = c.do(ctx, t, http.MethodPost, act(t)+"/adcreatives", f, nil, "", &out)
	case campaign.StepAd:
		cr, _ := json.Marshal(map[string]string{"creative_id": d.StepID(campaign.StepCreative)})
		f.Set("adset_id", d.StepID(campaign.StepAdSet))
		f.Set("creative", string(cr))
		f.Set("status", status(d))
		err = c.do(ctx, t, http.MethodPost, act(t)+"/ads", f, nil, "", &out)
	default:
		return "", fmt.Errorf("metaads: unknown step %q", step)
	}
	if err == nil && out.ID == "" {
		err = &campaign.PlatformError{Platform: connector.Meta, Code: "bad-response", Message: "Meta returned no ID", Retryable: true}
	}
	return out.ID, err
}

// targeting is the ad set's audience: the business's locations by
// address and an age range; never detailed (interest) targeting.
func targeting(a campaign.Audience) map[string]any {
	radius := a.RadiusKm
	if radius == 0 {
		radius = 15
	}
	var locs []map[string]any
	for _, l := range a.Locations {
		locs = append(locs, map[string]any{"address_string": l, "radius": radius, "distance_unit": "kilometer"})
	}
	t := map[string]any{
		"geo_locations":        map[string]any{"custom_locations": locs},
		"age_min":              max(a.AgeMin, campaign.MinAge),
		"publisher_platforms":  []string{"facebook", "instagram"},
		"facebook_positions":   []string{"feed", "story"},
		"instagram_positions":  []string{"stream", "story", "reels"},
		"targeting_automation": map[string]int{"advantage_audience": 0},
	}
	if a.AgeMax != 0 {
		t["age_max"] = a.AgeMax
	}
	return t
}

func storySpec(d campaign.Draft) map[string]any {
	f := d.Creative.Fields
	cta := map[string]any{"type": "LEARN_MORE", "value": map[string]string{"link": d.Creative.LinkURL}}
	if d.Goal == campaign.Leads {
		cta["type"] = "BOOK_NOW"
	}
	if campaign.Steps(d)[0] == campaign.StepVideo {
		return map[string]any{"video_data": map[string]any{"video_id": d.StepID(campaign.StepVideo), "message": f["primaryText"], "title": f["headline"], "link_description": f["description"], "call_to_action": cta}}
	}
	return map[string]any{"link_data": map[string]any{"image_hash": d.StepID(campaign.StepImage), "link": d.Creative.LinkURL, "message": f["primaryText"], "name": f["headline"], "description": f["description"], "call_to_action": cta}}
}

// Review reads the ad's effective_status and ad_review_feedback.
func (c *Client) Review(ctx context.Context, t campaign.Target, d campaign.Draft) (campaign.Review, error) {
	var out struct {
		EffectiveStatus string                       `json:"effective_status"`
		Feedback        map[string]map[string]string `json:"ad_review_feedback"`
	}
	if err := c.do(ctx, t, http.MethodGet, d.StepID(campaign.StepAd), url.Values{"fields": {"effective_status,ad_review_feedback"}}, nil, "", &out); err != nil {
		return campaign.Review{}, err
	}
	r := campaign.Review{PlatformStatus: out.EffectiveStatus, Status: campaign.Approve}
	switch out.EffectiveStatus {
	case "PENDING_REVIEW", "IN_PROCESS":
		r.Status = campaign.InReview
	case "DISAPPROVED", "WITH_ISSUES":
		r.Status = campaign.Rejected
		var reasons []string
		for _, m := range out.Feedback {
			for k, v := range m {
				reasons = append(reasons, k+": "+v)
			}
		}
		r.Reason = strings.Join(reasons, "; ")
	}
	return r, nil
}

// SetDelivery sets the campaign's and the ad's status.
func (c *Client) SetDelivery(ctx context.Context, t campaign.Target, d campaign.Draft, to campaign.Delivery) error {
	st := map[campaign.Delivery]string{campaign.Active: "ACTIVE", campaign.Paused: "PAUSED", campaign.Archived: "ARCHIVED"}[to]
	for _, step := range []string{campaign.StepCampaign, campaign.StepAd} {
		var out struct {
			Success bool `json:"success"`
		}
		if err := c.do(ctx, t, http.MethodPost, d.StepID(step), url.Values{"status": {st}}, nil, "", &out); err != nil {
			return err
		}
	}
	return nil
}
