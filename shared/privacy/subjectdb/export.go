package subjectdb

import (
	"context"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
)

// Source is one entity type of an export: where its items are and which
// of them are the subject's.
type Source struct {
	// Entity names the file (the data map's entity name).
	Entity  string
	Tabular bool
	read    func(ctx context.Context, fn func(map[string]any) error) error
}

// Read calls fn with each item, page by page, as plain values without the
// store's internal attributes (keys, indexes, expiry, sealed tokens).
func (s Source) Read(ctx context.Context, fn func(map[string]any) error) error {
	return s.read(ctx, fn)
}

// internal attributes never exported.
var internal = map[string]bool{"pk": true, "sk": true, "gsi1pk": true, "gsi1sk": true, "expBucket": true, "tokens": true, "heldExpiresAt": true}

func plain(it dynamo.Item) map[string]any {
	out := make(map[string]any, len(it))
	for k, v := range it {
		if !internal[k] {
			out[k] = value(v)
		}
	}
	return out
}

func value(v types.AttributeValue) any {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	case *types.AttributeValueMemberBOOL:
		return v.Value
	case *types.AttributeValueMemberSS:
		return v.Value
	case *types.AttributeValueMemberL:
		out := make([]any, len(v.Value))
		for i, x := range v.Value {
			out[i] = value(x)
		}
		return out
	case *types.AttributeValueMemberM:
		out := map[string]any{}
		for k, x := range v.Value {
			out[k] = value(x)
		}
		return out
	}
	return nil
}

func (s *Store) query(t *dynamo.Table, index, keyAttr, key string, keep func(dynamo.Item) bool) func(context.Context, func(map[string]any) error) error {
	return func(ctx context.Context, fn func(map[string]any) error) error {
		in := &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String(keyAttr + " = :p"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(key)},
		}
		if index != "" {
			in.IndexName = aws.String(index)
		}
		return each(ctx, t, in, keep, fn)
	}
}

// each passes every item of the query's pages that keep selects (all
// when keep is nil) to fn, as plain values.
func each(ctx context.Context, t *dynamo.Table, in *dynamodb.QueryInput, keep func(dynamo.Item) bool, fn func(map[string]any) error) error {
	return t.QueryPages(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			if keep == nil || keep(it) {
				if err := fn(plain(it)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func skIs(prefix string) func(dynamo.Item) bool {
	return func(it dynamo.Item) bool { return strings.HasPrefix(dynamo.String(it, dynamo.SK), prefix) }
}

// Sources are the subject's entity types, as the data map finds them.
func (s *Store) Sources(subj privacy.Subject, orgIDs []string) []Source {
	uid, email := subj.UserID, ids.NormalizeEmail(subj.Email)
	if uid == "" {
		return nil
	}
	// inOrgs reads the items under prefix in each of the subject's
	// organizations that keep selects.
	inOrgs := func(prefix string, keep func(dynamo.Item) bool) func(context.Context, func(map[string]any) error) error {
		return func(ctx context.Context, fn func(map[string]any) error) error {
			for _, o := range orgIDs {
				if err := s.queryPrefix(s.Account, "ORG#"+o, prefix, keep)(ctx, fn); err != nil {
					return err
				}
			}
			return nil
		}
	}
	by := func(attr string) func(dynamo.Item) bool {
		return func(it dynamo.Item) bool { return dynamo.String(it, attr) == uid }
	}
	byDoc := func(field string) func(dynamo.Item) bool {
		return func(it dynamo.Item) bool { return docField(it, field) == uid }
	}
	src := []Source{
		{Entity: "profile", read: s.query(s.Account, "", "pk", "USER#"+uid, skIs("PROFILE"))},
		{Entity: "membership", read: s.query(s.Account, "gsi1", "gsi1pk", "USER#"+uid, nil)},
		{Entity: "preferences", read: s.query(s.Marketing, "", "pk", "USER#"+uid, skIs("PREFS"))},
		{Entity: "marketing_consent", read: s.query(s.Marketing, "", "pk", "USER#"+uid, skIs("CONSENT#"))},
		{Entity: "support_message", read: inOrgs("MEMBER~SUPPORT#", by("authorId"))},
		{Entity: "content_request", read: inOrgs("CONTENT#", byDoc("createdBy"))},
		{Entity: "campaign_upload", read: inOrgs("UPLOAD#", byDoc("uploadedBy"))},
		{Entity: "campaign_draft", read: inOrgs("CDRAFT#", byDoc("createdBy"))},
		{Entity: "connection", read: inOrgs("CONN#", by("connectedBy"))},
		{Entity: "usage_event", Tabular: true, read: s.query(s.Analytics, "", "pk", "USAGE#"+uid, nil)},
		{Entity: "request_log", Tabular: true, read: s.query(s.Logs, "", "pk", "REQ#"+uid, nil)},
	}
	if email != "" {
		// Invitations to the subject's address not yet accepted.
		src = append(src, Source{Entity: "invitation", read: s.query(s.Account, "gsi1", "gsi1pk", "INVITEE#"+ids.EmailKey(email), skIs("INVITE#"))})
	}
	for i := range src {
		src[i].read = withoutOthers(src[i].read, uid)
	}
	return src
}

func (s *Store) queryPrefix(t *dynamo.Table, pk, prefix string, keep func(dynamo.Item) bool) func(context.Context, func(map[string]any) error) error {
	return func(ctx context.Context, fn func(map[string]any) error) error {
		in := &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String("pk = :p AND begins_with(sk, :s)"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk), ":s": dynamo.S(prefix)},
		}
		return each(ctx, t, in, keep, fn)
	}
}

// userIDs matches user IDs (ids.UserID) wherever they appear, inside JSON
// documents too.
var userIDs = regexp.MustCompile(`usr_[a-z2-7]{24}`)

// AnotherMember replaces another person's user ID in an export: an export
// holds nothing of anyone else (who invited the subject, who approved
// their draft).
const AnotherMember = "another-member"

// withoutOthers replaces every user ID but the subject's in the items'
// values.
func withoutOthers(read func(context.Context, func(map[string]any) error) error, uid string) func(context.Context, func(map[string]any) error) error {
	redact := func(s string) string {
		if !strings.Contains(s, "usr_") {
			return s
		}
		return userIDs.ReplaceAllStringFunc(s, func(id string) string {
			if id == uid {
				return id
			}
			return AnotherMember
		})
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			return redact(v)
		case []string:
			for i := range v {
				v[i] = redact(v[i])
			}
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		case map[string]any:
			for k := range v {
				v[k] = walk(v[k])
			}
		}
		return v
	}
	return func(ctx context.Context, fn func(map[string]any) error) error {
		return read(ctx, func(m map[string]any) error {
			return fn(walk(m).(map[string]any))
		})
	}
}
