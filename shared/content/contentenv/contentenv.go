// Package contentenv wires contentgen from its environment: the content
// store (ACCOUNT_TABLE), the files (ASSETS_BUCKET), the queue it waits on
// for asynchronous video (CONTENT_QUEUE_URL), and the model provider
// (MODEL_PROVIDER: bedrock, or local, the default; BEDROCK_*_MODEL_ID and
// BEDROCK_PRICES for the cost estimate).
package contentenv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/bedrock"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

// Generator reads the configuration; a problem with it stops the cold
// start (b.Must).
func Generator(b *boot.Boot) *content.Generator {
	files := assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	store, err := contentdb.New(b.Table("ACCOUNT_TABLE", retention.Account))
	g := &content.Generator{Store: store, Provider: localgen.Generator{}, Assets: files, Later: b.Queue("CONTENT_QUEUE_URL").SendLater}
	var perr error
	if b.Env.Optional("MODEL_PROVIDER", localgen.Name) == bedrock.Name {
		cfg := bedrock.Config{
			CopyModel:  b.Env.Required("BEDROCK_COPY_MODEL_ID"),
			ImageModel: b.Env.Optional("BEDROCK_IMAGE_MODEL_ID", ""),
			VideoModel: b.Env.Optional("BEDROCK_VIDEO_MODEL_ID", ""),
			Files:      files,
		}
		if raw := b.Env.Optional("BEDROCK_PRICES", ""); raw != "" {
			p, err := Prices(raw)
			if err != nil {
				b.Env.Invalid("BEDROCK_PRICES", err.Error())
			}
			cfg.InputMicrosPer1K, cfg.OutputMicrosPer1K, cfg.ImageMicros, cfg.VideoMicrosPerSecond = p[0], p[1], p[2], p[3]
		}
		g.Provider, perr = bedrock.New(b.AWS, cfg)
	}
	b.Must(err, perr)
	return g
}

// Prices reads BEDROCK_PRICES: micro-dollars per 1,000 input tokens, per
// 1,000 output tokens, per image and per second of video, comma-separated.
func Prices(raw string) ([4]int64, error) {
	var out [4]int64
	parts := strings.Split(raw, ",")
	if len(parts) != len(out) {
		return out, fmt.Errorf("want 4 comma-separated prices in micro-dollars (input and output per 1,000 tokens, per image, per video second), got %d", len(parts))
	}
	for i, p := range parts {
		n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil || n < 0 {
			return out, fmt.Errorf("price %d (%q) is not a whole number of micro-dollars", i+1, p)
		}
		out[i] = n
	}
	return out, nil
}
