package profiledb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Memberships tells whether a user still belongs to an organization whose
// customer relationship is ongoing (orgdb.Store answers it).
type Memberships interface {
	Belongs(ctx context.Context, userID string) (bool, error)
}

// Clock runs the account category's retention clock for profiles. A
// profile is account information of the relationship between us and the
// user, which lasts while the user belongs to an active organization; once
// it does not (the last organization cancelled, the user removed, or never
// a member), the profile is kept 3 years and then deleted by TTL and the
// sweep. Joining an organization again stops the clock.
//
// The clock starts on the first run that sees the relationship over (runs
// are daily), so a profile is kept at most a day longer than 3 years after
// the end; saving the profile rewrites it without an expiry and the next
// run starts the clock afresh.
type Clock struct {
	Profiles *Store
	Members  Memberships
}

// Run visits every profile and starts or stops its clock. It returns how
// many profiles it changed. Profiles changed meanwhile are left for the
// next run, which decides again; a run cut short loses nothing.
func (c Clock) Run(ctx context.Context, now time.Time) (int, error) {
	t := c.Profiles.account
	exp, _, err := t.Schedule.ExpiresAt(retention.Account, now, 0)
	if err != nil {
		return 0, err
	}
	expAV := dynamo.N(exp.Unix())
	in := &dynamodb.ScanInput{
		FilterExpression:          aws.String("sk = :profile"),
		ProjectionExpression:      aws.String("pk, expiresAt"),
		ExpressionAttributeValues: dynamo.Item{":profile": dynamo.S(skProfile)},
	}
	changed := 0
	err = t.ScanPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			n, err := c.visit(ctx, it, now, expAV)
			changed += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// visit starts or stops one profile's clock; it returns 1 if it did.
func (c Clock) visit(ctx context.Context, it dynamo.Item, now time.Time, exp types.AttributeValue) (int, error) {
	t := c.Profiles.account
	key := dynamo.String(it, dynamo.PK)
	userID, ok := strings.CutPrefix(key, userPrefix)
	if !ok {
		return 0, fmt.Errorf("profiledb: profile item with key %q", key)
	}
	old, running := it[dynamo.ExpiresAt].(*types.AttributeValueMemberN)
	if running {
		if at, err := strconv.ParseInt(old.Value, 10, 64); err == nil && at <= now.Unix() {
			return 0, nil // expired: the sweep deletes it
		}
	}
	belongs, err := c.Members.Belongs(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("profiledb: memberships of %s: %w", userID, err)
	}
	in := &dynamodb.UpdateItemInput{}
	switch {
	case belongs && running:
		in.UpdateExpression = aws.String("REMOVE expiresAt, expBucket")
		in.ConditionExpression = aws.String("expiresAt = :old")
		in.ExpressionAttributeValues = dynamo.Item{":old": old}
	case !belongs && !running:
		in.UpdateExpression = aws.String("SET expiresAt = :exp, expBucket = :xb")
		in.ConditionExpression = aws.String("attribute_exists(pk) AND attribute_not_exists(expiresAt)")
		in.ExpressionAttributeValues = dynamo.Item{":exp": exp, ":xb": t.BucketAV(dynamo.Key(key, skProfile), dynamo.Int(dynamo.Item{"e": exp}, "e"))}
	default:
		return 0, nil
	}
	_, err = t.Update(ctx, dynamo.Key(key, skProfile), in)
	switch {
	case err == nil:
		return 1, nil
	case dynamo.IsConditionFailed(err): // saved or deleted meanwhile: the next run decides
		return 0, nil
	default:
		return 0, err
	}
}
