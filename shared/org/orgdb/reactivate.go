package orgdb

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// Reactivate resumes a cancelled organization's relationship. One
// transaction makes the organization active, takes the expiry off it, its
// settings and every membership, and lists it in gsi1 under REACTIVATED#
// with the cancellation's expiry kept as cancelExp; ClearReactivated then
// takes that expiry off the rest of the partition. The condition on the
// org item is that it is cancelled and its expiry has not passed: an
// organization whose 3 years are over is gone, not reactivated.
func (s *Store) Reactivate(ctx context.Context, a org.Actor, orgID string, at time.Time) (org.Org, error) {
	members, err := s.members(ctx, orgID)
	if err != nil {
		return org.Org{}, err
	}
	t := s.tx()
	t.add(&op{key: orgKey(orgID), kind: "update",
		update: "SET #st = :active, reactivatedAt = :at, updatedAt = :at, #v = #v + :one, gsi1pk = :pending, gsi1sk = :org, cancelExp = expiresAt REMOVE cancelledAt, expiresAt, expBucket",
		cond:   "#st = :cancelled AND expiresAt > :now AND memberCount = :n",
		names:  map[string]string{"#st": "status", "#v": "version"},
		values: dynamo.Item{":cancelled": dynamo.S(string(org.Cancelled)), ":active": dynamo.S(string(org.Active)), ":at": ts(at), ":one": dynamo.N(1),
			":now": dynamo.N(at.Unix()), ":n": dynamo.N(int64(len(members))), ":pending": dynamo.S(reactivatedGSI), ":org": dynamo.S(orgID)},
		explain: func(old dynamo.Item) error {
			switch {
			case old == nil || dynamo.Int(old, dynamo.ExpiresAt) <= at.Unix() && dynamo.String(old, "status") == string(org.Cancelled):
				return org.ErrNotFound
			case dynamo.String(old, "status") != string(org.Cancelled):
				return org.ErrNotCancelled
			}
			return org.ErrConflict
		}})
	t.add(&op{key: settingsKey(orgID), kind: "update", update: "REMOVE expiresAt, expBucket", cond: "attribute_exists(pk)",
		explain: func(dynamo.Item) error { return org.ErrConflict }})
	for _, m := range members {
		mk := dynamo.KeyOf(m)
		t.add(&op{key: mk, kind: "update", update: "SET orgStatus = :active REMOVE expiresAt, expBucket", cond: "attribute_exists(pk)",
			values: dynamo.Item{":active": dynamo.S(string(org.Active))}, explain: func(dynamo.Item) error { return org.ErrConflict }})
	}
	t.guard(orgID, a)
	if err := t.run(ctx, s.db); err != nil {
		return org.Org{}, err
	}
	snap, err := s.Load(ctx, orgID, a.UserID, org.Want{Org: true})
	if err != nil || snap.Org == nil {
		return org.Org{}, err
	}
	return *snap.Org, nil
}

// maxClearPasses bounds the passes over one partition in a run. A pass that
// clears nothing ends the organization's to-do entry; a pass that cleared
// something is followed by another, because StampCancelled may have been
// stamping the same partition while it ran. An organization still
// clearing after the last pass stays listed for the next run, and the run
// goes on to the next organization. A variable so that a test can lower it.
var maxClearPasses = 3

// ClearReactivated takes the cancellation's expiry off every remaining
// item of each reactivated organization's partition, and off the claims
// of its connections' ad accounts (items with an expiry
// of their own keep it; an item under a legal hold loses its parked
// expiry too), then takes the organization off the to-do index. Each item's
// update is conditional on the expiry it clears, so a run cut short is
// finished by the next without doing anything twice. It returns how many
// items it cleared.
func (s *Store) ClearReactivated(ctx context.Context) (int, error) {
	cleared := 0
	err := s.eachListed(ctx, reactivatedGSI, func(items []dynamo.Item) error {
	listed:
		for _, it := range items {
			orgID := dynamo.String(it, gsiSK)
			exp, ok := it["cancelExp"].(*types.AttributeValueMemberN)
			if !ok {
				return fmt.Errorf("orgdb: org %s is listed as reactivated without the cancellation's expiry", orgID)
			}
			for pass := 0; ; pass++ {
				n, err := s.clearPartition(ctx, orgID, exp)
				cleared += n
				if err != nil {
					return fmt.Errorf("orgdb: clear reactivated org %s: %w", orgID, err)
				}
				if n == 0 {
					break
				}
				if pass+1 == maxClearPasses {
					continue listed // listed still: the next run passes again
				}
			}
			_, err := s.table.Update(ctx, orgKey(orgID), &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("REMOVE gsi1pk, gsi1sk, cancelExp"),
				ConditionExpression:       aws.String("#st = :active AND gsi1pk = :p"),
				ExpressionAttributeNames:  map[string]string{"#st": "status"},
				ExpressionAttributeValues: dynamo.Item{":active": dynamo.S(string(org.Active)), ":p": dynamo.S(reactivatedGSI)},
			})
			if err != nil && !dynamo.IsConditionFailed(err) {
				return err
			}
		}
		return nil
	})
	return cleared, err
}

// clearPartition is one pass: every item whose expiry (or, under a hold,
// parked expiry) is the cancellation's.
func (s *Store) clearPartition(ctx context.Context, orgID string, exp types.AttributeValue) (int, error) {
	return s.updatePartition(ctx, orgID, "expiresAt = :exp OR heldExpiresAt = :exp", dynamo.Item{":exp": exp},
		func(dynamo.Item) *dynamodb.UpdateItemInput {
			return &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("REMOVE expiresAt, expBucket, heldExpiresAt"),
				ConditionExpression:       aws.String("expiresAt = :exp OR heldExpiresAt = :exp"),
				ExpressionAttributeValues: dynamo.Item{":exp": exp},
			}
		},
		// The ad-account claims the cancellation stamped (see stampPartition).
		func(dynamo.Item) *dynamodb.UpdateItemInput {
			return &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("REMOVE expiresAt, expBucket"),
				ConditionExpression:       aws.String("orgId = :org AND expiresAt = :exp"),
				ExpressionAttributeValues: dynamo.Item{":exp": exp, ":org": dynamo.S(orgID)},
			}
		})
}
