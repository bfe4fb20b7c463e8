// Package subjectdb finds, exports and erases one person's items across the
// data tables and the assets bucket, as the data map says they are found:
//
//	account    USER#<userId> / PROFILE
//	marketing  USER#<userId> / PREFS, CONSENT#<topic>
//	analytics  USAGE#<userId> / *          (keys only)
//	logs       REQ#<userId> / *            (keys only)
//	account    gsi1 INVITEE#<emailKey>     invitations to the subject's address, in any organization
//	account    ORG#<org> / MEMBER~SUPPORT#* whose authorId is the subject, CONTENT#* the subject created
//	           (with its generated files), UPLOAD#* the subject uploaded (with the file), CDRAFT#* the
//	           subject drafted that never went live;
//	           what the organization's remaining members keep using (CONN#*, live drafts, the
//	           organization, settings, others' memberships) keeps working, the subject's ID replaced
//	analytics  ORG#<org> / REC#*          recommendations' histories, the deciding member's ID replaced
//
// and keeps the suppression entries that outlive an erasure:
//
//	marketing  SUPPRESS#<hash> / SUPPRESS  (hash: SHA-256 of the normalized address, domain-separated; no expiry)
//
// The partitions are read concurrently and their keys deleted in batches
// of 25 (BatchWriteItem, Workers calls in flight) as each page arrives, so
// memory does not grow with the data.
package subjectdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store works on the data tables.
type Store struct {
	Account, Marketing, Analytics, Logs *dynamo.Table
	// Files (optional) deletes the files of erased records; an erasure
	// that meets a record with files and has no Files fails.
	Files Files
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

// ErasedUser replaces an erased subject's ID where a record that others
// still use names them.
const ErasedUser = "erased-user"
