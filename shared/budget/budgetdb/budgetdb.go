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
	"encoding/json"
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
	doc, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	it := key(r.OrgID, r.ID)
	it["entity"] = dynamo.S(entity)
	it["orgId"] = dynamo.S(r.OrgID)
	it["status"] = dynamo.S(string(r.Status))
	it["version"] = dynamo.N(r.Version)
	it["doc"] = dynamo.S(string(doc))
	return it, nil
}

func decode(it dynamo.Item) (budget.Recommendation, error) {
	var r budget.Recommendation
	if err := json.Unmarshal([]byte(dynamo.String(it, "doc")), &r); err != nil {
		return r, fmt.Errorf("budgetdb: bad item %s: %w", dynamo.String(it, dynamo.SK), err)
	}
	r.Version = dynamo.Int(it, "version")
	r.CreatedAt, r.UpdatedAt, r.ValidUntil = r.CreatedAt.UTC(), r.UpdatedAt.UTC(), r.ValidUntil.UTC()
	for i := range r.History {
		r.History[i].At = r.History[i].At.UTC()
	}
	return r, nil
}

// Create writes a new recommendation at version 1.
func (s *Store) Create(ctx context.Context, r budget.Recommendation) error {
	r.Version = 1
	it, err := encode(r)
	if err != nil {
		return err
	}
	err = s.table.Put(ctx, it, dynamo.Expiry{At: r.CreatedAt}, &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if dynamo.IsConditionFailed(err) {
		return budget.ErrExists
	}
	return err
}

// Get reads one recommendation, consistently.
func (s *Store) Get(ctx context.Context, orgID, id string) (budget.Recommendation, bool, error) {
	it, found, err := s.table.Get(ctx, key(orgID, id), true)
	if err != nil || !found {
		return budget.Recommendation{}, false, err
	}
	r, err := decode(it)
	return r, err == nil, err
}

// List reads a page of an organization's recommendations in ID order
// (week first: IDs start with the week).
func (s *Store) List(ctx context.Context, orgID, after string, limit int) ([]budget.Recommendation, string, error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :p)"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPrefix + orgID), ":p": dynamo.S(skPrefix)},
		ConsistentRead:            aws.Bool(true),
	}
	if limit > 0 {
		in.Limit = aws.Int32(int32(limit + 1))
	}
	if after != "" {
		in.ExclusiveStartKey = key(orgID, after)
	}
	var rs []budget.Recommendation
	for {
		out, err := s.table.Query(ctx, in)
		if err != nil {
			return nil, "", err
		}
		for _, it := range out.Items {
			r, err := decode(it)
			if err != nil {
				return nil, "", err
			}
			rs = append(rs, r)
		}
		// Expired items are filtered after the limit: read on until the
		// page is full or the partition ends.
		if len(out.LastEvaluatedKey) == 0 || limit > 0 && len(rs) > limit {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	next := ""
	if limit > 0 && len(rs) > limit {
		rs, next = rs[:limit], rs[limit-1].ID
	}
	return rs, next, nil
}

// Update writes r if the stored version is r.Version-1.
func (s *Store) Update(ctx context.Context, r budget.Recommendation) error {
	it, err := encode(r)
	if err != nil {
		return err
	}
	err = s.table.Put(ctx, it, dynamo.Expiry{At: r.CreatedAt}, &dynamodb.PutItemInput{
		ConditionExpression:       aws.String("attribute_exists(pk) AND #v = :prev"),
		ExpressionAttributeNames:  map[string]string{"#v": "version"},
		ExpressionAttributeValues: dynamo.Item{":prev": dynamo.N(r.Version - 1)},
	})
	if dynamo.IsConditionFailed(err) {
		if _, found, gerr := s.Get(ctx, r.OrgID, r.ID); gerr == nil && !found {
			return budget.ErrNotFound
		}
		return budget.ErrStale
	}
	return err
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
