// Package subjectdb finds and erases one person's items across the data
// tables, as the data map says they are found:
//
//	account    USER#<userId> / PROFILE
//	marketing  USER#<userId> / PREFS, CONSENT#<topic>
//	analytics  USAGE#<userId> / *          (one Query, keys only)
//	logs       REQ#<userId> / *            (one Query, keys only)
//	account    ORG#<org> / MEMBER~SUPPORT#* whose authorId is the subject, CONTENT#* the subject created;
//	           CONN#* the subject connected keep working for the other members, connectedBy erased
//
// and keeps the suppression entries that outlive an erasure:
//
//	marketing  SUPPRESS#<hash> / SUPPRESS  (hash: SHA-256 of the normalized address, domain-separated; no expiry)
//
// Deletes go in batches of 25 (BatchWriteItem) as each page is read, so
// memory does not grow with the data.
package subjectdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store works on the data tables.
type Store struct {
	Account, Marketing, Analytics, Logs *dynamo.Table
}

// New checks the tables' categories.
func New(account, marketing, analytics, logs *dynamo.Table) (*Store, error) {
	for _, x := range []struct {
		t *dynamo.Table
		c retention.Category
	}{{account, retention.Account}, {marketing, retention.Marketing}, {analytics, retention.Analytics}, {logs, retention.Logs}} {
		if x.t == nil || x.t.Category != x.c {
			return nil, errors.New("subjectdb: needs the account, marketing, analytics and logs tables")
		}
	}
	return &Store{Account: account, Marketing: marketing, Analytics: analytics, Logs: logs}, nil
}

const suppressPrefix = "SUPPRESS#"

// SuppressionHash is the key of an address's suppression entry.
func SuppressionHash(email string) string {
	h := sha256.Sum256([]byte("medspa-suppression:" + ids.NormalizeEmail(email)))
	return hex.EncodeToString(h[:])
}

// Suppress records (or keeps) the opt-outs of an address.
func (s *Store) Suppress(ctx context.Context, email string, marketing, ai bool, at time.Time) error {
	item := dynamo.Key(suppressPrefix+SuppressionHash(email), "SUPPRESS")
	item["marketing"] = &types.AttributeValueMemberBOOL{Value: marketing}
	item["ai"] = &types.AttributeValueMemberBOOL{Value: ai}
	item["at"] = dynamo.S(at.UTC().Format(time.RFC3339))
	return s.Marketing.Put(ctx, item, dynamo.Expiry{}, nil)
}

// Suppressed reports whether an address has a suppression entry.
func (s *Store) Suppressed(ctx context.Context, email string) (bool, error) {
	_, ok, err := s.Marketing.Get(ctx, dynamo.Key(suppressPrefix+SuppressionHash(email), "SUPPRESS"), true)
	return ok, err
}

// Erase deletes the subject's own items and returns how many.
func (s *Store) Erase(ctx context.Context, subj privacy.Subject, orgIDs []string) (int, error) {
	uid := subj.UserID
	if uid == "" {
		return 0, nil
	}
	n := 0
	del := func(t *dynamo.Table, keys []dynamo.Item) error {
		for start := 0; start < len(keys); start += dynamo.MaxBatch {
			end := min(start+dynamo.MaxBatch, len(keys))
			if err := t.BatchDelete(ctx, keys[start:end]); err != nil {
				return err
			}
			n += end - start
		}
		return nil
	}
	// Keys are read first (one page at a time) and deleted page by page.
	partition := func(t *dynamo.Table, pk string, keep func(dynamo.Item) bool) error {
		in := &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String("pk = :p"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk)},
		}
		if keep == nil {
			in.ProjectionExpression = aws.String("pk, sk")
		}
		return t.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
			keys := make([]dynamo.Item, 0, len(items))
			for _, it := range items {
				if keep == nil || keep(it) {
					keys = append(keys, dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)))
				}
			}
			return del(t, keys)
		})
	}
	if err := partition(s.Account, "USER#"+uid, func(it dynamo.Item) bool { return dynamo.String(it, dynamo.SK) == "PROFILE" }); err != nil {
		return n, err
	}
	if err := partition(s.Marketing, "USER#"+uid, nil); err != nil {
		return n, err
	}
	if err := partition(s.Analytics, "USAGE#"+uid, nil); err != nil {
		return n, err
	}
	if err := partition(s.Logs, "REQ#"+uid, nil); err != nil {
		return n, err
	}
	for _, org := range orgIDs {
		if err := partition(s.Account, "ORG#"+org, func(it dynamo.Item) bool { return authoredBy(it, uid) }); err != nil {
			return n, err
		}
		// Connections stay with the organization's remaining members; who
		// connected them is forgotten (the version moves, so a concurrent
		// token refresh re-reads).
		err := s.Account.QueryPagesWithExpired(ctx, &dynamodb.QueryInput{
			KeyConditionExpression:    aws.String("pk = :p AND begins_with(sk, :c)"),
			FilterExpression:          aws.String("connectedBy = :u"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S("ORG#" + org), ":c": dynamo.S("CONN#"), ":u": dynamo.S(uid)},
		}, func(items []dynamo.Item) error {
			for _, it := range items {
				_, err := s.Account.Update(ctx, dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)), &dynamodb.UpdateItemInput{
					UpdateExpression:          aws.String("SET connectedBy = :erased, version = version + :one"),
					ConditionExpression:       aws.String("connectedBy = :u"),
					ExpressionAttributeValues: dynamo.Item{":erased": dynamo.S(ErasedUser), ":one": dynamo.N(1), ":u": dynamo.S(uid)},
				})
				if err != nil && !dynamo.IsConditionFailed(err) {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ErasedUser replaces an erased subject's ID where a record that others
// still use names them.
const ErasedUser = "erased-user"

// authoredBy: a support message the subject wrote, or a content request
// the subject made.
func authoredBy(it dynamo.Item, uid string) bool {
	sk := dynamo.String(it, dynamo.SK)
	switch {
	case strings.HasPrefix(sk, "MEMBER~SUPPORT#"):
		return dynamo.String(it, "authorId") == uid
	case strings.HasPrefix(sk, "CONTENT#"):
		var doc struct {
			CreatedBy string `json:"createdBy"`
		}
		_ = json.Unmarshal([]byte(dynamo.String(it, "doc")), &doc)
		return doc.CreatedBy == uid
	}
	return false
}
