package subjectdb

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
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
}

func skIs(prefix string) func(dynamo.Item) bool {
	return func(it dynamo.Item) bool { return strings.HasPrefix(dynamo.String(it, dynamo.SK), prefix) }
}

// Sources are the subject's entity types, as the data map finds them.
func (s *Store) Sources(subj privacy.Subject, orgIDs []string) []Source {
	uid := subj.UserID
	if uid == "" {
		return nil
	}
	inOrgs := func(keep func(dynamo.Item) bool) func(context.Context, func(map[string]any) error) error {
		return func(ctx context.Context, fn func(map[string]any) error) error {
			for _, o := range orgIDs {
				if err := s.query(s.Account, "", "pk", "ORG#"+o, keep)(ctx, fn); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return []Source{
		{Entity: "profile", read: s.query(s.Account, "", "pk", "USER#"+uid, skIs("PROFILE"))},
		{Entity: "membership", read: withoutOthers(s.query(s.Account, "gsi1", "gsi1pk", "USER#"+uid, nil), "invitedBy")},
		{Entity: "preferences", read: s.query(s.Marketing, "", "pk", "USER#"+uid, skIs("PREFS"))},
		{Entity: "marketing_consent", read: s.query(s.Marketing, "", "pk", "USER#"+uid, skIs("CONSENT#"))},
		{Entity: "support_message", read: inOrgs(func(it dynamo.Item) bool { return skIs("MEMBER~SUPPORT#")(it) && authoredBy(it, uid) })},
		{Entity: "content_request", read: inOrgs(func(it dynamo.Item) bool { return skIs("CONTENT#")(it) && authoredBy(it, uid) })},
		{Entity: "connection", read: inOrgs(func(it dynamo.Item) bool { return skIs("CONN#")(it) && dynamo.String(it, "connectedBy") == uid })},
		{Entity: "usage_event", Tabular: true, read: s.query(s.Analytics, "", "pk", "USAGE#"+uid, nil)},
		{Entity: "request_log", Tabular: true, read: s.query(s.Logs, "", "pk", "REQ#"+uid, nil)},
	}
}

// withoutOthers drops attributes that name another person (who invited the
// subject): an export holds nothing of anyone else.
func withoutOthers(read func(context.Context, func(map[string]any) error) error, attrs ...string) func(context.Context, func(map[string]any) error) error {
	return func(ctx context.Context, fn func(map[string]any) error) error {
		return read(ctx, func(m map[string]any) error {
			for _, a := range attrs {
				delete(m, a)
			}
			return fn(m)
		})
	}
}
