// Package assets keeps generated files in the assets bucket, under
// assets/<orgId>/..., and hands them out through short-lived presigned GET
// URLs (the bucket blocks public access; the role that signs must be
// allowed s3:GetObject on assets/* for the URL to work).
package assets

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// URLTTL is how long a presigned URL works.
const URLTTL = 15 * time.Minute

// Store is the bucket's assets/ prefix.
type Store struct {
	s3      *s3.Client
	presign *s3.PresignClient
	bucket  string
	now     func() time.Time
}

// New binds the store to bucket.
func New(cfg aws.Config, bucket string) *Store {
	c := s3.NewFromConfig(cfg)
	return &Store{s3: c, presign: s3.NewPresignClient(c), bucket: bucket, now: time.Now}
}

func checkKey(key string) error {
	if !strings.HasPrefix(key, "assets/") || strings.Contains(key, "..") {
		return fmt.Errorf("assets: key %q is outside assets/", key)
	}
	return nil
}

// Put writes one file (the bucket's default KMS encryption applies).
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key), Body: bytes.NewReader(data),
		ContentType: aws.String(contentType), ContentLength: aws.Int64(int64(len(data)))})
	return err
}

// Bucket is the bucket's name (the video model is told to write there).
func (s *Store) Bucket() string { return s.bucket }

// Get reads one file of at most max bytes.
func (s *Store) Get(ctx context.Context, key string, max int64) ([]byte, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	out, err := s.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	if aws.ToInt64(out.ContentLength) > max {
		return nil, fmt.Errorf("assets: %s is %d bytes, more than %d", key, aws.ToInt64(out.ContentLength), max)
	}
	return io.ReadAll(io.LimitReader(out.Body, max))
}

// Delete removes one file; a file already gone is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	return err
}

// URL presigns a GET of key valid for URLTTL. Signing makes no AWS call.
func (s *Store) URL(ctx context.Context, key string) (string, time.Time, error) {
	if err := checkKey(key); err != nil {
		return "", time.Time{}, err
	}
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}, s3.WithPresignExpires(URLTTL))
	if err != nil {
		return "", time.Time{}, err
	}
	return req.URL, s.now().Add(URLTTL).UTC(), nil
}
