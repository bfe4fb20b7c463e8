package orgdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// StampCancelled gives every item of each cancelled organization's
// partition, and the claims of its connections' ad accounts (outside the
// partition: they keep other organizations from connecting the same
// accounts), the organization's expiry (cancellation + 3 years), then takes
// the organization off the to-do index. Items that already have an expiry
// keep it. It is idempotent and resumable: a run cut short leaves the org
// on the index and the next run finishes it. It returns how many items it
// stamped.
func (s *Store) StampCancelled(ctx context.Context) (int, error) {
	stamped := 0
	err := s.eachListed(ctx, cancelledGSI, func(items []dynamo.Item) error {
		for _, it := range items {
			orgID := dynamo.String(it, gsiSK)
			exp, ok := it[dynamo.ExpiresAt].(*types.AttributeValueMemberN)
			if !ok || dynamo.String(it, "status") != string(org.Cancelled) {
				return fmt.Errorf("orgdb: org %s is listed as cancelled without status and expiry", orgID)
			}
			if s.Held != nil {
				held, err := s.Held(ctx, orgID)
				if err != nil {
					return fmt.Errorf("orgdb: legal hold of org %s: %w", orgID, err)
				}
				if held {
					continue // stays on the to-do index: stamped after the release
				}
			}
			n, err := s.stampPartition(ctx, orgID, exp)
			stamped += n
			if err != nil {
				return fmt.Errorf("orgdb: stamp cancelled org %s: %w", orgID, err)
			}
		}
		return nil
	})
	return stamped, err
}

func (s *Store) stampPartition(ctx context.Context, orgID string, exp types.AttributeValue) (int, error) {
	n, err := s.updatePartition(ctx, orgID, "attribute_not_exists(expiresAt)", dynamo.Item{},
		func(k dynamo.Item) *dynamodb.UpdateItemInput {
			return &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("SET expiresAt = :exp, expBucket = :xb"),
				ConditionExpression:       aws.String("attribute_exists(pk) AND attribute_not_exists(expiresAt)"),
				ExpressionAttributeValues: dynamo.Item{":exp": exp, ":xb": s.table.BucketAV(k, dynamo.Int(dynamo.Item{"e": exp}, "e"))},
			}
		},
		// The ad-account claims, before the org leaves the to-do index: a
		// run cut short stamps them on the next (the walk does not depend
		// on whether the connection items are stamped yet).
		func(k dynamo.Item) *dynamodb.UpdateItemInput {
			return &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("SET expiresAt = :exp, expBucket = :xb"),
				ConditionExpression:       aws.String("orgId = :org AND attribute_not_exists(expiresAt)"),
				ExpressionAttributeValues: dynamo.Item{":exp": exp, ":org": dynamo.S(orgID), ":xb": s.table.BucketAV(k, dynamo.Int(dynamo.Item{"e": exp}, "e"))},
			}
		})
	if err != nil {
		return n, err
	}
	_, err = s.table.Update(ctx, orgKey(orgID), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("REMOVE gsi1pk, gsi1sk"),
		ConditionExpression:       aws.String("#st = :cancelled"),
		ExpressionAttributeNames:  map[string]string{"#st": "status"},
		ExpressionAttributeValues: dynamo.Item{":cancelled": dynamo.S(string(org.Cancelled))},
	})
	if dynamo.IsConditionFailed(err) {
		err = nil
	}
	return n, err
}

// eachListed walks the organizations the to-do index lists under p
// (cancelledGSI, reactivatedGSI), a page at a time. Expired items
// included: an org pending there has an expiry in the future, but the
// table's expiry filter must not hide one whose 3 years are over before
// its partition was stamped.
func (s *Store) eachListed(ctx context.Context, p string, fn func([]dynamo.Item) error) error {
	return s.table.QueryPagesWithExpired(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(gsiIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(p)},
	}, fn)
}

// updatePartition is one pass over the organization's partition: update
// applied to every item filter selects (with values, beside :pk), then
// claim to the ad-account claims of its connections. It counts the items
// changed.
func (s *Store) updatePartition(ctx context.Context, orgID, filter string, values dynamo.Item,
	update, claim func(key dynamo.Item) *dynamodb.UpdateItemInput) (int, error) {
	values[":pk"] = dynamo.S(orgPK(orgID))
	n, err := s.updateEach(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		FilterExpression:          aws.String(filter),
		ProjectionExpression:      aws.String("pk, sk"),
		ExpressionAttributeValues: values,
		ConsistentRead:            aws.Bool(true),
	}, update)
	if err != nil {
		return n, err
	}
	c, err := s.eachClaim(ctx, orgID, claim)
	return n + c, err
}

// eachClaim applies update to the ad-account claim of every connection in
// the organization's partition (expired ones included) and counts those it
// changed; a claim another organization holds, or none, fails the update's
// condition (orgId) and is left alone.
func (s *Store) eachClaim(ctx context.Context, orgID string, update func(claim dynamo.Item) *dynamodb.UpdateItemInput) (int, error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :conn)"),
		ProjectionExpression:      aws.String("#p, #a"),
		ExpressionAttributeNames:  map[string]string{"#p": "platform", "#a": "accountId"},
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":conn": dynamo.S(ConnectionPrefix)},
		ConsistentRead:            aws.Bool(true),
	}
	claimOf := func(it dynamo.Item) (dynamo.Item, bool) {
		p, a := dynamo.String(it, "platform"), dynamo.String(it, "accountId")
		return claimKey(p, a), p != "" && a != ""
	}
	return s.updateKeys(ctx, in, claimOf, update)
}

// ClaimKeys lists the keys of the ad-account claims of the connections in
// the organization's partition of the account table t (expired ones
// included). The claims live outside the partition, one per ad account
// (ACCT#<platform>#<account>), so a legal hold on the organization finds
// them here.
func ClaimKeys(ctx context.Context, t *dynamo.Table, orgID string) ([]dynamo.Item, error) {
	var keys []dynamo.Item
	err := t.QueryPagesWithExpired(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :conn)"),
		ProjectionExpression:      aws.String("#p, #a"),
		ExpressionAttributeNames:  map[string]string{"#p": "platform", "#a": "accountId"},
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":conn": dynamo.S(ConnectionPrefix)},
		ConsistentRead:            aws.Bool(true),
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			if p, a := dynamo.String(it, "platform"), dynamo.String(it, "accountId"); p != "" && a != "" {
				keys = append(keys, claimKey(p, a))
			}
		}
		return nil
	})
	return keys, err
}

// errFound stops a page walk at the first match.
var errFound = errors.New("found")

// Belongs reports whether userID is a member of an organization whose
// relationship with us is ongoing: a membership in gsi1 with no expiry
// (Cancel gives a cancelled organization's memberships theirs). Invitations
// do not count: they are listed under the invitee's address, not the user.
func (s *Store) Belongs(ctx context.Context, userID string) (bool, error) {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String(gsiIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		FilterExpression:          aws.String("attribute_not_exists(expiresAt)"),
		ProjectionExpression:      aws.String("pk"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(userGSI + userID)},
	}
	err := s.table.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		if len(items) > 0 {
			return errFound
		}
		return nil
	})
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}

// updateEach applies one conditional update to every item the query finds,
// expired ones included, and counts those it changed: an item whose
// condition fails was deleted or changed meanwhile and is left alone.
func (s *Store) updateEach(ctx context.Context, in *dynamodb.QueryInput, update func(key dynamo.Item) *dynamodb.UpdateItemInput) (int, error) {
	return s.updateKeys(ctx, in, func(it dynamo.Item) (dynamo.Item, bool) { return dynamo.KeyOf(it), true }, update)
}

// updateKeys applies one conditional update to the item keyOf names for
// each item the query finds (none where it says so), expired ones
// included, and counts those it changed; a failed condition leaves the
// item alone.
func (s *Store) updateKeys(ctx context.Context, in *dynamodb.QueryInput, keyOf func(dynamo.Item) (dynamo.Item, bool),
	update func(key dynamo.Item) *dynamodb.UpdateItemInput) (int, error) {
	n := 0
	err := s.table.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			k, ok := keyOf(it)
			if !ok {
				continue
			}
			_, err := s.table.Update(ctx, k, update(k))
			switch {
			case err == nil:
				n++
			case dynamo.IsConditionFailed(err):
			default:
				return err
			}
		}
		return nil
	})
	return n, err
}
