// Package uploads keeps uploaded creatives in the assets bucket under
// assets/<orgId>/uploads/: presigned POST policies limited to one key, one
// content type and a size range, ranged reads for verification, presigned
// GET URLs, whole reads for publishing, and deletion.
package uploads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/platform/objects"
)

// TTL is how long a presigned upload or download works.
const TTL = 15 * time.Minute

// Store is the bucket's upload prefix.
type Store struct{ b *objects.Bucket }

// New binds the store to bucket.
func New(cfg aws.Config, bucket string) *Store { return &Store{objects.New(cfg, bucket)} }

func check(key string) error {
	if objects.Within("uploads", "assets/", key) != nil || !strings.Contains(key, "/uploads/") {
		return fmt.Errorf("uploads: key %q is outside assets/<org>/uploads/", key)
	}
	return nil
}

// PresignPost signs a POST policy for key: exactly this content type, at
// most maxBytes; the browser POSTs the fields and then the file (as the
// last field, "file") to the URL. Signing makes no AWS call.
func (s *Store) PresignPost(ctx context.Context, key, contentType string, maxBytes int64) (string, map[string]string, time.Time, error) {
	if err := check(key); err != nil {
		return "", nil, time.Time{}, err
	}
	p, err := s.b.Presign.PresignPostObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.b.Name), Key: aws.String(key), ContentType: aws.String(contentType)},
		func(o *s3.PresignPostOptions) {
			o.Expires = TTL
			o.Conditions = []any{[]any{"content-length-range", 1, maxBytes}, map[string]string{"Content-Type": contentType}}
		})
	if err != nil {
		return "", nil, time.Time{}, err
	}
	fields := map[string]string{"Content-Type": contentType}
	for k, v := range p.Values {
		fields[k] = v
	}
	return p.URL, fields, time.Now().Add(TTL).UTC(), nil
}

// Missing reports whether err (of Head) means nothing is at the key.
func (s *Store) Missing(err error) bool { return errors.Is(err, ErrMissing) }

// ErrMissing: nothing was uploaded at the key.
var ErrMissing = errors.New("uploads: no file at the key")

// Head reads an object's size and content type.
func (s *Store) Head(ctx context.Context, key string) (int64, string, error) {
	if err := check(key); err != nil {
		return 0, "", err
	}
	out, err := s.b.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.b.Name), Key: aws.String(key)})
	var nf *types.NotFound
	if errors.As(err, &nf) {
		return 0, "", ErrMissing
	}
	if err != nil {
		return 0, "", err
	}
	return aws.ToInt64(out.ContentLength), aws.ToString(out.ContentType), nil
}

// Range reads bytes [from, to] of an object (inclusive, clamped).
func (s *Store) Range(ctx context.Context, key string, from, to int64) ([]byte, error) {
	if err := check(key); err != nil {
		return nil, err
	}
	out, err := s.b.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.b.Name), Key: aws.String(key), Range: aws.String(fmt.Sprintf("bytes=%d-%d", from, to))})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(io.LimitReader(out.Body, to-from+1))
}

// Get reads a whole object: an upload or a generated file (assets/...).
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := objects.Within("uploads", "assets/", key); err != nil {
		return nil, err
	}
	return s.b.Get(ctx, key, campaign.MaxVideoBytes)
}

// Delete removes an object (absent is fine).
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := check(key); err != nil {
		return err
	}
	return s.b.Delete(ctx, key)
}

// URL presigns a GET of key valid for TTL. Signing makes no AWS call.
func (s *Store) URL(ctx context.Context, key string) (string, time.Time, error) {
	if err := check(key); err != nil {
		return "", time.Time{}, err
	}
	return s.b.URL(ctx, key, TTL, time.Now())
}
