// Package objects is the S3 adapter the file stores build on: one bucket,
// whole reads bounded in size, deletes, and presigned GET URLs. Which keys
// a store may touch is the store's to check (Within), before it calls here.
package objects

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Bucket is one S3 bucket.
type Bucket struct {
	S3      *s3.Client
	Presign *s3.PresignClient
	Name    string
}

// New binds a client to the bucket named name.
func New(cfg aws.Config, name string) *Bucket {
	c := s3.NewFromConfig(cfg)
	return &Bucket{S3: c, Presign: s3.NewPresignClient(c), Name: name}
}

// Within is nil when key lies under prefix and cannot climb out of it
// (no ".."), else an error in the store's name: how a file store keeps to
// its own part of a shared bucket.
func Within(store, prefix, key string) error {
	if !strings.HasPrefix(key, prefix) || strings.Contains(key, "..") {
		return fmt.Errorf("%s: key %q is outside %s", store, key, prefix)
	}
	return nil
}

// Get reads the whole object at key, of at most max bytes.
func (b *Bucket) Get(ctx context.Context, key string, max int64) ([]byte, error) {
	out, err := b.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.Name), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	if aws.ToInt64(out.ContentLength) > max {
		return nil, fmt.Errorf("objects: %s is %d bytes, more than %d", key, aws.ToInt64(out.ContentLength), max)
	}
	return io.ReadAll(io.LimitReader(out.Body, max))
}

// Delete removes the object at key; one already gone is not an error.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	_, err := b.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(b.Name), Key: aws.String(key)})
	return err
}

// URL presigns a GET of key valid for ttl from now, and says until when.
// Signing makes no AWS call.
func (b *Bucket) URL(ctx context.Context, key string, ttl time.Duration, now time.Time) (string, time.Time, error) {
	req, err := b.Presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.Name), Key: aws.String(key)}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", time.Time{}, err
	}
	return req.URL, now.Add(ttl).UTC(), nil
}
