package api

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// ContentJobs queues a content request (a jobs.Content) for the generator.
type ContentJobs func(ctx context.Context, job any) error

// AssetURL presigns a short-lived GET URL for a generated file.
type AssetURL func(ctx context.Context, key string) (url string, expires time.Time, err error)

// Limits of a content request's inputs.
const (
	maxContentService  = 100
	maxContentOffer    = 200
	maxContentTone     = 60
	maxContentCTA      = 60
	maxContentAudience = 500
	maxCheckField      = 5000
)

// contentCreate is POST /v1/orgs/{orgId}/content-requests.
type contentCreate struct {
	Kind          content.Kind    `json:"kind"`
	Placement     rules.Placement `json:"placement"`
	Service       string          `json:"service"`
	Offer         string          `json:"offer"`
	Tone          string          `json:"tone"`
	CallToAction  string          `json:"callToAction"`
	AudienceNotes string          `json:"audienceNotes"`
	Variants      *jsonInt        `json:"variants"`
}

func (in *contentCreate) check(c *checker) {
	if !in.Kind.Valid() {
		c.fail("kind", "must be one of copy, image, video")
	}
	if !in.Placement.Valid() {
		c.fail("placement", "must be one of meta_feed, meta_story, google_search")
	} else if in.Kind != content.Copy && in.Placement.Platform() != rules.Meta {
		c.fail("placement", "images and video are made for meta_feed or meta_story; google_search ads are text only")
	}
	in.Service = c.text("service", in.Service, 1, maxContentService, false)
	in.Offer = c.text("offer", in.Offer, 0, maxContentOffer, false)
	in.Tone = c.text("tone", in.Tone, 0, maxContentTone, false)
	in.CallToAction = c.text("callToAction", in.CallToAction, 1, maxContentCTA, false)
	in.AudienceNotes = c.text("audienceNotes", in.AudienceNotes, 0, maxContentAudience, true)
	if in.Variants != nil {
		c.integer("variants", in.Variants, 1, content.MaxVariants)
	}
}

// contentView is a content request, its status and its results.
type contentView struct {
	ID            string            `json:"id"`
	Kind          content.Kind      `json:"kind"`
	Platform      rules.Platform    `json:"platform"`
	Placement     rules.Placement   `json:"placement"`
	Service       string            `json:"service"`
	Offer         string            `json:"offer"`
	Tone          string            `json:"tone"`
	CallToAction  string            `json:"callToAction"`
	AudienceNotes string            `json:"audienceNotes"`
	Variants      int               `json:"variants"`
	Status        content.Status    `json:"status"`
	Reason        string            `json:"reason,omitempty"`
	Provider      string            `json:"provider"`
	Model         string            `json:"model,omitempty"`
	Results       []resultView      `json:"results"`
	Violations    []rules.Violation `json:"violations"`
	Attempts      int               `json:"attempts"`
	Usage         content.Usage     `json:"usage"`
	CreatedBy     string            `json:"createdBy"`
	CreatedAt     time.Time         `json:"createdAt"`
	UpdatedAt     time.Time         `json:"updatedAt"`
}

type resultView struct {
	Fields map[string]string `json:"fields"`
	Asset  *assetView        `json:"asset,omitempty"`
	Checks []string          `json:"checks"`
}

type assetView struct {
	URL          string    `json:"url"`
	URLExpiresAt time.Time `json:"urlExpiresAt"`
	ContentType  string    `json:"contentType"`
	Width        int       `json:"width"`
	Height       int       `json:"height"`
	Frames       int       `json:"frames,omitempty"`
	DurationMs   int       `json:"durationMs,omitempty"`
	Bytes        int       `json:"bytes"`
}

func (s *Server) viewContent(ctx context.Context, r content.Request) (contentView, error) {
	v := contentView{ID: r.ID, Kind: r.Kind, Platform: r.Placement.Platform(), Placement: r.Placement, Service: r.Service, Offer: r.Offer, Tone: r.Tone,
		CallToAction: r.CTA, AudienceNotes: r.Audience, Variants: r.Variants, Status: r.Status, Reason: r.Reason, Provider: r.Provider, Model: r.Model,
		Results: []resultView{}, Violations: r.Violations, Attempts: r.Attempts, Usage: r.Usage, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if v.Violations == nil {
		v.Violations = []rules.Violation{}
	}
	for _, res := range r.Results {
		rv := resultView{Fields: res.Fields, Checks: res.Checks}
		if a := res.Asset; a != nil {
			av := &assetView{ContentType: a.ContentType, Width: a.Width, Height: a.Height, Frames: a.Frames, DurationMs: a.DurationMs, Bytes: a.Bytes}
			if s.d.AssetURL != nil {
				u, exp, err := s.d.AssetURL(ctx, a.Key)
				if err != nil {
					return v, err
				}
				av.URL, av.URLExpiresAt = u, exp
			}
			rv.Asset = av
		}
		v.Results = append(v.Results, rv)
	}
	return v, nil
}

// aiRefusal says why AI processing may not run for this caller in this
// organization, or "" when it may.
func (s *Server) aiRefusal(c *call) (string, error) {
	if c.snap.Settings != nil && c.snap.Settings.AIOptOut {
		return "This organization opted out of AI processing; an owner can change that in the campaign settings.", nil
	}
	p, _, err := s.d.Profiles.Get(c.ctx, c.who.UserID)
	if err != nil {
		return "", err
	}
	switch {
	case p.Restricted:
		return "A privacy restriction limits the processing of your data; AI content cannot be generated for you.", nil
	case p.AIOptOut:
		return "You opted out of AI processing; turn aiProcessingOptOut off in your profile to use AI content.", nil
	}
	return "", nil
}

func (s *Server) createContent(c *call) (reply, error) {
	in := c.in.(*contentCreate)
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	why, err := s.aiRefusal(c)
	if err != nil {
		return reply{}, err
	}
	if why != "" {
		return reply{}, errOf(typeAIOptOut, why)
	}
	o := c.snap.Org
	brand := content.Brand{CompanyName: o.CompanyName, Website: o.Website, BrandVoice: o.BrandVoice, Services: o.Services}
	for _, l := range o.Locations {
		brand.Locations = append(brand.Locations, l.City+", "+l.State)
	}
	n := 1
	if in.Variants != nil {
		n = int(in.Variants.n)
	}
	r := content.Request{OrgID: c.orgID, ID: ids.New("cr"), Kind: in.Kind, Placement: in.Placement, Service: in.Service, Offer: in.Offer,
		Tone: in.Tone, CTA: in.CallToAction, Audience: in.AudienceNotes, Variants: n, Brand: brand, Status: content.Queued,
		CreatedBy: c.who.UserID, CreatedAt: c.now, UpdatedAt: c.now, Version: 1}
	if err := s.d.Content.Create(c.ctx, r); err != nil {
		return reply{}, err
	}
	if err := s.d.ContentJobs(c.ctx, jobs.Content{OrgID: r.OrgID, RequestID: r.ID, Kind: jobs.ContentKind(r.Kind)}); err != nil {
		// Not queued: say so on the request instead of leaving it queued.
		r.Status, r.Reason, r.Version = content.Failed, "the request could not be queued", 2
		_ = s.d.Content.Update(c.ctx, r)
		return reply{}, fmt.Errorf("queue content job: %w", err)
	}
	v, err := s.viewContent(c.ctx, r)
	if err != nil {
		return reply{}, err
	}
	return reply{status: 202, body: v, location: "/v1/orgs/" + c.orgID + "/content-requests/" + r.ID}, nil
}

func errContentNotFound() *problem.Problem {
	return problem.NotFound("No such content request in this organization.")
}

func (s *Server) getContent(c *call) (reply, error) {
	r, err := loadOwned(c, "requestId", minted("cr"), errContentNotFound, s.d.Content.Get)
	if err != nil {
		return reply{}, err
	}
	return okOr(s.viewContent(c.ctx, r))
}

func (s *Server) listContent(c *call) (reply, error) {
	return listOwned(c, minted("cr"), s.d.Content.List, func(r content.Request) (contentView, error) { return s.viewContent(c.ctx, r) })
}

// contentCheck is POST /v1/orgs/{orgId}/content-checks: a marketer's own
// ad text, checked by the same rules as generated results.
type contentCheck struct {
	Platform  rules.Platform    `json:"platform"`
	Placement rules.Placement   `json:"placement"`
	Fields    map[string]string `json:"fields"`
}

func (in *contentCheck) check(c *checker) {
	if in.Platform != rules.Meta && in.Platform != rules.Google {
		c.fail("platform", "must be meta or google")
	}
	if in.Placement == "" {
		switch in.Platform {
		case rules.Meta:
			in.Placement = rules.MetaFeed
		case rules.Google:
			in.Placement = rules.GoogleSearch
		}
	}
	if !in.Placement.Valid() || in.Placement.Platform() != in.Platform {
		c.fail("placement", "must be meta_feed or meta_story for meta, google_search for google")
		return
	}
	if len(in.Fields) == 0 {
		c.fail("fields", "must hold at least one field")
	}
	names := make([]string, 0, len(in.Fields))
	for k := range in.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !rules.KnownField(in.Placement, k) {
			c.fail("fields."+k, "is not a field of a %s ad (%s)", in.Placement, strings.Join(rules.Fields(in.Placement), ", "))
			continue
		}
		in.Fields[k] = c.text("fields."+k, in.Fields[k], 0, maxCheckField, true)
	}
}

type checkView struct {
	OK         bool              `json:"ok"`
	Violations []rules.Violation `json:"violations"`
}

func (s *Server) checkContent(c *call) (reply, error) {
	in := c.in.(*contentCheck)
	fields := map[string]string{}
	for k, v := range in.Fields {
		if v != "" {
			fields[k] = v
		}
	}
	vs := rules.Check(in.Placement, fields)
	if vs == nil {
		vs = []rules.Violation{}
	}
	return ok(checkView{OK: len(vs) == 0, Violations: vs})
}

// contentSchemas are the OpenAPI components of the content routes.
func contentSchemas() schema {
	kinds := strEnum(string(content.Copy), string(content.Image), string(content.Video))
	placements := strEnum(string(rules.MetaFeed), string(rules.MetaStory), string(rules.GoogleSearch))
	platform := strEnum(string(rules.Meta), string(rules.Google))
	violation := object(schema{"field": schema{"type": "string"}, "rule": schema{"type": "string", "description": "stable rule ID"},
		"message": schema{"type": "string"}, "suggestion": schema{"type": "string"}}, "field", "rule", "message")
	asset := object(schema{"url": schema{"type": "string", "description": "presigned, short-lived"}, "urlExpiresAt": dateTime(),
		"contentType": strEnum("image/png", "image/gif", "video/mp4"), "width": integer(1, 8192), "height": integer(1, 8192),
		"frames": integer(0, 1<<20), "durationMs": integer(0, 1<<30), "bytes": integer(0, 1<<40)}, "contentType", "width", "height", "bytes")
	result := object(schema{"fields": schema{"type": "object", "additionalProperties": schema{"type": "string"}}, "asset": asset,
		"checks": arrayOf(schema{"type": "string"}, 0)}, "fields", "checks")
	usage := object(schema{"inputTokens": integer(0, 1<<53), "outputTokens": integer(0, 1<<53), "images": integer(0, 1<<53),
		"videoSeconds": integer(0, 1<<53), "costMicrosUsd": integer(0, 1<<53)}, "inputTokens", "outputTokens", "images", "videoSeconds", "costMicrosUsd")
	return schema{
		"RequestId": schema{"type": "string", "pattern": idPattern, "description": "cr_..."},
		"ContentRequestCreate": object(schema{"kind": kinds, "placement": placements, "service": str(1, maxContentService), "offer": str(0, maxContentOffer),
			"tone": str(0, maxContentTone), "callToAction": str(1, maxContentCTA), "audienceNotes": str(0, maxContentAudience),
			"variants": integer(1, content.MaxVariants)}, "kind", "placement", "service", "callToAction"),
		"ContentRequest": object(schema{"id": schema{"type": "string", "pattern": "^cr_[a-z2-7]{26}$"}, "kind": kinds, "platform": platform, "placement": placements,
			"service": schema{"type": "string"}, "offer": schema{"type": "string"}, "tone": schema{"type": "string"}, "callToAction": schema{"type": "string"},
			"audienceNotes": schema{"type": "string"}, "variants": integer(1, content.MaxVariants),
			"status": strEnum(string(content.Queued), string(content.Generating), string(content.Ready), string(content.Rejected), string(content.Failed)),
			"reason": schema{"type": "string"}, "provider": schema{"type": "string", "description": "which provider produced the results: bedrock or local"},
			"model": schema{"type": "string"}, "results": arrayOf(result, 0), "violations": arrayOf(violation, 0), "attempts": integer(0, 100), "usage": usage,
			"createdBy": schema{"type": "string"}, "createdAt": dateTime(), "updatedAt": dateTime()},
			"id", "kind", "platform", "placement", "service", "variants", "status", "provider", "results", "violations", "attempts", "usage", "createdAt", "updatedAt"),
		"ContentRequestList": listOfSchema("ContentRequest"),
		"ContentCheck": object(schema{"platform": platform, "placement": placements,
			"fields": schema{"type": "object", "additionalProperties": str(0, maxCheckField), "description": "meta: primaryText, headline, description; google: headline1..headline15, description1..description4, path1, path2"}},
			"platform", "fields"),
		"ContentCheckResult": object(schema{"ok": boolean(), "violations": arrayOf(violation, 0)}, "ok", "violations"),
	}
}
