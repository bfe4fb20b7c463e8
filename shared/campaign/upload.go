package campaign

import (
	"context"
	"errors"
	"time"
)

// Files is the uploaded files' bucket (campaign/uploads).
type Files interface {
	// Head reads an object's size and content type; ErrMissing-like errors
	// are the caller's to map (Missing reports them).
	Head(ctx context.Context, key string) (int64, string, error)
	Range(ctx context.Context, key string, from, to int64) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// RefusedError: the upload is not accepted; its file and record are gone.
type RefusedError struct{ Reason string }

func (e *RefusedError) Error() string { return e.Reason }

// VerifyBytes is how much of the start (and end) of a file is read to
// verify it: enough for image headers and most movie headers.
const VerifyBytes = 1 << 20

// Complete verifies a pending asset's uploaded file and records it ready,
// or refuses it, deleting the file and the record so nothing of it stays.
// missing reports whether an error of Head means nothing was uploaded.
func Complete(ctx context.Context, s Store, f Files, a Asset, now time.Time, missing func(error) bool) (Asset, error) {
	if a.Status == Ready {
		return a, nil
	}
	refuse := func(reason string) (Asset, error) {
		if err := f.Delete(ctx, a.Key); err != nil {
			return a, err
		}
		if err := s.DeleteAsset(ctx, a.OrgID, a.ID); err != nil {
			return a, err
		}
		return a, &RefusedError{Reason: reason}
	}
	size, ct, err := f.Head(ctx, a.Key)
	if missing != nil && missing(err) {
		return a, &RefusedError{Reason: "nothing was uploaded for this asset yet"}
	}
	if err != nil {
		return a, err
	}
	if ct != a.ContentType {
		return refuse("the file was uploaded as " + ct + ", not the declared " + a.ContentType)
	}
	if size > MaxBytes(ct) {
		_, err := Verify(ct, size, nil, nil)
		return refuse(err.Error())
	}
	head, err := f.Range(ctx, a.Key, 0, VerifyBytes-1)
	if err != nil {
		return a, err
	}
	var tail []byte
	if size > VerifyBytes && ContentTypes[ct] == Video {
		if tail, err = f.Range(ctx, a.Key, size-VerifyBytes, size-1); err != nil {
			return a, err
		}
	}
	m, err := Verify(ct, size, head, tail)
	if err != nil {
		return refuse(err.Error())
	}
	a.Status, a.Bytes, a.Width, a.Height, a.DurationMs = Ready, size, m.Width, m.Height, m.DurationMs
	a.UpdatedAt = now
	a.Version++
	if err := s.UpdateAsset(ctx, a); err != nil {
		if errors.Is(err, ErrStale) {
			// A concurrent completion won; its result stands.
			got, _, gerr := s.GetAsset(ctx, a.OrgID, a.ID)
			return got, gerr
		}
		return a, err
	}
	return a, nil
}
