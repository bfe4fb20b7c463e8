package bedrock

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/mp4"
	"github.com/medspa-ai/backend/shared/content/rules"
)

// Video is rendered by Amazon Nova Reel through StartAsyncInvoke: the model
// writes <prefix>/<invocation id>/output.mp4 into the assets bucket, under
// the organization's prefix, and GetAsyncInvoke reports when it has. Nova
// Reel renders 1280x720 at 24 frames a second, 6 seconds a shot.
const (
	videoWidth, videoHeight, videoSeconds = 1280, 720, 6
	// maxVideoBytes bounds the file read back to check it; a 6 s render
	// is a few MB.
	maxVideoBytes = 200 << 20
)

// Objects reads and removes the files the video model writes to the
// assets bucket (assets.Store).
type Objects interface {
	Bucket() string
	Get(ctx context.Context, key string, max int64) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

var _ content.AsyncVideo = (*Provider)(nil)

// VideoSize implements content.AsyncVideo: 16:9 only, so the feed
// placement, not stories (9:16).
func (p *Provider) VideoSize(pl rules.Placement) (int, int, int, error) {
	switch {
	case p.cfg.VideoModel == "" || p.cfg.Files == nil:
		return 0, 0, 0, errors.New("video with Bedrock needs a video model and the assets bucket configured")
	case pl != rules.MetaFeed:
		return 0, 0, 0, fmt.Errorf("Bedrock's video model renders 16:9 (%dx%d) only, which %s cannot show; use the local provider or an image", videoWidth, videoHeight, pl)
	}
	return videoWidth, videoHeight, videoSeconds, nil
}

// StartVideo implements content.AsyncVideo.
func (p *Provider) StartVideo(ctx context.Context, b content.Brief, headline, prefix, token string) (string, error) {
	body := map[string]any{
		"taskType": "TEXT_VIDEO",
		"textToVideoParams": map[string]any{"text": fmt.Sprintf(
			"Slow cinematic camera move through a calm, bright, premium med spa treatment room, soft natural light, plants and clean surfaces, promoting %s. No people, no faces, no text, no before and after.", b.Request.Service)},
		"videoGenerationConfig": map[string]any{"durationSeconds": videoSeconds, "fps": 24, "dimension": fmt.Sprintf("%dx%d", videoWidth, videoHeight), "seed": seed(token)},
	}
	res, err := p.rt.StartAsyncInvoke(ctx, &bedrockruntime.StartAsyncInvokeInput{
		ModelId:            aws.String(p.cfg.VideoModel),
		ModelInput:         document.NewLazyDocument(body),
		ClientRequestToken: aws.String(token),
		OutputDataConfig: &types.AsyncInvokeOutputDataConfigMemberS3OutputDataConfig{Value: types.AsyncInvokeS3OutputDataConfig{
			S3Uri: aws.String("s3://" + p.cfg.Files.Bucket() + "/" + prefix)}},
	})
	if err != nil {
		return "", classify(err)
	}
	return aws.ToString(res.InvocationArn), nil
}

// seed makes a render's seed from its token, so a restarted render is a
// different one and a repeated start the same.
func seed(token string) int {
	h := uint32(2166136261)
	for i := 0; i < len(token); i++ {
		h = (h ^ uint32(token[i])) * 16777619
	}
	return int(h % 2147483646)
}

// PollVideo implements content.AsyncVideo. A finished render is read
// back and checked: a file that is not MP4 video is deleted and reported
// as a failed render.
func (p *Provider) PollVideo(ctx context.Context, handle string) (content.VideoJob, error) {
	res, err := p.rt.GetAsyncInvoke(ctx, &bedrockruntime.GetAsyncInvokeInput{InvocationArn: aws.String(handle)})
	if err != nil {
		return content.VideoJob{}, classify(err)
	}
	switch res.Status {
	case types.AsyncInvokeStatusFailed:
		return content.VideoJob{Done: true, Failed: "the video model failed: " + aws.ToString(res.FailureMessage)}, nil
	case types.AsyncInvokeStatusCompleted:
	default:
		return content.VideoJob{}, nil
	}
	out, ok := res.OutputDataConfig.(*types.AsyncInvokeOutputDataConfigMemberS3OutputDataConfig)
	bucketURI := "s3://" + p.cfg.Files.Bucket() + "/"
	if !ok || !strings.HasPrefix(aws.ToString(out.Value.S3Uri), bucketURI) {
		return content.VideoJob{Done: true, Failed: "the video model wrote outside the assets bucket"}, nil
	}
	id := handle[strings.LastIndex(handle, "/")+1:]
	key := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(out.Value.S3Uri), bucketURI), "/") + "/" + id + "/output.mp4"
	data, err := p.cfg.Files.Get(ctx, key, maxVideoBytes)
	if err != nil {
		return content.VideoJob{}, fmt.Errorf("bedrock: reading the rendered video: %v: %w", err, content.ErrTransient)
	}
	used := content.Usage{VideoSeconds: videoSeconds, CostMicros: videoSeconds * p.cfg.VideoMicrosPerSecond}
	info, err := mp4.Parse(data)
	if err != nil {
		if derr := p.cfg.Files.Delete(ctx, key); derr != nil {
			return content.VideoJob{}, fmt.Errorf("bedrock: deleting a file that is not video: %v: %w", derr, content.ErrTransient)
		}
		return content.VideoJob{Done: true, Failed: "the video model's file is not MP4 video", Usage: used}, nil
	}
	return content.VideoJob{Done: true, Usage: used, Media: &content.Media{Key: key, Bytes: len(data), ContentType: "video/mp4",
		Width: info.Width, Height: info.Height, DurationMs: info.DurationMs}}, nil
}
