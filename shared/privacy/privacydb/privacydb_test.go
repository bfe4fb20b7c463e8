package privacydb_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention"
)

func store(t *testing.T) (*privacydb.Store, *dynamo.Table) {
	tb := testenv.Table(t, retention.Privacy)
	s, err := privacydb.New(tb)
	if err != nil {
		t.Fatal(err)
	}
	return s, tb
}

func TestContract(t *testing.T) {
	contract.PrivacyRequests(t, func(t *testing.T) privacy.Store { s, _ := store(t); return s })
}

// Someone with raw table access edits, inserts or deletes a row: the
// verification over the stored trail finds each.
func TestVerifyFindsTamperingInTheTable(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	svc := privacy.Service{Store: s, Now: func() time.Time { return time.Now().UTC() }, NewID: func() string { return ids.New("prq") }}
	newTrail := func() privacy.Request {
		r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_a"}, Verification: &privacy.Verification{Method: "call"}})
		if err == nil {
			r, err = svc.Cancel(ctx, r.ID, "usr_lead", "withdrawn")
		}
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	check := func(name string, r privacy.Request, bad int) {
		t.Helper()
		es, err := s.Entries(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, r.ID)
		res := audit.Verify(es, got.Audit)
		if (bad == 0) != res.OK || res.FirstBadEntry != bad {
			t.Errorf("%s: %+v, want firstBadEntry %d", name, res, bad)
		}
	}
	key := func(r privacy.Request, seq int) dynamo.Item {
		return dynamo.Key(privacydb.RequestPrefix+r.ID, privacydb.AuditPrefix+pad(seq))
	}
	intact := newTrail()
	check("intact", intact, 0)

	edited := newTrail()
	if _, err := tb.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(tb.Name), Key: key(edited, 2),
		UpdateExpression: aws.String("SET actor = :a"), ExpressionAttributeValues: dynamo.Item{":a": dynamo.S("usr_someone")}}); err != nil {
		t.Fatal(err)
	}
	check("edited", edited, 2)

	deleted := newTrail()
	if _, err := tb.Delete(ctx, key(deleted, 2), nil); err != nil {
		t.Fatal(err)
	}
	check("deleted", deleted, 2)

	inserted := newTrail()
	es, _ := s.Entries(ctx, inserted.ID)
	forged := es[2]
	forged.Action = "approved"
	forged.Seq = 4
	forged.Prev = es[2].Hash
	forged.Hash = audit.Sum(forged)
	it := dynamo.Key(privacydb.RequestPrefix+inserted.ID, privacydb.AuditPrefix+pad(4))
	it["seq"], it["at"], it["actor"], it["action"], it["prev"], it["hash"] = dynamo.N(4), dynamo.S(forged.At.Format(time.RFC3339Nano)),
		dynamo.S(forged.Actor), dynamo.S(forged.Action), dynamo.S(forged.Prev), dynamo.S(forged.Hash)
	if err := tb.Put(ctx, it, dynamo.Expiry{}, nil); err != nil {
		t.Fatal(err)
	}
	check("inserted", inserted, 4)
}

func pad(n int) string {
	return string([]byte{'0', '0', '0', '0', '0', '0', '0', '0', '0', byte('0' + n)})
}

// A request received, then worked on days later (approved, steps done):
// every one of its audit entries expires at or after the request item, so
// the retention sweep never leaves a request whose trail lost its start.
func TestNoAuditEntryExpiresBeforeItsRequest(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	clock := time.Now().UTC().AddDate(0, 0, -20)
	svc := privacy.Service{Store: s, Queue: nopQueue{}, Now: func() time.Time { return clock }, NewID: func() string { return ids.New("prq") }}
	r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: "usr_a"}, Verification: &privacy.Verification{Method: "call"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, days := range []int{6, 13} {
		clock = clock.AddDate(0, 0, days)
		if days == 6 {
			_, err = svc.Approve(ctx, r.ID, "usr_team")
		} else {
			_, err = svc.Cancel(ctx, r.ID, "usr_team", "withdrawn")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	out, err := tb.DB.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(tb.Name), KeyConditionExpression: aws.String("pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(privacydb.RequestPrefix + r.ID)}, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var request int64
	var entries []int64
	for _, it := range out.Items {
		exp := dynamo.Int(it, dynamo.ExpiresAt)
		if exp == 0 {
			t.Fatalf("%s has no expiry", dynamo.String(it, dynamo.SK))
		}
		if dynamo.String(it, dynamo.SK) == "REQUEST" {
			request = exp
		} else {
			entries = append(entries, exp)
		}
	}
	if request == 0 || len(entries) < 3 {
		t.Fatalf("request expiry %d, %d entries", request, len(entries))
	}
	for i, e := range entries {
		if e < request {
			t.Errorf("audit entry %d expires at %s, before its request (%s)", i, time.Unix(e, 0).UTC(), time.Unix(request, 0).UTC())
		}
	}
	if want := r.ReceivedAt.AddDate(0, retention.MinPrivacyMonths, 0).Unix(); request < want {
		t.Errorf("request expires %s, before 24 months from receipt", time.Unix(request, 0).UTC())
	}
}

type nopQueue struct{}

func (nopQueue) Enqueue(context.Context, privacy.Request) error { return nil }
