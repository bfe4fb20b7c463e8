// Package exports3 keeps privacy exports in the assets bucket under
// exports/ (the bucket's KMS encryption applies) and presigns their
// download links.
package exports3

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/medspa-ai/backend/shared/platform/objects"
)

// LinkTTL is how long a download link is valid (SigV4's maximum).
const LinkTTL = 7 * 24 * time.Hour

// Bucket is the exports/ prefix of a bucket.
type Bucket struct{ b *objects.Bucket }

// New binds to bucket.
func New(cfg aws.Config, bucket string) *Bucket { return &Bucket{objects.New(cfg, bucket)} }

func check(key string) error { return objects.Within("exports3", "exports/", key) }

// Upload writes the file.
func (b *Bucket) Upload(ctx context.Context, key string, f *os.File, size int64) error {
	if err := check(key); err != nil {
		return err
	}
	_, err := b.b.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(b.b.Name), Key: aws.String(key), Body: f,
		ContentLength: aws.Int64(size), ContentType: aws.String("application/zip")})
	return err
}

// Delete removes an export (an erased subject's earlier exports); one
// already gone is not an error.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if err := check(key); err != nil {
		return err
	}
	return b.b.Delete(ctx, key)
}

// URL presigns a download of key, valid for valid (at most LinkTTL), so a
// link ends when its object does. Signing makes no call.
func (b *Bucket) URL(ctx context.Context, key string, valid time.Duration) (string, error) {
	if err := check(key); err != nil {
		return "", err
	}
	if valid <= 0 {
		return "", fmt.Errorf("exports3: %s: the link would already have ended", key)
	}
	url, _, err := b.b.URL(ctx, key, min(valid, LinkTTL), time.Now())
	return url, err
}
