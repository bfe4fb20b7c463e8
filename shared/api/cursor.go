package api

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// List limits: small pages keep every list read one request (a support page
// is one BatchGetItem of at most 100 keys: the membership and the messages).
const (
	defaultLimit = 20
	maxLimit     = 50
)

// cursors makes opaque, tamper-proof list cursors: the position (an ID or a
// sequence number) followed by an HMAC over the list, its scope (the org or
// user it lists), the caller and the position. A cursor altered, or replayed
// on another list, for another org or by another user, is refused. Every
// page is authorized again anyway; the MAC keeps clients from steering reads
// to keys they never received.
//
// The key is loaded on the first list request, not at cold start: a read
// at init would add a DynamoDB round trip to every cold start, list or not.
type cursors struct {
	load func(context.Context) ([]byte, error)
	mu   sync.Mutex
	key  atomic.Pointer[[]byte]
}

const cursorVersion = 1

// ensure loads the key once per container; a failed load is retried on the
// next list request.
func (c *cursors) ensure(ctx context.Context) error {
	if c.key.Load() != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key.Load() != nil {
		return nil
	}
	k, err := c.load(ctx)
	if err != nil {
		return fmt.Errorf("api: load the cursor key: %w", err)
	}
	if len(k) < 32 {
		return fmt.Errorf("api: the cursor key is shorter than 32 bytes")
	}
	c.key.Store(&k)
	return nil
}

func (c *cursors) mac(list, scope, user, after string) []byte {
	m := hmac.New(sha256.New, *c.key.Load())
	fmt.Fprintf(m, "%d\x00%s\x00%s\x00%s\x00%s", cursorVersion, list, scope, user, after)
	return m.Sum(nil)[:16]
}

func (c *cursors) encode(list, scope, user, after string) string {
	if after == "" {
		return ""
	}
	b := append([]byte{cursorVersion}, after...)
	b = append(b, c.mac(list, scope, user, after)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (c *cursors) decode(token, list, scope, user string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) < 1+1+16 || b[0] != cursorVersion {
		return "", false
	}
	after := string(b[1 : len(b)-16])
	return after, hmac.Equal(b[len(b)-16:], c.mac(list, scope, user, after))
}

// page is a list request's position and size.
type page struct {
	after string
	limit int
}

// parseQuery refuses query parameters a route does not take, and reads
// limit and cursor for lists.
func (s *Server) parseQuery(c *call) error {
	q, err := url.ParseQuery(c.r.URL.RawQuery)
	if err != nil {
		return problem.BadRequest("The query string is malformed.")
	}
	c.page = page{limit: defaultLimit}
	if c.rt.list {
		if err := s.cursors.ensure(c.r.Context()); err != nil {
			return err
		}
	}
	c.query = q
	for k, v := range q {
		if (!c.rt.list || (k != "limit" && k != "cursor")) && !c.rt.takes(k) {
			return problem.BadRequest("Unknown query parameter.", problem.FieldError{Field: k, Reason: "unknown query parameter"})
		}
		if len(v) != 1 {
			return problem.BadRequest("A query parameter is repeated.", problem.FieldError{Field: k, Reason: "must be given once"})
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return problem.BadRequest("limit is out of range.", problem.FieldError{Field: "limit", Reason: fmt.Sprintf("must be an integer from 1 to %d", maxLimit)})
		}
		c.page.limit = n
	}
	if v := q.Get("cursor"); v != "" {
		after, ok := s.cursors.decode(v, c.rt.name, c.listScope(), c.who.UserID)
		if !ok {
			return problem.BadRequest("cursor is not valid here.", problem.FieldError{Field: "cursor", Reason: "must be a cursor this list returned to you"})
		}
		c.page.after = after
	}
	return nil
}

// takes reports whether the route takes query parameter name.
func (rt *route) takes(name string) bool {
	for _, p := range rt.query {
		if p.name == name {
			return true
		}
	}
	return false
}

// listScope is what a list's cursor is bound to besides the caller.
func (c *call) listScope() string {
	if c.orgID != "" {
		return c.orgID
	}
	return c.who.UserID
}

// next returns the cursor continuing after position after ("" at the end).
func (c *call) next(after string) string {
	return c.s.cursors.encode(c.rt.name, c.listScope(), c.who.UserID, after)
}

// LoadCursorKey returns the key that signs cursors, creating it on first
// use (pass it as Deps.LoadCursorKey; it runs on the first list request). It lives in the account table the API already reads (one item, pk
// SYSTEM#api), so no new infrastructure is needed; every container of every
// version shares it. Knowing it would let someone forge a cursor, which
// still only reaches data they are authorized to read.
func LoadCursorKey(ctx context.Context, t *dynamo.Table) ([]byte, error) {
	key := dynamo.Key("SYSTEM#api", "CURSOR_KEY")
	for attempt := 0; attempt < 2; attempt++ {
		it, found, err := t.Get(ctx, key, true)
		if err != nil {
			return nil, err
		}
		if found {
			if b, ok := it["key"].(*types.AttributeValueMemberB); ok && len(b.Value) >= 32 {
				return b.Value, nil
			}
			return nil, fmt.Errorf("api: the stored cursor key is malformed")
		}
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		item := dynamo.Key("SYSTEM#api", "CURSOR_KEY")
		item["entity"] = dynamo.S("system_key")
		item["key"] = &types.AttributeValueMemberB{Value: secret}
		err = t.Put(ctx, item, dynamo.Expiry{}, &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(pk)")})
		if err == nil {
			return secret, nil
		}
		if !dynamo.IsConditionFailed(err) {
			return nil, err
		}
		// Another container created it first: read theirs.
	}
	return nil, fmt.Errorf("api: could not load the cursor key")
}
