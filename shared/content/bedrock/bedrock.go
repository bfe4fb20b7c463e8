// Package bedrock is the Amazon Bedrock model provider, through the
// bedrockruntime client: the Converse API for copy (the model ID is
// configuration; the answer is asked for as a forced tool call whose JSON
// schema holds the brief's fields and limits, and validated before the
// rule checker sees it) and an image model (Amazon Nova Canvas's
// TEXT_IMAGE body, also Titan Image Generator's) through InvokeModel for
// images. Throttling, timeouts and unavailable models are reported as
// content.ErrTransient so the generator retries them with its backoff
// (the client's own retries are off, so waits are not stacked).
//
// Video is rendered asynchronously by Nova Reel (StartAsyncInvoke, output
// written to the assets bucket under the organization's prefix), polled
// by later messages (video.go, content.AsyncVideo).
package bedrock

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/smithy-go"

	"github.com/medspa-ai/backend/shared/content"
)

// Name is the provider name responses show.
const Name = "bedrock"

// Config chooses the models and their prices (micro-dollars per 1,000
// tokens and per image) for the cost estimate.
type Config struct {
	CopyModel  string
	ImageModel string
	// VideoModel (Nova Reel) renders video into Files, the assets bucket;
	// without both, video requests fail with that reason.
	VideoModel string
	Files      Objects
	// Prices; zero means unknown (the estimate counts nothing for it).
	InputMicrosPer1K, OutputMicrosPer1K, ImageMicros, VideoMicrosPerSecond int64
}

// Provider implements content.Provider on Bedrock.
type Provider struct {
	rt  *bedrockruntime.Client
	cfg Config
}

var _ content.Provider = (*Provider)(nil)

// New builds the provider from the SDK configuration.
func New(awsCfg aws.Config, c Config, opts ...func(*bedrockruntime.Options)) (*Provider, error) {
	if c.CopyModel == "" {
		return nil, errors.New("bedrock: a copy model ID is required")
	}
	opts = append([]func(*bedrockruntime.Options){func(o *bedrockruntime.Options) { o.RetryMaxAttempts = 1 }}, opts...)
	return &Provider{rt: bedrockruntime.NewFromConfig(awsCfg, opts...), cfg: c}, nil
}

// Name implements content.Provider.
func (p *Provider) Name() string { return Name }

// Generate implements content.Provider.
func (p *Provider) Generate(ctx context.Context, b content.Brief) (content.Output, error) {
	switch b.Request.Kind {
	case content.Copy:
		return p.copy(ctx, b)
	case content.Image:
		return p.images(ctx, b)
	}
	// Video is asynchronous: the generator calls StartVideo and PollVideo.
	return content.Output{}, errors.New("bedrock: video is rendered asynchronously (StartVideo)")
}

// answer is the JSON the model is asked for.
type answer struct {
	Variants []map[string]string `json:"variants"`
}

func (p *Provider) copy(ctx context.Context, b content.Brief) (content.Output, error) {
	out := content.Output{Model: p.cfg.CopyModel}
	res, err := p.rt.Converse(ctx, &bedrockruntime.ConverseInput{
		ModelId:         aws.String(p.cfg.CopyModel),
		System:          []types.SystemContentBlock{&types.SystemContentBlockMemberText{Value: SystemPrompt}},
		Messages:        []types.Message{{Role: types.ConversationRoleUser, Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: Prompt(b)}}}},
		InferenceConfig: &types.InferenceConfiguration{MaxTokens: aws.Int32(2000), Temperature: aws.Float32(0.7)},
		ToolConfig:      copyTool(b),
	})
	if err != nil {
		return out, classify(err)
	}
	if u := res.Usage; u != nil {
		out.Usage.InputTokens, out.Usage.OutputTokens = int64(aws.ToInt32(u.InputTokens)), int64(aws.ToInt32(u.OutputTokens))
		out.Usage.CostMicros = (out.Usage.InputTokens*p.cfg.InputMicrosPer1K + out.Usage.OutputTokens*p.cfg.OutputMicrosPer1K) / 1000
	}
	msg, ok := res.Output.(*types.ConverseOutputMemberMessage)
	if !ok {
		return out, errors.New("bedrock: the model returned no message")
	}
	vs, err := readAnswer(msg.Value.Content, b.Fields)
	if err != nil {
		// A malformed answer is one more attempt's worth of violations,
		// not a failed request: say so to the generator with no variant.
		return out, nil
	}
	for _, v := range vs {
		out.Variants = append(out.Variants, content.Variant{Fields: v})
	}
	return out, nil
}

// ToolName is the tool the model is made to call with its answer: Converse's
// way to structured output, whose input schema lists the brief's fields
// with their character limits.
const ToolName = "submit_ad_copy"

// copyTool asks for the answer as a call of ToolName, nothing else.
func copyTool(b content.Brief) *types.ToolConfiguration {
	props := map[string]any{}
	names := make([]string, 0, len(b.Fields))
	for _, f := range b.Fields {
		props[f.Name] = map[string]any{"type": "string", "maxLength": f.Max}
		names = append(names, f.Name)
	}
	schema := map[string]any{
		"type":     "object",
		"required": []string{"variants"},
		"properties": map[string]any{"variants": map[string]any{
			"type": "array", "minItems": b.Request.Variants, "maxItems": b.Request.Variants,
			"items": map[string]any{"type": "object", "properties": props, "required": names, "additionalProperties": false},
		}},
	}
	return &types.ToolConfiguration{
		Tools: []types.Tool{&types.ToolMemberToolSpec{Value: types.ToolSpecification{
			Name:        aws.String(ToolName),
			Description: aws.String("Submit the ad copy variants, one object per variant, each field within its maximum length."),
			InputSchema: &types.ToolInputSchemaMemberJson{Value: document.NewLazyDocument(schema)},
		}}},
		ToolChoice: &types.ToolChoiceMemberTool{Value: types.SpecificToolChoice{Name: aws.String(ToolName)}},
	}
}

// readAnswer takes the answer from the tool call; a model that answered in
// text instead (some models ignore the tool choice) is read from the JSON
// in its text. Either way the answer is validated by parseAnswer.
func readAnswer(blocks []types.ContentBlock, fields []content.FieldSpec) ([]map[string]string, error) {
	var text strings.Builder
	for _, c := range blocks {
		switch c := c.(type) {
		case *types.ContentBlockMemberToolUse:
			if aws.ToString(c.Value.Name) != ToolName || c.Value.Input == nil {
				continue
			}
			raw, err := c.Value.Input.MarshalSmithyDocument()
			if err != nil {
				return nil, fmt.Errorf("bedrock: tool input: %w", err)
			}
			return parseAnswer(string(raw), fields)
		case *types.ContentBlockMemberText:
			text.WriteString(c.Value)
		}
	}
	return parseAnswer(text.String(), fields)
}

// parseAnswer validates the model's JSON: an object with variants, each
// holding only the brief's fields, as strings. Text around the JSON (a
// model's preamble, a code fence) is ignored.
func parseAnswer(s string, fields []content.FieldSpec) ([]map[string]string, error) {
	i, j := strings.Index(s, "{"), strings.LastIndex(s, "}")
	if i < 0 || j < i {
		return nil, errors.New("bedrock: no JSON object in the answer")
	}
	var a answer
	dec := json.NewDecoder(strings.NewReader(s[i : j+1]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("bedrock: bad JSON answer: %w", err)
	}
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Name] = true
	}
	for _, v := range a.Variants {
		for k := range v {
			if !known[k] {
				delete(v, k)
			}
		}
	}
	return a.Variants, nil
}

// SystemPrompt sets the rules every answer follows.
const SystemPrompt = `You write ad copy for a medical spa. Answer by calling the submit_ad_copy tool (or, if you cannot, with JSON only: {"variants":[{"<field>":"<text>",...}]}).
Never: assert or imply the reader's appearance or health ("your wrinkles", "are you struggling with"); guarantee results; claim permanent, pain-free or risk-free results; say "FDA approved" for devices or off-label uses; mention before/after; use prescription drug brand names (Botox, Dysport, Xeomin, Ozempic...) on Meta; promise unrealistic timeframes or miracles; name or identify any patient. On Google: no exclamation mark in headlines, at most one in the ad, no words in capitals for emphasis, no repeated punctuation. Respect every character limit.`

// Prompt is the brief as the model reads it.
func Prompt(b content.Brief) string {
	r := b.Request
	var s strings.Builder
	fmt.Fprintf(&s, "Business: %s. Brand voice: %s. Services: %s. Locations: %s. Website: %s.\n", r.Brand.CompanyName, r.Brand.BrandVoice,
		strings.Join(r.Brand.Services, ", "), strings.Join(r.Brand.Locations, "; "), r.Brand.Website)
	fmt.Fprintf(&s, "Placement: %s. Promote: %s. Offer: %s. Tone: %s. Call to action: %s. Audience notes: %s.\n", r.Placement, r.Service, r.Offer, r.Tone, r.CTA, r.Audience)
	fmt.Fprintf(&s, "Write %d variant(s). Each variant has these fields (maximum characters):", r.Variants)
	for _, f := range b.Fields {
		fmt.Fprintf(&s, " %s (%d);", f.Name, f.Max)
	}
	s.WriteString("\n")
	if len(b.Feedback) > 0 {
		s.WriteString("Your previous answer broke these rules; write new text that does not:\n")
		for _, v := range b.Feedback {
			fmt.Fprintf(&s, "- %s [%s]: %s\n", v.Field, v.Rule, v.Message)
		}
	}
	return s.String()
}

// imageRequest is Nova Canvas's (and Titan Image Generator's) text-to-image body.
type imageRequest struct {
	TaskType          string `json:"taskType"`
	TextToImageParams struct {
		Text         string `json:"text"`
		NegativeText string `json:"negativeText,omitempty"`
	} `json:"textToImageParams"`
	ImageGenerationConfig struct {
		NumberOfImages int `json:"numberOfImages"`
		Width          int `json:"width"`
		Height         int `json:"height"`
		Seed           int `json:"seed,omitempty"`
	} `json:"imageGenerationConfig"`
}

type imageResponse struct {
	Images []string `json:"images"`
	Error  string   `json:"error,omitempty"`
}

// up16 rounds up to the model's size step.
func up16(n int) int { return (n + 15) / 16 * 16 }

func (p *Provider) images(ctx context.Context, b content.Brief) (content.Output, error) {
	out := content.Output{Model: p.cfg.ImageModel}
	if p.cfg.ImageModel == "" {
		return out, errors.New("bedrock: no image model is configured")
	}
	r := b.Request
	var req imageRequest
	req.TaskType = "TEXT_IMAGE"
	req.TextToImageParams.Text = fmt.Sprintf("Clean, bright lifestyle photograph for a med spa ad promoting %s, calm premium setting, no text, no people's faces in close-up, no before and after", r.Service)
	req.TextToImageParams.NegativeText = "text, logos, before and after, medical procedure close-up"
	req.ImageGenerationConfig.NumberOfImages = r.Variants
	req.ImageGenerationConfig.Width, req.ImageGenerationConfig.Height = up16(b.Width), up16(b.Height)
	body, _ := json.Marshal(req)
	res, err := p.rt.InvokeModel(ctx, &bedrockruntime.InvokeModelInput{ModelId: aws.String(p.cfg.ImageModel), Body: body,
		ContentType: aws.String("application/json"), Accept: aws.String("application/json")})
	if err != nil {
		return out, classify(err)
	}
	var ir imageResponse
	if err := json.Unmarshal(res.Body, &ir); err != nil || ir.Error != "" {
		return out, fmt.Errorf("bedrock: image model answer: %v %s", err, ir.Error)
	}
	out.Usage.Images = int64(len(ir.Images))
	out.Usage.CostMicros = out.Usage.Images * p.cfg.ImageMicros
	headline := strings.TrimSuffix(r.Offer, ".")
	if headline == "" || len([]rune(headline)) > 40 {
		headline = r.Service
	}
	for _, enc := range ir.Images {
		m, err := fit(enc, b.Width, b.Height)
		if err != nil {
			return out, err
		}
		out.Variants = append(out.Variants, content.Variant{Fields: map[string]string{"headline": headline}, Media: m})
	}
	return out, nil
}

// fit decodes a base64 image and centre-crops it to exactly w x h.
func fit(enc string, w, h int) (*content.Media, error) {
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("bedrock: image is not base64: %w", err)
	}
	src, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("bedrock: image does not decode: %w", err)
	}
	sb := src.Bounds()
	if sb.Dx() < w || sb.Dy() < h {
		return nil, fmt.Errorf("bedrock: image is %dx%d, smaller than %dx%d", sb.Dx(), sb.Dy(), w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	off := image.Pt(sb.Min.X+(sb.Dx()-w)/2, sb.Min.Y+(sb.Dy()-h)/2)
	draw.Draw(dst, dst.Bounds(), src, off, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return &content.Media{Data: buf.Bytes(), ContentType: "image/png", Width: w, Height: h}, nil
}

// classify marks the errors a later attempt may not have as transient.
func classify(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ThrottlingException", "ServiceUnavailableException", "ModelTimeoutException", "ModelNotReadyException", "InternalServerException",
			"ServiceQuotaExceededException": // too many renders running at once
			return fmt.Errorf("bedrock: %s: %w", ae.ErrorCode(), content.ErrTransient)
		}
		return fmt.Errorf("bedrock: %s: %s", ae.ErrorCode(), ae.ErrorMessage())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("bedrock: timeout: %w", content.ErrTransient)
	}
	return err
}
