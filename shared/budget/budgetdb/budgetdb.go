// Package budgetdb keeps budget, bid and targeting recommendations in the
// analytics table:
//
//	pk ORG#<org>  sk REC#<recommendationId>   the recommendation, its status and history
//
// The analytics table because a recommendation is made of what the policy
// files under usage and analytics (campaign metrics, spend, audience
// insights, costs per lead): it lives 2 years from when it was made and
// goes with the organization's analytics on a deletion request. The
// campaign settings it acts on stay platform configuration in the account
// table. The organization's partition keeps every read tenant-bound.
package budgetdb

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements budget.Store.
type Store struct {
	*dynamo.Docs[budget.Recommendation]
}

var _ budget.Store = (*Store)(nil)

const (
	orgPrefix = "ORG#"
	skPrefix  = "REC#"
	entity    = "recommendation"
)

// New binds the store to the analytics table. A recommendation's expiry
// runs from its creation; they list in ID order (week first: IDs start
// with the week).
func New(analytics *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("budgetdb", analytics, retention.Analytics); err != nil {
		return nil, err
	}
	return &Store{&dynamo.Docs[budget.Recommendation]{
		Table: analytics, Partition: orgPrefix, Prefix: skPrefix, Entity: entity,
		Key:     func(r budget.Recommendation) (string, string) { return r.OrgID, r.ID },
		Status:  func(r budget.Recommendation) string { return string(r.Status) },
		Version: func(r *budget.Recommendation) *int64 { return &r.Version },
		Expiry:  func(r budget.Recommendation) dynamo.Expiry { return dynamo.Expiry{At: r.CreatedAt} },
		Read: func(r *budget.Recommendation) {
			r.CreatedAt, r.UpdatedAt, r.ValidUntil = r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.ValidUntil.UTC()
			for i := range r.History {
				r.History[i].At = r.History[i].At.UTC()
			}
		},
		Exists: budget.ErrExists, NotFound: budget.ErrNotFound, Stale: budget.ErrStale,
	}}, nil
}

// The weekly report's sent log, beside the recommendations it reports:
//
//	pk ORG#<org>  sk SENT#report#<week>#<userId>   when the week's report went to the member
const sentPrefix = "SENT#report#"

var _ interface {
	Sent(ctx context.Context, orgID, week string) (map[string]bool, error)
	MarkSent(ctx context.Context, orgID, week, userID string, at time.Time) error
} = (*Store)(nil)

// Sent lists who got the week's report (one query).
func (s *Store) Sent(ctx context.Context, orgID, week string) (map[string]bool, error) {
	out := map[string]bool{}
	prefix := sentPrefix + week + "#"
	err := s.Table.QueryPages(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :p)"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPrefix + orgID), ":p": dynamo.S(prefix)},
		ConsistentRead:            aws.Bool(true),
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			out[strings.TrimPrefix(dynamo.String(it, dynamo.SK), prefix)] = true
		}
		return nil
	})
	return out, err
}

// MarkSent records that the week's report went to userID.
func (s *Store) MarkSent(ctx context.Context, orgID, week, userID string, at time.Time) error {
	it := dynamo.Key(orgPrefix+orgID, sentPrefix+week+"#"+userID)
	it["entity"] = dynamo.S("report_sent")
	it["orgId"] = dynamo.S(orgID)
	it["sentAt"] = dynamo.S(at.UTC().Format(time.RFC3339))
	return s.Table.Put(ctx, it, dynamo.Expiry{At: at}, nil)
}
