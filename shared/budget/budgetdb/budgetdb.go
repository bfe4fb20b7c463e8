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
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store implements budget.Store.
type Store struct{ table *dynamo.Table }

var _ budget.Store = (*Store)(nil)

const (
	orgPrefix = "ORG#"
	skPrefix  = "REC#"
	entity    = "recommendation"
)

// New binds the store to the analytics table.
func New(analytics *dynamo.Table) (*Store, error) {
	if analytics == nil || analytics.Category != retention.Analytics {
		return nil, fmt.Errorf("budgetdb: needs the analytics table")
	}
	return &Store{table: analytics}, nil
}

func key(orgID, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, skPrefix+id) }

func encode(r budget.Recommendation) (dynamo.Item, error) {
	return dynamo.DocItem(key(r.OrgID, r.ID), entity, r.OrgID, string(r.Status), r.Version, r)
}

func decode(it dynamo.Item) (budget.Recommendation, error) {
	var r budget.Recommendation
	v, err := dynamo.ReadDoc(it, &r)
	r.Version = v
	r.CreatedAt, r.UpdatedAt, r.ValidUntil = r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.ValidUntil.UTC()
	for i := range r.History {
		r.History[i].At = r.History[i].At.UTC()
	}
	return r, err
}

// Create writes a new recommendation at version 1.
func (s *Store) Create(ctx context.Context, r budget.Recommendation) error {
	r.Version = 1
	it, err := encode(r)
	if err != nil {
		return err
	}
	return s.table.PutNew(ctx, it, dynamo.Expiry{At: r.CreatedAt}, budget.ErrExists)
}

// Get reads one recommendation, consistently.
func (s *Store) Get(ctx context.Context, orgID, id string) (budget.Recommendation, bool, error) {
	return dynamo.GetOf(ctx, s.table, key(orgID, id), decode)
}

// List reads a page of an organization's recommendations in ID order
// (week first: IDs start with the week).
func (s *Store) List(ctx context.Context, orgID, after string, limit int) ([]budget.Recommendation, string, error) {
	return dynamo.PageOf(ctx, s.table, orgPrefix+orgID, skPrefix, after, limit, decode)
}

// Update writes r if the stored version is r.Version-1.
func (s *Store) Update(ctx context.Context, r budget.Recommendation) error {
	it, err := encode(r)
	if err != nil {
		return err
	}
	return s.table.PutVersion(ctx, it, dynamo.Expiry{At: r.CreatedAt}, r.Version, budget.ErrNotFound, budget.ErrStale)
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
	err := s.table.QueryPages(ctx, &dynamodb.QueryInput{
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
	return s.table.Put(ctx, it, dynamo.Expiry{At: at}, nil)
}
