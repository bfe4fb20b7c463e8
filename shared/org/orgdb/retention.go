package orgdb

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/dynamo"
	"github.com/medspa-ai/backend/shared/org"
)

// StampCancelled gives every item of each cancelled organization's
// partition the organization's expiry (cancellation + 3 years), then takes
// the organization off the to-do index. Items that already have an expiry
// keep it. It is idempotent and resumable: a run cut short leaves the org
// on the index and the next run finishes it. It returns how many items it
// stamped.
func (s *Store) StampCancelled(ctx context.Context) (int, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table.Name),
		IndexName:                 aws.String(gsiIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(cancelledGSI)},
	}
	stamped := 0
	for {
		// Straight from the client: an org pending here has an expiry in
		// the future, but the table's expiry filter must not hide one
		// whose 3 years are over before its partition was stamped.
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return stamped, err
		}
		for _, it := range out.Items {
			orgID := dynamo.String(it, gsiSK)
			exp, ok := it[dynamo.ExpiresAt].(*types.AttributeValueMemberN)
			if !ok || dynamo.String(it, "status") != string(org.Cancelled) {
				return stamped, fmt.Errorf("orgdb: org %s is listed as cancelled without status and expiry", orgID)
			}
			n, err := s.stampPartition(ctx, orgID, exp)
			stamped += n
			if err != nil {
				return stamped, fmt.Errorf("orgdb: stamp cancelled org %s: %w", orgID, err)
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			return stamped, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func (s *Store) stampPartition(ctx context.Context, orgID string, exp types.AttributeValue) (int, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table.Name),
		KeyConditionExpression:    aws.String("pk = :pk"),
		FilterExpression:          aws.String("attribute_not_exists(expiresAt)"),
		ProjectionExpression:      aws.String("pk, sk"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID))},
		ConsistentRead:            aws.Bool(true),
	}
	n := 0
	for {
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return n, err
		}
		for _, it := range out.Items {
			_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName:                 aws.String(s.table.Name),
				Key:                       dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)),
				UpdateExpression:          aws.String("SET expiresAt = :exp"),
				ConditionExpression:       aws.String("attribute_exists(pk) AND attribute_not_exists(expiresAt)"),
				ExpressionAttributeValues: dynamo.Item{":exp": exp},
			})
			switch {
			case err == nil:
				n++
			case dynamo.IsConditionFailed(err): // deleted or stamped meanwhile
			default:
				return n, err
			}
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.table.Name),
		Key:                       orgKey(orgID),
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

// Belongs reports whether userID is a member of an organization whose
// relationship with us is ongoing: a membership in gsi1 with no expiry
// (Cancel gives a cancelled organization's memberships theirs). Invitations
// do not count: they are listed under the invitee's address, not the user.
func (s *Store) Belongs(ctx context.Context, userID string) (bool, error) {
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table.Name),
		IndexName:                 aws.String(gsiIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		FilterExpression:          aws.String("attribute_not_exists(expiresAt)"),
		ProjectionExpression:      aws.String("pk"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(userGSI + userID)},
	}
	for {
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return false, err
		}
		if len(out.Items) > 0 {
			return true, nil
		}
		if len(out.LastEvaluatedKey) == 0 {
			return false, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
