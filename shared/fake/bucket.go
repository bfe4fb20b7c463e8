package fake

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Bucket is the uploads bucket in memory: tests Put what a browser would
// have POSTed.
type Bucket struct {
	mu    sync.Mutex
	files map[string]BucketFile
}

// BucketFile is one object.
type BucketFile struct {
	ContentType string
	Data        []byte
}

// ErrNoObject is Head's error for a missing key.
var ErrNoObject = errors.New("fake: no such object")

// NewBucket returns an empty bucket.
func NewBucket() *Bucket { return &Bucket{files: map[string]BucketFile{}} }

// Put stores an object, as the presigned POST would.
func (b *Bucket) Put(key, contentType string, data []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.files[key] = BucketFile{ContentType: contentType, Data: data}
}

// Has reports whether key is stored.
func (b *Bucket) Has(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.files[key]
	return ok
}

// Len counts the stored objects.
func (b *Bucket) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.files)
}

// PresignPost returns a fake upload form for key.
func (b *Bucket) PresignPost(_ context.Context, key, contentType string, _ int64) (string, map[string]string, time.Time, error) {
	return "https://bucket.example/", map[string]string{"key": key, "Content-Type": contentType, "policy": "fake"}, time.Now().Add(15 * time.Minute).UTC(), nil
}

// URL returns a fake download URL.
func (b *Bucket) URL(_ context.Context, key string) (string, time.Time, error) {
	return "https://bucket.example/" + key + "?sig=fake", time.Now().Add(15 * time.Minute).UTC(), nil
}

// Head reads an object's size and type.
func (b *Bucket) Head(_ context.Context, key string) (int64, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.files[key]
	if !ok {
		return 0, "", ErrNoObject
	}
	return int64(len(f.Data)), f.ContentType, nil
}

// Range reads bytes [from, to].
func (b *Bucket) Range(_ context.Context, key string, from, to int64) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.files[key]
	if !ok {
		return nil, ErrNoObject
	}
	n := int64(len(f.Data))
	from, to = min(from, n), min(to+1, n)
	return append([]byte(nil), f.Data[from:to]...), nil
}

// Delete removes an object.
func (b *Bucket) Delete(_ context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.files, key)
	return nil
}

// Missing reports whether err is Head's missing-object error.
func (b *Bucket) Missing(err error) bool { return errors.Is(err, ErrNoObject) }
