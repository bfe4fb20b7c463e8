package orgdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// TestAdAccountClaimsFollowCancellation: the claims that keep another
// organization from connecting a cancelled organization's ad accounts get
// the organization's expiry with its partition (even when a run cut short
// had stamped the connection item already), hold meanwhile, and lose it
// on reactivation. Another organization's claim is never touched.
func TestAdAccountClaimsFollowCancellation(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	conns, err := connectordb.New(tb)
	if err != nil {
		t.Fatal(err)
	}
	connect := func(orgID, by string, p connector.Platform) connector.Connection {
		t.Helper()
		acct := ids.New("acct")
		c := connector.Connection{OrgID: orgID, ID: ids.ConnectionID(orgID, string(p), acct), Platform: p, AccountID: acct, AccountName: "Glow",
			Status: connector.Active, ConnectedBy: by, ConnectedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC(), Sealed: []byte("sealed")}
		if err := conns.Save(ctx, []connector.Connection{c}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	raw := func(k dynamo.Item) dynamo.Item {
		t.Helper()
		it := testenv.Stored(t, tb, k)
		if it == nil {
			t.Fatalf("get %v: none", k)
		}
		return it
	}
	o, owner := newOrg(t, s)
	meta, google := connect(o.ID, owner.ID, connector.Meta), connect(o.ID, owner.ID, connector.Google)
	other, otherOwner := newOrg(t, s)
	theirs := connect(other.ID, otherOwner.ID, connector.Meta)

	at := time.Now().UTC().Truncate(time.Second)
	if _, err := s.Cancel(ctx, org.ActorFor(owner.ID, org.CancelOrg), o.ID, at); err != nil {
		t.Fatal(err)
	}
	want := at.AddDate(3, 0, 0).Unix()
	// A run that stamped the Google connection item and stopped.
	if _, err := tb.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(tb.Name), Key: connectordb.Key(o.ID, google.ID),
		UpdateExpression: aws.String("SET expiresAt = :e"), ExpressionAttributeValues: dynamo.Item{":e": dynamo.N(want)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StampCancelled(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []connector.Connection{meta, google} {
		claim := raw(connectordb.ClaimKey(c.Platform, c.AccountID))
		if got := dynamo.Int(claim, dynamo.ExpiresAt); got != want || dynamo.String(claim, "expBucket") == "" {
			t.Errorf("%s claim: expiresAt %d (bucket %q), want %d", c.Platform, got, dynamo.String(claim, "expBucket"), want)
		}
		if got := dynamo.Int(raw(connectordb.Key(c.OrgID, c.ID)), dynamo.ExpiresAt); got != want {
			t.Errorf("%s connection: expiresAt %d, want %d", c.Platform, got, want)
		}
	}
	if _, ok := raw(connectordb.ClaimKey(theirs.Platform, theirs.AccountID))[dynamo.ExpiresAt]; ok {
		t.Error("another organization's claim was stamped")
	}
	// The claim still holds while the cancelled organization's data is kept.
	third, thirdOwner := newOrg(t, s)
	steal := meta
	steal.OrgID, steal.ID, steal.ConnectedBy = third.ID, ids.ConnectionID(third.ID, "meta", meta.AccountID), thirdOwner.ID
	if err := conns.Save(ctx, []connector.Connection{steal}); !errors.Is(err, connector.ErrTaken) {
		t.Fatalf("connecting a cancelled organization's account: %v, want ErrTaken", err)
	}

	if _, err := s.Reactivate(ctx, org.ActorFor(owner.ID, org.ReactivateOrg), o.ID, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClearReactivated(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []connector.Connection{meta, google} {
		claim := raw(connectordb.ClaimKey(c.Platform, c.AccountID))
		if _, ok := claim[dynamo.ExpiresAt]; ok || dynamo.String(claim, "expBucket") != "" || dynamo.String(claim, "orgId") != o.ID {
			t.Errorf("%s claim after reactivation: %v", c.Platform, claim)
		}
	}
}
