// Package content is AI content generation (privacy policy section 4):
// content requests (ad copy, images, video for one placement), their
// results and statuses, the Provider interface every model adapter
// implements, and the Generator that fulfils a request: it builds the
// brief from the brand profile and the request, calls the provider, checks
// every result with the rule checker (shared/content/rules), regenerates
// with the violations fed back, and stores what passed.
//
// It has no AWS imports: contentdb keeps requests in the account table,
// bedrock and localgen are the providers, assets puts files in S3.
package content

import (
	"context"
	"errors"
	"time"

	"github.com/medspa-ai/backend/shared/content/rules"
)

// Kind is what a request asks for.
type Kind string

const (
	Copy  Kind = "copy"
	Image Kind = "image"
	Video Kind = "video"
)

// Valid reports whether k is known.
func (k Kind) Valid() bool { return k == Copy || k == Image || k == Video }

// Status of a request.
type Status string

const (
	Queued     Status = "queued"
	Generating Status = "generating"
	Ready      Status = "ready"
	// Rejected: every attempt broke a rule; the violations are kept and no
	// result is offered.
	Rejected Status = "rejected"
	// Failed: the provider or the request could not be processed.
	Failed Status = "failed"
)

// Done reports whether s is final.
func (s Status) Done() bool { return s == Ready || s == Rejected || s == Failed }

// MaxVariants bounds the variants a request may ask for.
const MaxVariants = 5

// Brand is what the organization told us about itself, copied into the
// request when it is made: the brief the provider writes from.
type Brand struct {
	CompanyName string   `json:"companyName"`
	Website     string   `json:"website,omitempty"`
	BrandVoice  string   `json:"brandVoice,omitempty"`
	Services    []string `json:"services,omitempty"`
	Locations   []string `json:"locations,omitempty"` // "City, ST"
}

// Request is one content request and, once generated, its results.
type Request struct {
	OrgID     string
	ID        string
	Kind      Kind
	Placement rules.Placement
	Service   string
	Offer     string
	Tone      string
	CTA       string
	Audience  string // optional notes
	Variants  int
	Brand     Brand

	Status Status
	// Reason says why a request was rejected or failed (no personal data).
	Reason     string
	Violations []rules.Violation // of the last attempt, when rejected
	Provider   string
	Model      string
	Results    []Result
	Attempts   int
	Usage      Usage
	// Pending are the renders an asynchronous video provider is still
	// working on; Polls numbers the message that waits for them (see
	// AsyncVideo).
	Pending []Pending `json:",omitempty"`
	Polls   int       `json:",omitempty"`

	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}

// Usage is what generation cost: tokens and an estimate in micro-dollars
// (integers, never floats).
type Usage struct {
	InputTokens  int64 `json:"inputTokens"`
	OutputTokens int64 `json:"outputTokens"`
	Images       int64 `json:"images"`
	VideoSeconds int64 `json:"videoSeconds"`
	CostMicros   int64 `json:"costMicrosUsd"`
}

// Add returns u plus v.
func (u Usage) Add(v Usage) Usage {
	return Usage{u.InputTokens + v.InputTokens, u.OutputTokens + v.OutputTokens, u.Images + v.Images, u.VideoSeconds + v.VideoSeconds, u.CostMicros + v.CostMicros}
}

// Result is one variant: its text fields (copy, or the text an image or
// video shows) and, for images and video, the file.
type Result struct {
	Fields map[string]string `json:"fields"`
	Asset  *Asset            `json:"asset,omitempty"`
	// Checks lists the rule IDs the result was checked against and passed.
	Checks []string `json:"checks"`
}

// Asset is a generated file, kept under the organization's prefix.
type Asset struct {
	Key         string `json:"key"`
	ContentType string `json:"contentType"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Frames      int    `json:"frames,omitempty"`
	DurationMs  int    `json:"durationMs,omitempty"`
	Bytes       int    `json:"bytes"`
}

// Store keeps requests.
type Store interface {
	// Create writes a new request (version 1); an existing ID is an error.
	Create(ctx context.Context, r Request) error
	// Get reads one request; found is false when it does not exist.
	Get(ctx context.Context, orgID, id string) (r Request, found bool, err error)
	// List reads an organization's requests newest first, after the ID
	// after ("" for the first page); next is "" on the last page.
	List(ctx context.Context, orgID, after string, limit int) (rs []Request, next string, err error)
	// Update writes r if the stored version is r.Version-1.
	Update(ctx context.Context, r Request) error
}

// Errors a Store reports.
var (
	ErrNotFound = errors.New("content: request not found")
	ErrExists   = errors.New("content: request already exists")
	ErrStale    = errors.New("content: request changed since it was read")
)

// Brief is what a provider generates from.
type Brief struct {
	Request Request
	// Fields are the text fields each variant must fill, with their limits.
	Fields []FieldSpec
	// Feedback holds the violations of the previous attempt, if any.
	Feedback []rules.Violation
	Attempt  int
	// Width, Height for images and video; Seconds for video.
	Width, Height, Seconds int
}

// FieldSpec is one text field and its length limit.
type FieldSpec struct {
	Name string
	Max  int
}

// Media is a generated file's bytes.
type Media struct {
	// Key is set when the provider stored the file itself (Data is then
	// empty, Bytes its size): it is under the organization's asset prefix.
	Key         string
	Bytes       int
	Data        []byte
	ContentType string
	Width       int
	Height      int
	Frames      int
	DurationMs  int
}

// Output is what one provider call produced: one entry per variant.
type Output struct {
	Variants []Variant
	Usage    Usage
	Model    string
}

// Variant is one generated variant.
type Variant struct {
	Fields map[string]string
	Media  *Media
}

// Provider is a model provider. Each call makes every variant of one
// attempt. Errors wrapping ErrTransient (timeouts, throttling) are retried
// with backoff; others fail the request.
type Provider interface {
	// Name is said in every response ("bedrock", "local").
	Name() string
	Generate(ctx context.Context, b Brief) (Output, error)
}

// AsyncVideo is a provider that renders video asynchronously (Bedrock's
// Nova Reel takes minutes): the generator starts one render per variant,
// keeps the handles on the request, and polls them on later messages it
// sends itself, so no invocation waits for a render.
type AsyncVideo interface {
	// VideoSize is the size and length the provider renders for the
	// placement, or an error saying why it cannot serve it.
	VideoSize(p rules.Placement) (w, h, seconds int, err error)
	// StartVideo starts one render whose file is written under prefix (the
	// organization's asset prefix). The same token starts the same render,
	// so a redelivered message does not render, or bill, twice.
	StartVideo(ctx context.Context, b Brief, headline, prefix, token string) (handle string, err error)
	// PollVideo reports a render: still running, failed with a reason, or
	// done with its file already stored (Media.Key set, Data empty).
	PollVideo(ctx context.Context, handle string) (VideoJob, error)
}

// VideoJob is a render's progress.
type VideoJob struct {
	Done   bool
	Failed string
	Media  *Media
	Usage  Usage
}

// Pending is one render being waited for.
type Pending struct {
	Handle    string    `json:"handle"`
	Headline  string    `json:"headline"`
	StartedAt time.Time `json:"startedAt"`
	Result    *Result   `json:"result,omitempty"`
}

// ErrTransient marks a provider error a later attempt may not have.
var ErrTransient = errors.New("content: provider temporarily unavailable")

// Assets keeps generated files.
type Assets interface {
	Put(ctx context.Context, key, contentType string, data []byte) error
}
