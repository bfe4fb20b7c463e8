package profiledb

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/profile"
)

// The policy-change email's per-user sent marker lives on the profile item
// (policyNotice, policyNoticeAt): it goes with the profile when the user is
// erased, and a profile save carries it (Get and Put round-trip it).

// Registered returns up to limit profiles (user ID and email only) after
// the user ID after ("" from the start), in the order of a scan of the
// account table, and the cursor of the next page ("" at the end). One
// page is one Scan request: the cursor is the last key it evaluated.
func (s *Store) Registered(ctx context.Context, after string, limit int) ([]profile.Profile, string, error) {
	in := &dynamodb.ScanInput{
		TableName:                 aws.String(s.account.Name),
		FilterExpression:          aws.String("sk = :profile"),
		ProjectionExpression:      aws.String("pk, email, expiresAt"),
		ExpressionAttributeValues: dynamo.Item{":profile": dynamo.S(skProfile)},
		Limit:                     aws.Int32(int32(limit)),
	}
	if after != "" {
		in.ExclusiveStartKey = decodeCursor(after)
	}
	out, err := s.account.DB.Scan(ctx, in)
	if err != nil {
		return nil, "", err
	}
	var ps []profile.Profile
	for _, it := range out.Items {
		if !s.account.Live(it) {
			continue
		}
		uid, ok := strings.CutPrefix(dynamo.String(it, dynamo.PK), userPrefix)
		if !ok {
			continue
		}
		ps = append(ps, profile.Profile{UserID: uid, Email: dynamo.String(it, "email")})
	}
	next := ""
	if k := out.LastEvaluatedKey; len(k) > 0 {
		next = encodeCursor(k)
	}
	return ps, next, nil
}

// encodeCursor keeps a scan's last evaluated key (pk and sk) as one string.
func encodeCursor(k dynamo.Item) string {
	pk, sk := dynamo.String(k, dynamo.PK), dynamo.String(k, dynamo.SK)
	if sk == skProfile && strings.HasPrefix(pk, userPrefix) {
		return pk
	}
	return pk + "\x1f" + sk
}

// decodeCursor: the last key evaluated may be any item's, not only a
// profile's, so it is kept whole.
func decodeCursor(c string) dynamo.Item {
	pk, sk, ok := strings.Cut(c, "\x1f")
	if !ok {
		sk = skProfile
	}
	return dynamo.Key(pk, sk)
}

// ClaimPolicyNotice marks user as being emailed about version, unless the
// email was sent or another claim younger than ttl holds it: one
// conditional update, so of two broadcasters one wins. False means leave
// the user alone.
func (s *Store) ClaimPolicyNotice(ctx context.Context, userID, version string, now time.Time, ttl time.Duration) (bool, error) {
	_, err := s.account.Update(ctx, dynamo.Key(pk(userID), skProfile), &dynamodb.UpdateItemInput{
		UpdateExpression: aws.String("SET policyNotice = :claim, policyNoticeAt = :now"),
		ConditionExpression: aws.String("attribute_exists(pk) AND (attribute_not_exists(policyNotice) OR (policyNotice <> :sent AND policyNotice <> :claim) " +
			"OR (policyNotice = :claim AND policyNoticeAt < :stale))"),
		ExpressionAttributeValues: dynamo.Item{":claim": dynamo.S(version + "#sending"), ":sent": dynamo.S(version + "#sent"),
			":now": ts(now), ":stale": ts(now.Add(-ttl))},
	})
	if dynamo.IsConditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// MarkPolicyNotice records the claim's outcome: sent, or released
// (a failed send, for the retry).
func (s *Store) MarkPolicyNotice(ctx context.Context, userID, version string, sent bool, now time.Time) error {
	in := &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET policyNotice = :sent, policyNoticeAt = :now"),
		ConditionExpression:       aws.String("policyNotice = :claim"),
		ExpressionAttributeValues: dynamo.Item{":claim": dynamo.S(version + "#sending"), ":sent": dynamo.S(version + "#sent"), ":now": ts(now)},
	}
	if !sent {
		in.UpdateExpression = aws.String("REMOVE policyNotice, policyNoticeAt")
		in.ExpressionAttributeValues = dynamo.Item{":claim": dynamo.S(version + "#sending")}
	}
	_, err := s.account.Update(ctx, dynamo.Key(pk(userID), skProfile), in)
	if dynamo.IsConditionFailed(err) {
		return nil // the profile was saved or erased meanwhile
	}
	return err
}
