package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// storedReply is what an Idempotency-Key remembers (at most 24 hours, in
// the ephemeral table): the first success, byte for byte.
type storedReply struct {
	Status   int             `json:"s"`
	ETag     string          `json:"e,omitempty"`
	Location string          `json:"l,omitempty"`
	Body     json.RawMessage `json:"b,omitempty"`
}

// notStored carries a failed attempt out of idempotency.Do, which then
// releases the key: a failure changed nothing, so a retry may run again.
type notStored struct{ err error }

func (e notStored) Error() string { return e.err.Error() }

// idempotent runs a POST once per (caller, Idempotency-Key). A retry with
// the same method, path and body gets the first success back; the same key
// with anything else gets 422. Keys are per caller, so one user's key can
// never replay another user's response.
func (s *Server) idempotent(c *call, key string) (reply, error) {
	scoped := sha256.Sum256([]byte("api\x00" + c.who.UserID + "\x00" + key))
	fp := sha256.Sum256(append([]byte(c.r.Method+" "+c.r.URL.Path+"\n"), c.raw...))
	var first reply
	out, err := s.d.Idempotency.Do(c.ctx, "api#"+hex.EncodeToString(scoped[:]), hex.EncodeToString(fp[:]), func(context.Context) ([]byte, error) {
		rep, err := s.execute(c)
		if err != nil {
			return nil, notStored{err}
		}
		first = rep
		var body []byte
		if rep.body != nil {
			if body, err = json.Marshal(rep.body); err != nil {
				return nil, err
			}
		}
		return json.Marshal(storedReply{Status: rep.status, ETag: rep.etag, Location: rep.location, Body: body})
	})
	var ns notStored
	switch {
	case errors.As(err, &ns):
		return reply{}, ns.err
	case errors.Is(err, idempotency.ErrInProgress):
		if out.Fingerprint != "" && out.Fingerprint != hex.EncodeToString(fp[:]) {
			return reply{}, errIdemReused()
		}
		return reply{}, errIdemInUse()
	case err != nil:
		return reply{}, err
	case !out.Replayed:
		return first, nil
	case out.Fingerprint != hex.EncodeToString(fp[:]):
		return reply{}, errIdemReused()
	}
	var sr storedReply
	if err := json.Unmarshal(out.Result, &sr); err != nil {
		return reply{}, err
	}
	c.w.Header().Set("Idempotent-Replayed", "true")
	writeReply(c.w, reply{status: sr.Status, etag: sr.ETag, location: sr.Location}, sr.Body)
	return reply{status: alreadyWritten}, nil
}

// alreadyWritten marks a reply the handler already wrote itself (an
// idempotent replay, the OpenAPI document).
const alreadyWritten = -1

// idempotencyKey checks the values of a present Idempotency-Key header: one
// value of 1 to 255 visible ASCII characters other than a comma. An empty
// header is refused, not ignored (the client meant to send a key), and so
// is a comma: API Gateway's proxy splits header values on commas, so
// "a,b" would arrive as two values and silently become another key.
func idempotencyKey(vals []string) (string, error) {
	if len(vals) == 1 && len(vals[0]) <= 255 && keyChars(vals[0]) {
		return vals[0], nil
	}
	return "", problem.BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters other than a comma.",
		problem.FieldError{Field: "Idempotency-Key", Reason: "must be 1 to 255 visible ASCII characters other than a comma"})
}

func keyChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == ',' {
			return false
		}
	}
	return true
}
