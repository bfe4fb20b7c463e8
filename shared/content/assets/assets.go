// Package assets keeps generated files in the assets bucket, under
// assets/<orgId>/..., and hands them out through short-lived presigned GET
// URLs (the bucket blocks public access; the role that signs must be
// allowed s3:GetObject on assets/* for the URL to work).
package assets

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/medspa-ai/backend/shared/platform/objects"
)

// URLTTL is how long a presigned URL works.
const URLTTL = 15 * time.Minute

// Store is the bucket's assets/ prefix.
type Store struct{ b *objects.Bucket }

// New binds the store to bucket.
func New(cfg aws.Config, bucket string) *Store { return &Store{objects.New(cfg, bucket)} }

func checkKey(key string) error { return objects.Within("assets", "assets/", key) }

// Put writes one file (the bucket's default KMS encryption applies).
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.b.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.b.Name), Key: aws.String(key), Body: bytes.NewReader(data),
		ContentType: aws.String(contentType), ContentLength: aws.Int64(int64(len(data)))})
	return err
}

// Bucket is the bucket's name (the video model is told to write there).
func (s *Store) Bucket() string { return s.b.Name }

// Get reads one file of at most max bytes.
func (s *Store) Get(ctx context.Context, key string, max int64) ([]byte, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	return s.b.Get(ctx, key, max)
}

// Delete removes one file; a file already gone is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	return s.b.Delete(ctx, key)
}

// maxDeleteObjects is S3's limit per DeleteObjects call.
const maxDeleteObjects = 1000

// DeleteObjects removes files by key, a thousand a call: the retention
// sweep's file deleter, so no file outlives its record. A key S3 could not
// delete is an error (the record stays for the next run); one already gone
// is not.
func (s *Store) DeleteObjects(ctx context.Context, keys []string) error {
	for start := 0; start < len(keys); start += maxDeleteObjects {
		var ids []types.ObjectIdentifier
		for _, k := range keys[start:min(start+maxDeleteObjects, len(keys))] {
			if err := checkKey(k); err != nil {
				return err
			}
			ids = append(ids, types.ObjectIdentifier{Key: aws.String(k)})
		}
		out, err := s.b.S3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(s.b.Name), Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("assets: %d files not deleted (first %s: %s)", len(out.Errors), aws.ToString(e.Key), aws.ToString(e.Code))
		}
	}
	return nil
}

// URL presigns a GET of key valid for URLTTL. Signing makes no AWS call.
func (s *Store) URL(ctx context.Context, key string) (string, time.Time, error) {
	if err := checkKey(key); err != nil {
		return "", time.Time{}, err
	}
	return s.b.URL(ctx, key, URLTTL, time.Now())
}
