// Package campaign is campaign publishing (privacy policy sections 2.3 and
// 3.1): creative assets the organization uploads, campaign drafts built
// from a goal, a connection, a budget, a schedule, an audience and
// creatives (uploaded, or generated content results), the checks a draft
// passes before it can be approved, and the publishing steps that turn an
// approved draft into platform objects, each object's ID recorded before
// the next step so a retry resumes instead of duplicating.
//
// It has no AWS imports: campaigndb keeps assets and drafts in the account
// table; the platform adapters live in campaign/metaads and
// campaign/googleads.
package campaign

import (
	"context"
	"errors"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content/rules"
)

// AssetKind is what an uploaded file is.
type AssetKind string

const (
	Image AssetKind = "image"
	Video AssetKind = "video"
)

// AssetStatus is where an upload is.
type AssetStatus string

const (
	// Pending: an upload was offered; nothing is verified yet.
	Pending AssetStatus = "pending"
	// Ready: the file was checked and may be used in drafts.
	Ready AssetStatus = "ready"
)

// Upload limits: what the presigned POST policy allows and the
// completion check enforces.
const (
	MaxImageBytes = 30 << 20
	MaxVideoBytes = 1 << 30
)

// ContentTypes are the upload types accepted, with their kind.
var ContentTypes = map[string]AssetKind{"image/png": Image, "image/jpeg": Image, "video/mp4": Video, "video/quicktime": Video}

// MaxBytes is the size limit of a content type (0: not accepted).
func MaxBytes(contentType string) int64 {
	switch ContentTypes[contentType] {
	case Image:
		return MaxImageBytes
	case Video:
		return MaxVideoBytes
	}
	return 0
}

// Asset is one uploaded file, an account-category record.
type Asset struct {
	OrgID       string      `json:"orgId"`
	ID          string      `json:"id"`
	Kind        AssetKind   `json:"kind"`
	Name        string      `json:"name"`
	ContentType string      `json:"contentType"`
	Key         string      `json:"key"`
	Status      AssetStatus `json:"status"`
	Bytes       int64       `json:"bytes"`
	Width       int         `json:"width,omitempty"`
	Height      int         `json:"height,omitempty"`
	DurationMs  int         `json:"durationMs,omitempty"`
	UploadedBy  string      `json:"uploadedBy"`
	CreatedAt   time.Time   `json:"createdAt"`
	UpdatedAt   time.Time   `json:"updatedAt"`
	Version     int64       `json:"-"`
}

// AssetKey is where an uploaded file lives: under the organization's prefix.
func AssetKey(orgID, assetID, contentType string) string {
	ext := map[string]string{"image/png": "png", "image/jpeg": "jpg", "video/mp4": "mp4", "video/quicktime": "mov"}[contentType]
	if ext == "" {
		ext = "bin"
	}
	return "assets/" + orgID + "/uploads/" + assetID + "." + ext
}

// Goal is what a campaign is for.
type Goal string

const (
	Awareness Goal = "awareness"
	Traffic   Goal = "traffic"
	Leads     Goal = "leads"
)

// Goals lists every goal.
var Goals = []Goal{Awareness, Traffic, Leads}

// Status of a draft.
type Status string

const (
	Drafted Status = "draft"
	// Approved: queued for publishing.
	Approved   Status = "approved"
	Publishing Status = "publishing"
	Published  Status = "published"
	// Failed: the platform refused a step; Reason says why in plain words.
	Failed Status = "failed"
)

// Delivery is whether the ad runs once created, and after pause/resume.
type Delivery string

const (
	Paused   Delivery = "paused"
	Active   Delivery = "active"
	Archived Delivery = "archived"
)

// Audience is who sees the ads: the business's locations and an age range
// that always starts at 18 or more (cosmetic procedures). There is
// deliberately no field for interests, health or personal attributes.
type Audience struct {
	Locations []string `json:"locations"` // "City, ST", among the business's locations
	AgeMin    int      `json:"ageMin"`
	AgeMax    int      `json:"ageMax,omitempty"`
	RadiusKm  int      `json:"radiusKm,omitempty"`
}

// Origin says whose a creative is.
type Origin string

const (
	// Own: the organization's own upload and words; no AI involved.
	Own Origin = "own"
	// Generated: made by content generation.
	Generated Origin = "generated"
)

// Creative is the ad's text and, for Meta, its image or video.
type Creative struct {
	// AssetID names an uploaded asset (Meta ads need one).
	AssetID string `json:"assetId,omitempty"`
	// ContentRequestID and Variant (1-based) name a generated content
	// result whose text (and file) the ad uses.
	ContentRequestID string `json:"contentRequestId,omitempty"`
	Variant          int    `json:"variant,omitempty"`
	// Fields are the ad's text by placement field (rules.Fields).
	Fields map[string]string `json:"fields"`
	// LinkURL is where the ad sends people (the business's website).
	LinkURL string `json:"linkUrl"`
	// Origin is Generated when any of the text or file was generated.
	Origin Origin `json:"origin"`
	// MediaKey, MediaType are the file the ad shows (resolved at creation).
	MediaKey  string `json:"mediaKey,omitempty"`
	MediaType string `json:"mediaType,omitempty"`
}

// Step is one platform object publishing creates.
type Step struct {
	Name string `json:"name"` // see Steps
	// PlatformID is the object's ID at the platform (Meta ID, Google
	// resource name), recorded as soon as it is known.
	PlatformID string    `json:"platformId,omitempty"`
	DoneAt     time.Time `json:"doneAt,omitzero"`
}

// Step names per platform, in order.
const (
	StepImage    = "image"
	StepVideo    = "video"
	StepCampaign = "campaign"
	StepAdSet    = "adset"
	StepCreative = "creative"
	StepAd       = "ad"
	StepBudget   = "budget"
	StepAdGroup  = "adgroup"
)

// Steps lists what publishing d creates, in order.
func Steps(d Draft) []string {
	if d.Platform == connector.Google {
		return []string{StepBudget, StepCampaign, StepAdGroup, StepAd}
	}
	media := StepImage
	if d.Creative.MediaType == "video/mp4" || d.Creative.MediaType == "video/quicktime" {
		media = StepVideo
	}
	return []string{media, StepCampaign, StepAdSet, StepCreative, StepAd}
}

// ReviewStatus is the platform's review of the published ad.
type ReviewStatus string

const (
	InReview ReviewStatus = "in_review"
	Approve  ReviewStatus = "approved"
	Rejected ReviewStatus = "rejected"
)

// Review is the platform's verdict on the ad.
type Review struct {
	Status ReviewStatus `json:"status"`
	// Reason is the platform's reason for a rejection, in its words.
	Reason string `json:"reason,omitempty"`
	// PlatformStatus is the platform's own status (Meta effective_status,
	// Google policy approval status).
	PlatformStatus string    `json:"platformStatus,omitempty"`
	CheckedAt      time.Time `json:"checkedAt,omitzero"`
}

// Event is one entry of a draft's audit: who did what, when.
type Event struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"` // user ID, or "publisher"
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
}

// Draft is one campaign, from draft to live.
type Draft struct {
	OrgID        string             `json:"orgId"`
	ID           string             `json:"id"`
	Name         string             `json:"name"`
	Goal         Goal               `json:"goal"`
	Platform     connector.Platform `json:"platform"`
	Placement    rules.Placement    `json:"placement"`
	ConnectionID string             `json:"connectionId"`
	AccountID    string             `json:"accountId"`
	Currency     string             `json:"currency"`
	// DailyBudget in the account's currency's minor units (cents).
	DailyBudget int64     `json:"dailyBudgetMinor"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end,omitzero"`
	Audience    Audience  `json:"audience"`
	Creative    Creative  `json:"creative"`
	// Launch is whether the ads start delivering once created.
	Launch Delivery `json:"launch"`

	Status     Status            `json:"status"`
	Reason     string            `json:"reason,omitempty"`
	Violations []rules.Violation `json:"violations,omitempty"`
	Steps      []Step            `json:"steps,omitempty"`
	Delivery   Delivery          `json:"delivery,omitempty"`
	Review     *Review           `json:"review,omitempty"`
	Audit      []Event           `json:"audit"`
	Attempts   int               `json:"attempts,omitempty"`

	CreatedBy  string    `json:"createdBy"`
	ApprovedBy string    `json:"approvedBy,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Version    int64     `json:"-"`
}

// StepID is the recorded platform ID of a step ("" when not yet done).
func (d Draft) StepID(name string) string {
	for _, s := range d.Steps {
		if s.Name == name {
			return s.PlatformID
		}
	}
	return ""
}

// Tag is what every platform object's name carries, so a step whose answer
// was lost can be found at the platform before it is retried.
func (d Draft) Tag() string { return "[" + d.ID + "]" }

// ObjectName is the name of the platform object of a step.
func (d Draft) ObjectName(step string) string { return d.Name + " " + step + " " + d.Tag() }

// Store keeps assets and drafts.
type Store interface {
	CreateAsset(ctx context.Context, a Asset) error
	GetAsset(ctx context.Context, orgID, id string) (Asset, bool, error)
	// ListAssets reads an organization's assets in ID order after after.
	ListAssets(ctx context.Context, orgID, after string, limit int) ([]Asset, string, error)
	// UpdateAsset writes a if the stored version is a.Version-1.
	UpdateAsset(ctx context.Context, a Asset) error
	DeleteAsset(ctx context.Context, orgID, id string) error

	CreateDraft(ctx context.Context, d Draft) error
	GetDraft(ctx context.Context, orgID, id string) (Draft, bool, error)
	ListDrafts(ctx context.Context, orgID, after string, limit int) ([]Draft, string, error)
	// UpdateDraft writes d if the stored version is d.Version-1.
	UpdateDraft(ctx context.Context, d Draft) error
}

// Errors a Store reports.
var (
	ErrNotFound = errors.New("campaign: not found")
	ErrExists   = errors.New("campaign: already exists")
	ErrStale    = errors.New("campaign: changed since it was read")
)
