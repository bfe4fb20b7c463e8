package api

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// CampaignFiles is the uploads bucket (campaign/uploads.Store).
type CampaignFiles interface {
	campaign.Files
	PresignPost(ctx context.Context, key, contentType string, maxBytes int64) (url string, fields map[string]string, expires time.Time, err error)
	URL(ctx context.Context, key string) (string, time.Time, error)
	// Missing reports whether an error of Head means nothing is there.
	Missing(err error) bool
}

// Campaigns are the upload, draft and publishing dependencies.
type Campaigns struct {
	Store campaign.Store
	Files CampaignFiles
	// Jobs queues a jobs.Publish for the publisher.
	Jobs func(ctx context.Context, job any) error
}

const (
	maxDraftName         = 80
	maxAssetName         = 120
	maxCreativeFx        = 2200
	maxAudienceLocations = 10
)

// ---- assets ----

type assetCreate struct {
	Name        string   `json:"name"`
	ContentType string   `json:"contentType"`
	Bytes       *jsonInt `json:"bytes"`
	size        int64
}

func (in *assetCreate) check(c *checker) {
	in.Name = c.text("name", in.Name, 1, maxAssetName, false)
	max := campaign.MaxBytes(in.ContentType)
	if max == 0 {
		c.fail("contentType", "must be one of image/png, image/jpeg (up to 30 MB), video/mp4, video/quicktime (up to 1 GB)")
		return
	}
	if in.Bytes == nil {
		c.fail("bytes", "is required")
		return
	}
	in.size = c.integer("bytes", in.Bytes, 1, max)
}

type uploadView struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Name        string    `json:"name"`
	ContentType string    `json:"contentType"`
	Status      string    `json:"status"`
	Bytes       int64     `json:"bytes"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	DurationMs  int       `json:"durationMs"`
	URL         *string   `json:"url"`
	UploadedBy  string    `json:"uploadedBy"`
	CreatedAt   time.Time `json:"createdAt"`
}

type uploadTicket struct {
	Asset  uploadView `json:"asset"`
	Upload struct {
		URL       string            `json:"url"`
		Fields    map[string]string `json:"fields"`
		ExpiresAt time.Time         `json:"expiresAt"`
		MaxBytes  int64             `json:"maxBytes"`
	} `json:"upload"`
}

func (s *Server) viewUpload(ctx context.Context, a campaign.Asset, withURL bool) (uploadView, error) {
	v := uploadView{ID: a.ID, Kind: string(a.Kind), Name: a.Name, ContentType: a.ContentType, Status: string(a.Status), Bytes: a.Bytes,
		Width: a.Width, Height: a.Height, DurationMs: a.DurationMs, UploadedBy: a.UploadedBy, CreatedAt: a.CreatedAt}
	if withURL && a.Status == campaign.Ready {
		u, _, err := s.d.Campaigns.Files.URL(ctx, a.Key)
		if err != nil {
			return v, err
		}
		v.URL = &u
	}
	return v, nil
}

func (s *Server) createAsset(c *call) (reply, error) {
	in := c.in.(*assetCreate)
	id := ids.New("as")
	a := campaign.Asset{OrgID: c.orgID, ID: id, Kind: campaign.ContentTypes[in.ContentType], Name: in.Name, ContentType: in.ContentType,
		Key: campaign.AssetKey(c.orgID, id, in.ContentType), Status: campaign.Pending, Bytes: in.size, UploadedBy: c.who.UserID, CreatedAt: c.now, UpdatedAt: c.now}
	url, fields, exp, err := s.d.Campaigns.Files.PresignPost(c.ctx, a.Key, a.ContentType, campaign.MaxBytes(a.ContentType))
	if err != nil {
		return reply{}, err
	}
	if err := s.d.Campaigns.Store.CreateAsset(c.ctx, a); err != nil {
		return reply{}, err
	}
	var t uploadTicket
	t.Asset, _ = s.viewUpload(c.ctx, a, false)
	t.Upload.URL, t.Upload.Fields, t.Upload.ExpiresAt, t.Upload.MaxBytes = url, fields, exp, campaign.MaxBytes(a.ContentType)
	return reply{status: 201, body: t, location: "/v1/orgs/" + c.orgID + "/assets/" + id}, nil
}

func errAssetNotFound() *problem.Problem {
	return problem.NotFound("No such asset in this organization.")
}

func (s *Server) loadAsset(c *call) (campaign.Asset, error) {
	return loadOwned(c, "assetId", minted("as"), errAssetNotFound, s.d.Campaigns.Store.GetAsset)
}

func (s *Server) completeAsset(c *call) (reply, error) {
	a, err := s.loadAsset(c)
	if err != nil {
		return reply{}, err
	}
	a, err = campaign.Complete(c.ctx, s.d.Campaigns.Store, s.d.Campaigns.Files, a, c.now, s.d.Campaigns.Files.Missing)
	var re *campaign.RefusedError
	if errors.As(err, &re) {
		p := errOf(typeUploadRefused, "")
		p.Errors = append(p.Errors, problem.FieldError{Field: "file", Reason: re.Reason})
		return reply{}, p
	}
	if err != nil {
		return reply{}, err
	}
	return okOr(s.viewUpload(c.ctx, a, true))
}

func (s *Server) getAsset(c *call) (reply, error) {
	a, err := s.loadAsset(c)
	if err != nil {
		return reply{}, err
	}
	return okOr(s.viewUpload(c.ctx, a, true))
}

func (s *Server) listAssets(c *call) (reply, error) {
	return listOwned(c, minted("as"), s.d.Campaigns.Store.ListAssets, func(a campaign.Asset) (uploadView, error) {
		v, _ := s.viewUpload(c.ctx, a, false)
		return v, nil
	})
}

func (s *Server) deleteAsset(c *call) (reply, error) {
	a, err := s.loadAsset(c)
	if err != nil {
		return reply{}, err
	}
	if err := s.d.Campaigns.Files.Delete(c.ctx, a.Key); err != nil {
		return reply{}, err
	}
	if err := s.d.Campaigns.Store.DeleteAsset(c.ctx, a.OrgID, a.ID); err != nil {
		return reply{}, err
	}
	return reply{status: 204}, nil
}

// ---- drafts ----

type audienceIn struct {
	Locations []string `json:"locations"`
	AgeMin    *jsonInt `json:"ageMin"`
	AgeMax    *jsonInt `json:"ageMax"`
	RadiusKm  *jsonInt `json:"radiusKm"`
}

type creativeIn struct {
	AssetID          string            `json:"assetId"`
	ContentRequestID string            `json:"contentRequestId"`
	Variant          *jsonInt          `json:"variant"`
	Fields           map[string]string `json:"fields"`
	LinkURL          string            `json:"linkUrl"`
}

type draftCreate struct {
	Name         string          `json:"name"`
	Goal         campaign.Goal   `json:"goal"`
	ConnectionID string          `json:"connectionId"`
	Placement    rules.Placement `json:"placement"`
	DailyBudget  *jsonInt        `json:"dailyBudgetMinor"`
	Start        time.Time       `json:"start"`
	End          *time.Time      `json:"end"`
	Audience     audienceIn      `json:"audience"`
	Creative     creativeIn      `json:"creative"`
	Launch       string          `json:"launch"`
	budget       int64
	ages         [3]int64
	variant      int
}

func (in *draftCreate) check(c *checker) {
	in.Name = c.text("name", in.Name, 1, maxDraftName, false)
	switch in.Goal {
	case campaign.Awareness, campaign.Traffic, campaign.Leads:
	default:
		c.fail("goal", "must be one of awareness, traffic, leads")
	}
	if !ids.Valid(in.ConnectionID) {
		c.fail("connectionId", "must be the ID of a connection of the organization")
	}
	if !in.Placement.Valid() {
		c.fail("placement", "must be one of meta_feed, meta_story, google_search")
	}
	if in.DailyBudget == nil {
		c.fail("dailyBudgetMinor", "is required")
	} else {
		in.budget = c.integer("dailyBudgetMinor", in.DailyBudget, campaign.MinDailyBudget, campaign.MaxDailyBudget)
	}
	if in.Start.IsZero() {
		c.fail("start", "is required (RFC 3339)")
	}
	if in.End != nil && !in.End.After(in.Start) {
		c.fail("end", "must be after start")
	}
	if in.Launch != "" && in.Launch != string(campaign.Paused) && in.Launch != string(campaign.Active) {
		c.fail("launch", "must be paused or active")
	}
	a := in.Audience
	if len(a.Locations) == 0 || len(a.Locations) > maxAudienceLocations {
		c.fail("audience.locations", "must name 1-%d of the business's locations", maxAudienceLocations)
	}
	for i := range a.Locations {
		a.Locations[i] = c.text(fmt.Sprintf("audience.locations[%d]", i), a.Locations[i], 1, 100, false)
	}
	in.ages[0] = campaign.MinAge
	if a.AgeMin != nil {
		in.ages[0] = c.integer("audience.ageMin", a.AgeMin, campaign.MinAge, campaign.MaxAge)
	}
	if a.AgeMax != nil {
		in.ages[1] = c.integer("audience.ageMax", a.AgeMax, campaign.MinAge, campaign.MaxAge)
	}
	if a.RadiusKm != nil {
		in.ages[2] = c.integer("audience.radiusKm", a.RadiusKm, 1, 80)
	}
	cr := in.Creative
	if cr.AssetID != "" && !ids.ValidWithPrefix(cr.AssetID, "as") {
		c.fail("creative.assetId", "must be the ID of an uploaded asset")
	}
	if cr.ContentRequestID != "" && !ids.ValidWithPrefix(cr.ContentRequestID, "cr") {
		c.fail("creative.contentRequestId", "must be the ID of a content request")
	}
	in.variant = 1
	if cr.Variant != nil {
		in.variant = int(c.integer("creative.variant", cr.Variant, 1, content.MaxVariants))
	}
	names := make([]string, 0, len(cr.Fields))
	for k := range cr.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if in.Placement.Valid() && !rules.KnownField(in.Placement, k) {
			c.fail("creative.fields."+k, "is not a field of a %s ad (%s)", in.Placement, strings.Join(rules.Fields(in.Placement), ", "))
			continue
		}
		cr.Fields[k] = c.text("creative.fields."+k, cr.Fields[k], 0, maxCreativeFx, true)
	}
	if cr.ContentRequestID == "" && len(cr.Fields) == 0 {
		c.fail("creative.fields", "give the ad's text, or a contentRequestId whose result has it")
	}
	in.Creative.LinkURL = c.website("creative.linkUrl", cr.LinkURL)
}

type draftView struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Goal         string            `json:"goal"`
	Platform     string            `json:"platform"`
	Placement    string            `json:"placement"`
	ConnectionID string            `json:"connectionId"`
	AccountID    string            `json:"accountId"`
	Currency     string            `json:"currency"`
	DailyBudget  int64             `json:"dailyBudgetMinor"`
	Start        time.Time         `json:"start"`
	End          *time.Time        `json:"end"`
	Audience     campaign.Audience `json:"audience"`
	Creative     creativeView      `json:"creative"`
	Launch       string            `json:"launch"`
	Status       string            `json:"status"`
	Reason       string            `json:"reason"`
	Violations   []rules.Violation `json:"violations"`
	Plan         []string          `json:"plan"`
	Steps        []stepView        `json:"steps"`
	Delivery     string            `json:"delivery"`
	Review       *reviewView       `json:"review"`
	Audit        []draftAuditView  `json:"audit"`
	CreatedBy    string            `json:"createdBy"`
	ApprovedBy   string            `json:"approvedBy"`
	CreatedAt    time.Time         `json:"createdAt"`
	UpdatedAt    time.Time         `json:"updatedAt"`
}

type creativeView struct {
	AssetID          string            `json:"assetId"`
	ContentRequestID string            `json:"contentRequestId"`
	Variant          int               `json:"variant"`
	Fields           map[string]string `json:"fields"`
	LinkURL          string            `json:"linkUrl"`
	Origin           string            `json:"origin"`
	MediaType        string            `json:"mediaType"`
}

type stepView struct {
	Name       string `json:"name"`
	PlatformID string `json:"platformId"`
	Done       bool   `json:"done"`
}

type reviewView struct {
	Status         string    `json:"status"`
	Reason         string    `json:"reason"`
	PlatformStatus string    `json:"platformStatus"`
	CheckedAt      time.Time `json:"checkedAt"`
}

type draftAuditView struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Detail string    `json:"detail"`
}

func viewDraft(d campaign.Draft) draftView {
	cr := d.Creative
	v := draftView{ID: d.ID, Name: d.Name, Goal: string(d.Goal), Platform: string(d.Platform), Placement: string(d.Placement), ConnectionID: d.ConnectionID,
		AccountID: d.AccountID, Currency: d.Currency, DailyBudget: d.DailyBudget, Start: d.Start, Audience: d.Audience,
		Creative: creativeView{AssetID: cr.AssetID, ContentRequestID: cr.ContentRequestID, Variant: cr.Variant, Fields: cr.Fields, LinkURL: cr.LinkURL, Origin: string(cr.Origin), MediaType: cr.MediaType},
		Launch:   string(d.Launch), Status: string(d.Status), Reason: d.Reason, Violations: d.Violations, Plan: campaign.Plan(d), Steps: []stepView{},
		Delivery: string(d.Delivery), Audit: []draftAuditView{}, CreatedBy: d.CreatedBy, ApprovedBy: d.ApprovedBy, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	if !d.End.IsZero() {
		e := d.End
		v.End = &e
	}
	if v.Violations == nil {
		v.Violations = []rules.Violation{}
	}
	if v.Creative.Fields == nil {
		v.Creative.Fields = map[string]string{}
	}
	if v.Audience.Locations == nil {
		v.Audience.Locations = []string{}
	}
	for _, st := range d.Steps {
		v.Steps = append(v.Steps, stepView{Name: st.Name, PlatformID: st.PlatformID, Done: st.PlatformID != ""})
	}
	if r := d.Review; r != nil {
		v.Review = &reviewView{Status: string(r.Status), Reason: r.Reason, PlatformStatus: r.PlatformStatus, CheckedAt: r.CheckedAt}
	}
	for _, e := range d.Audit {
		v.Audit = append(v.Audit, draftAuditView{At: e.At, Actor: e.Actor, Action: e.Action, Detail: e.Detail})
	}
	return v
}

func brandLocations(c *call) []string {
	var out []string
	if c.snap.Org != nil {
		for _, l := range c.snap.Org.Locations {
			out = append(out, l.City+", "+l.State)
		}
	}
	return out
}

func (s *Server) createDraft(c *call) (reply, error) {
	in := c.in.(*draftCreate)
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	conn, err := s.d.Connector.Store.Get(c.ctx, c.orgID, in.ConnectionID)
	if errors.Is(err, connector.ErrNotFound) {
		return reply{}, problem.Validation(problem.FieldError{Field: "connectionId", Reason: "is not a connection of this organization"})
	}
	if err != nil {
		return reply{}, err
	}
	if string(conn.Platform) != string(in.Placement.Platform()) {
		return reply{}, problem.Validation(problem.FieldError{Field: "placement", Reason: fmt.Sprintf("is not a placement of the connection's platform (%s)", conn.Platform)})
	}
	launch := campaign.Paused
	if in.Launch == string(campaign.Active) {
		launch = campaign.Active
	}
	d := campaign.Draft{OrgID: c.orgID, ID: ids.New("cd"), Name: in.Name, Goal: in.Goal, Platform: conn.Platform, Placement: in.Placement,
		ConnectionID: conn.ID, AccountID: conn.AccountID, Currency: conn.Currency, DailyBudget: in.budget, Start: in.Start.UTC(),
		Audience: campaign.Audience{Locations: in.Audience.Locations, AgeMin: int(in.ages[0]), AgeMax: int(in.ages[1]), RadiusKm: int(in.ages[2])},
		Launch:   launch, Status: campaign.Drafted, CreatedBy: c.who.UserID, CreatedAt: c.now, UpdatedAt: c.now,
		Creative: campaign.Creative{Fields: map[string]string{}, LinkURL: in.Creative.LinkURL, Origin: campaign.Own}}
	if in.End != nil {
		d.End = in.End.UTC()
	}
	for k, v := range in.Creative.Fields {
		if v != "" {
			d.Creative.Fields[k] = v
		}
	}
	if id := in.Creative.ContentRequestID; id != "" {
		r, found, err := s.d.Content.Get(c.ctx, c.orgID, id)
		if err != nil {
			return reply{}, err
		}
		if !found || r.Status != content.Ready || in.variant > len(r.Results) {
			return reply{}, problem.Validation(problem.FieldError{Field: "creative.contentRequestId", Reason: "is not a ready content request of this organization with that variant"})
		}
		res := r.Results[in.variant-1]
		d.Creative.ContentRequestID, d.Creative.Variant, d.Creative.Origin = id, in.variant, campaign.Generated
		if r.Kind == content.Copy {
			for k, v := range res.Fields {
				if _, mine := d.Creative.Fields[k]; !mine && rules.KnownField(in.Placement, k) {
					d.Creative.Fields[k] = v
				}
			}
		}
		if res.Asset != nil {
			d.Creative.MediaKey, d.Creative.MediaType = res.Asset.Key, res.Asset.ContentType
		}
	}
	if id := in.Creative.AssetID; id != "" {
		a, found, err := s.d.Campaigns.Store.GetAsset(c.ctx, c.orgID, id)
		if err != nil {
			return reply{}, err
		}
		if !found || a.Status != campaign.Ready {
			return reply{}, problem.Validation(problem.FieldError{Field: "creative.assetId", Reason: "is not a verified upload of this organization (complete the upload first)"})
		}
		d.Creative.AssetID, d.Creative.MediaKey, d.Creative.MediaType = a.ID, a.Key, a.ContentType
	}
	d.Violations = campaign.Check(d, brandLocations(c), c.now)
	d.Audit = []campaign.Event{{At: c.now, Actor: c.who.UserID, Action: "drafted", Detail: fmt.Sprintf("%s %s, %d violations", d.Platform, d.Placement, len(d.Violations))}}
	if err := s.d.Campaigns.Store.CreateDraft(c.ctx, d); err != nil {
		return reply{}, err
	}
	return reply{status: 201, body: viewDraft(d), location: "/v1/orgs/" + c.orgID + "/campaign-drafts/" + d.ID}, nil
}

func errDraftNotFound() *problem.Problem {
	return problem.NotFound("No such campaign draft in this organization.")
}

func (s *Server) loadDraft(c *call) (campaign.Draft, error) {
	return loadOwned(c, "draftId", minted("cd"), errDraftNotFound, s.d.Campaigns.Store.GetDraft)
}

// reviewPollAfter is how old a published draft's review may be before a
// read asks the publisher to look again.
const reviewPollAfter = time.Minute

func (s *Server) getDraft(c *call) (reply, error) {
	d, err := s.loadDraft(c)
	if err != nil {
		return reply{}, err
	}
	if d.Status == campaign.Published && d.Review != nil && d.Review.Status == campaign.InReview && c.now.Sub(d.Review.CheckedAt) > reviewPollAfter {
		// Best effort: the next read shows the platform's newer verdict.
		if err := s.d.Campaigns.Jobs(c.ctx, jobs.Publish{OrgID: d.OrgID, DraftID: d.ID, Action: jobs.PublishReview}); err != nil {
			s.d.Log.WarnContext(c.ctx, "review poll not queued", "draftId", d.ID, "error", err.Error())
		}
	}
	return ok(viewDraft(d))
}

func (s *Server) listDrafts(c *call) (reply, error) {
	return listOwned(c, minted("cd"), s.d.Campaigns.Store.ListDrafts, func(d campaign.Draft) (draftView, error) { return viewDraft(d), nil })
}

func (s *Server) approveDraft(c *call) (reply, error) {
	d, err := s.loadDraft(c)
	if err != nil {
		return reply{}, err
	}
	switch d.Status {
	case campaign.Approved, campaign.Publishing, campaign.Published:
		// Approved already: approving again changes nothing and queues nothing.
		return reply{status: 202, body: viewDraft(d), location: "/v1/orgs/" + c.orgID + "/campaign-drafts/" + d.ID}, nil
	case campaign.Failed:
		return reply{}, errOf(typeDraftState, "Publishing this draft failed ("+d.Reason+"); make a new draft.")
	}
	if d.Creative.Origin != campaign.Own {
		why, err := s.aiRefusal(c)
		if err != nil {
			return reply{}, err
		}
		if why != "" {
			return reply{}, errOf(typeAIOptOut, why+" Only a draft with your own creative and settings can be published.")
		}
	}
	if d.Violations = campaign.Check(d, brandLocations(c), c.now); len(d.Violations) > 0 {
		d.Version++
		d.UpdatedAt = c.now
		if err := s.d.Campaigns.Store.UpdateDraft(c.ctx, d); err != nil && !errors.Is(err, campaign.ErrStale) {
			return reply{}, err
		}
		p := errOf(typeDraftChecks, "")
		for _, v := range d.Violations {
			p.Errors = append(p.Errors, problem.FieldError{Field: v.Field, Reason: v.Message})
		}
		return reply{}, p
	}
	d.Status, d.ApprovedBy, d.UpdatedAt = campaign.Approved, c.who.UserID, c.now
	d.Audit = append(d.Audit, campaign.Event{At: c.now, Actor: c.who.UserID, Action: "approved", Detail: fmt.Sprintf("%s account %s", d.Platform, d.AccountID)})
	d.Version++
	if err := s.d.Campaigns.Store.UpdateDraft(c.ctx, d); err != nil {
		if errors.Is(err, campaign.ErrStale) {
			return reply{}, errConflict()
		}
		return reply{}, err
	}
	if err := s.d.Campaigns.Jobs(c.ctx, jobs.Publish{OrgID: d.OrgID, DraftID: d.ID}); err != nil {
		// Not queued: back to a draft, so approving again queues it.
		d.Status, d.ApprovedBy = campaign.Drafted, ""
		d.Audit = append(d.Audit, campaign.Event{At: c.now, Actor: "api", Action: "not-queued"})
		d.Version++
		_ = s.d.Campaigns.Store.UpdateDraft(c.ctx, d)
		return reply{}, fmt.Errorf("queue publish job: %w", err)
	}
	return reply{status: 202, body: viewDraft(d), location: "/v1/orgs/" + c.orgID + "/campaign-drafts/" + d.ID}, nil
}

type deliveryPut struct {
	Delivery campaign.Delivery `json:"delivery"`
}

func (in *deliveryPut) check(c *checker) {
	switch in.Delivery {
	case campaign.Paused, campaign.Active, campaign.Archived:
	default:
		c.fail("delivery", "must be paused, active or archived")
	}
}

func (s *Server) setDelivery(c *call) (reply, error) {
	in := c.in.(*deliveryPut)
	d, err := s.loadDraft(c)
	if err != nil {
		return reply{}, err
	}
	if d.Status != campaign.Published {
		return reply{}, errOf(typeDraftState, fmt.Sprintf("The draft is %s; only a published campaign is paused, resumed or archived.", d.Status))
	}
	if d.Delivery == campaign.Archived {
		return reply{}, errOf(typeDraftState, "The campaign is archived; it cannot be changed.")
	}
	if err := s.d.Campaigns.Jobs(c.ctx, jobs.Publish{OrgID: d.OrgID, DraftID: d.ID, Action: jobs.PublishDelivery, Delivery: string(in.Delivery), Actor: c.who.UserID}); err != nil {
		return reply{}, fmt.Errorf("queue delivery job: %w", err)
	}
	return reply{status: 202, body: viewDraft(d)}, nil
}

// campaignSchemas adds the OpenAPI components of the asset and draft routes.
func campaignSchemas(into schema) {
	violation := object(schema{"field": schema{"type": "string"}, "rule": schema{"type": "string", "description": "stable rule ID"},
		"message": schema{"type": "string"}, "suggestion": schema{"type": "string"}}, "field", "rule", "message")
	types := strEnum("image/png", "image/jpeg", "video/mp4", "video/quicktime")
	placements := strEnum(string(rules.MetaFeed), string(rules.MetaStory), string(rules.GoogleSearch))
	goals := strEnum(string(campaign.Awareness), string(campaign.Traffic), string(campaign.Leads))
	fields := schema{"type": "object", "additionalProperties": str(0, maxCreativeFx), "description": "meta: primaryText, headline, description; google: headline1..headline15, description1..description4, path1, path2"}
	into["AssetId"] = schema{"type": "string", "pattern": "^as_[a-z2-7]{26}$"}
	into["DraftId"] = schema{"type": "string", "pattern": "^cd_[a-z2-7]{26}$"}
	into["AssetCreate"] = object(schema{"name": str(1, maxAssetName), "contentType": types,
		"bytes": schema{"type": "integer", "minimum": 1, "maximum": campaign.MaxVideoBytes, "description": "the file's size; images up to 30 MB, video up to 1 GB"}}, "name", "contentType", "bytes")
	asset := object(schema{"id": ref("AssetId"), "kind": strEnum(string(campaign.Image), string(campaign.Video)), "name": schema{"type": "string"}, "contentType": types,
		"status": strEnum(string(campaign.Pending), string(campaign.Ready)), "bytes": integer(0, campaign.MaxVideoBytes), "width": integer(0, campaign.MaxImageSide),
		"height": integer(0, campaign.MaxImageSide), "durationMs": integer(0, campaign.MaxVideoMs), "url": schema{"type": []string{"string", "null"}, "description": "presigned download, 15 minutes; once verified"},
		"uploadedBy": schema{"type": "string"}, "createdAt": dateTime()},
		"id", "kind", "name", "contentType", "status", "bytes", "width", "height", "durationMs", "url", "uploadedBy", "createdAt")
	into["Asset"] = asset
	into["AssetList"] = listOfSchema("Asset")
	into["AssetUpload"] = object(schema{"asset": ref("Asset"), "upload": object(schema{"url": schema{"type": "string"},
		"fields":    schema{"type": "object", "additionalProperties": schema{"type": "string"}, "description": "form fields to POST before the file (field name file)"},
		"expiresAt": dateTime(), "maxBytes": integer(1, campaign.MaxVideoBytes)}, "url", "fields", "expiresAt", "maxBytes")}, "asset", "upload")
	audienceIn := object(schema{"locations": arrayOf(str(1, 100), maxAudienceLocations), "ageMin": integer(campaign.MinAge, campaign.MaxAge),
		"ageMax": integer(campaign.MinAge, campaign.MaxAge), "radiusKm": integer(1, 80)}, "locations")
	into["CampaignDraftCreate"] = object(schema{"name": str(1, maxDraftName), "goal": goals, "connectionId": ref("ConnectionId"), "placement": placements,
		"dailyBudgetMinor": integer(campaign.MinDailyBudget, campaign.MaxDailyBudget), "start": dateTime(), "end": dateTime(), "audience": audienceIn,
		"creative": object(schema{"assetId": ref("AssetId"), "contentRequestId": ref("RequestId"), "variant": integer(1, content.MaxVariants),
			"fields": fields, "linkUrl": schema{"type": "string", "format": "uri"}}, "linkUrl"),
		"launch": strEnum(string(campaign.Paused), string(campaign.Active))},
		"name", "goal", "connectionId", "placement", "dailyBudgetMinor", "start", "audience", "creative")
	into["CampaignDelivery"] = object(schema{"delivery": strEnum(string(campaign.Paused), string(campaign.Active), string(campaign.Archived))}, "delivery")
	into["CampaignDraft"] = object(schema{"id": ref("DraftId"), "name": schema{"type": "string"}, "goal": goals, "platform": platformEnum(),
		"placement": placements, "connectionId": schema{"type": "string"}, "accountId": schema{"type": "string"}, "currency": schema{"type": "string"},
		"dailyBudgetMinor": integer(0, campaign.MaxDailyBudget), "start": dateTime(), "end": schema{"type": []string{"string", "null"}, "format": "date-time"},
		"audience": object(schema{"locations": arrayOf(schema{"type": "string"}, 0), "ageMin": integer(0, campaign.MaxAge), "ageMax": integer(0, campaign.MaxAge),
			"radiusKm": integer(0, 80)}, "locations", "ageMin"),
		"creative": object(schema{"assetId": schema{"type": "string"}, "contentRequestId": schema{"type": "string"}, "variant": integer(0, content.MaxVariants),
			"fields": schema{"type": "object", "additionalProperties": schema{"type": "string"}}, "linkUrl": schema{"type": "string"},
			"origin": strEnum(string(campaign.Own), string(campaign.Generated)), "mediaType": schema{"type": "string"}},
			"assetId", "contentRequestId", "variant", "fields", "linkUrl", "origin", "mediaType"),
		"launch":     strEnum(string(campaign.Paused), string(campaign.Active)),
		"status":     strEnum(string(campaign.Drafted), string(campaign.Approved), string(campaign.Publishing), string(campaign.Published), string(campaign.Failed)),
		"reason":     schema{"type": "string", "description": "why publishing failed, in the platform's words"},
		"violations": arrayOf(violation, 0), "plan": arrayOf(schema{"type": "string"}, 0),
		"steps":    arrayOf(object(schema{"name": schema{"type": "string"}, "platformId": schema{"type": "string"}, "done": boolean()}, "name", "platformId", "done"), 0),
		"delivery": strEnum("", string(campaign.Paused), string(campaign.Active), string(campaign.Archived)),
		"review": schema{"oneOf": []any{schema{"type": "null"}, object(schema{"status": strEnum(string(campaign.InReview), string(campaign.Approve), string(campaign.Rejected)),
			"reason": schema{"type": "string", "description": "the platform's reason for a rejection"}, "platformStatus": schema{"type": "string"}, "checkedAt": dateTime()},
			"status", "reason", "platformStatus", "checkedAt")}},
		"audit":     arrayOf(object(schema{"at": dateTime(), "actor": schema{"type": "string"}, "action": schema{"type": "string"}, "detail": schema{"type": "string"}}, "at", "actor", "action", "detail"), 0),
		"createdBy": schema{"type": "string"}, "approvedBy": schema{"type": "string"}, "createdAt": dateTime(), "updatedAt": dateTime()},
		"id", "name", "goal", "platform", "placement", "connectionId", "accountId", "currency", "dailyBudgetMinor", "start", "end", "audience", "creative",
		"launch", "status", "reason", "violations", "plan", "steps", "delivery", "review", "audit", "createdBy", "approvedBy", "createdAt", "updatedAt")
	into["CampaignDraftList"] = listOfSchema("CampaignDraft")
}

const (
	exampleAssetID = "as_b4n6q2x5z3w7k2m4c6d2f4h6j7"
	exampleDraftID = "cd_z3w6b2n4c6d2f4h6j7m4k7q2x5"
)

// campaignExamples adds the examples of the asset and draft routes.
func campaignExamples(into map[string]any) {
	at, later := "2026-03-02T15:04:05Z", "2026-03-02T15:09:05Z"
	asset := map[string]any{"id": exampleAssetID, "kind": "image", "name": "Spring facial 1080", "contentType": "image/png", "status": "ready",
		"bytes": 482113, "width": 1080, "height": 1080, "durationMs": 0, "url": "https://assets.example/assets/org/uploads/as.png?X-Amz-Signature=abc",
		"uploadedBy": exampleUserID, "createdAt": at}
	into["AssetCreate"] = map[string]any{"name": "Spring facial 1080", "contentType": "image/png", "bytes": 482113}
	into["Asset"] = asset
	into["AssetList"] = map[string]any{"items": []any{asset}, "next": nil}
	pending := map[string]any{}
	for k, v := range asset {
		pending[k] = v
	}
	pending["status"], pending["url"], pending["width"], pending["height"] = "pending", nil, 0, 0
	into["AssetUpload"] = map[string]any{"asset": pending, "upload": map[string]any{"url": "https://medspa-assets.s3.amazonaws.com/",
		"fields":    map[string]any{"key": "assets/" + exampleOrgID + "/uploads/" + exampleAssetID + ".png", "Content-Type": "image/png", "policy": "eyJleHBpcmF0aW9uIjoi", "x-amz-signature": "abc"},
		"expiresAt": later, "maxBytes": campaign.MaxImageBytes}}
	fields := map[string]any{"primaryText": "Spring refresh facials at Glow Med Spa in Austin.", "headline": "Book your spring facial", "description": "Calm, expert care"}
	into["CampaignDraftCreate"] = map[string]any{"name": "Spring facials", "goal": "leads", "connectionId": exampleConnID, "placement": "meta_feed",
		"dailyBudgetMinor": 2500, "start": "2030-04-01T00:00:00Z", "end": "2030-04-30T00:00:00Z",
		"audience": map[string]any{"locations": []any{"Austin, TX"}, "ageMin": 25, "radiusKm": 15},
		"creative": map[string]any{"assetId": exampleAssetID, "fields": fields, "linkUrl": "https://glowmedspa.example"}, "launch": "paused"}
	into["CampaignDelivery"] = map[string]any{"delivery": "paused"}
	draft := map[string]any{"id": exampleDraftID, "name": "Spring facials", "goal": "leads", "platform": "meta", "placement": "meta_feed",
		"connectionId": exampleConnID, "accountId": "120000000000001", "currency": "USD", "dailyBudgetMinor": 2500, "start": "2030-04-01T00:00:00Z", "end": "2030-04-30T00:00:00Z",
		"audience": map[string]any{"locations": []any{"Austin, TX"}, "ageMin": 25, "radiusKm": 15},
		"creative": map[string]any{"assetId": exampleAssetID, "contentRequestId": "", "variant": 0, "fields": fields, "linkUrl": "https://glowmedspa.example", "origin": "own", "mediaType": "image/png"},
		"launch":   "paused", "status": "published", "reason": "", "violations": []any{},
		"plan": []any{"image upload to the ad account's library", "campaign \"Spring facials campaign [cd_...]\" with objective OUTCOME_LEADS (paused)"},
		"steps": []any{map[string]any{"name": "image", "platformId": "6a1f0c3e9b2d4f5a8c7e6d5b4a3f2e1d", "done": true},
			map[string]any{"name": "campaign", "platformId": "238000000000101", "done": true}},
		"delivery": "paused", "review": map[string]any{"status": "rejected", "reason": "Ad Policy: Personal health", "platformStatus": "DISAPPROVED", "checkedAt": later},
		"audit":     []any{map[string]any{"at": at, "actor": exampleUserID, "action": "approved", "detail": "meta account 120000000000001"}},
		"createdBy": exampleUserID, "approvedBy": exampleUserID, "createdAt": at, "updatedAt": later}
	into["CampaignDraft"] = draft
	into["CampaignDraftList"] = map[string]any{"items": []any{draft}, "next": nil}
}
