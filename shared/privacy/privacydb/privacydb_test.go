package privacydb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
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

// A request stays open for 30 months (paused by a legal hold, say): its
// record and trail have no expiry while it is open, so it is never swept.
// Its expiry runs 24 months from when it closed, and the retention sweep
// then deletes the trail with the request, never before, and only its own.
func TestRequestRecordsAreKeptUntil24MonthsAfterClosing(t *testing.T) {
	ctx := context.Background()
	s, tb := store(t)
	// Closed 24 months and a day ago: the table stamps expiry buckets by
	// its own (real) clock, so the sweep's last run is now.
	now := time.Now().UTC().Truncate(time.Second)
	clock := now.AddDate(0, -54, -1)
	svc := privacy.Service{Store: s, Queue: nopQueue{}, Now: func() time.Time { return clock }, NewID: func() string { return ids.New("prq") }}
	submit := func() privacy.Request {
		r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Deletion, Subject: privacy.Subject{UserID: "usr_a"}, Verification: &privacy.Verification{Method: "call"}})
		if err == nil {
			_, err = svc.Approve(ctx, r.ID, "usr_team")
		}
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r, other := submit(), submit()
	items := func(id string) map[string]dynamo.Item {
		m := map[string]dynamo.Item{}
		for _, it := range testenv.Partition(t, tb, privacydb.RequestPrefix+id) {
			m[dynamo.String(it, dynamo.SK)] = it
		}
		return m
	}
	noExpiry := func(when string, id string) {
		t.Helper()
		for sk, it := range items(id) {
			if _, ok := it[dynamo.ExpiresAt]; ok {
				t.Errorf("%s: %s expires at %s", when, sk, time.Unix(dynamo.Int(it, dynamo.ExpiresAt), 0).UTC())
			}
		}
	}
	clock = clock.AddDate(0, 30, 0)
	noExpiry("open 30 months", r.ID)
	closedAt := clock
	if _, err := svc.Cancel(ctx, r.ID, "usr_team", "hold lifted; withdrawn"); err != nil {
		t.Fatal(err)
	}
	got := items(r.ID)
	if len(got) < 4 {
		t.Fatalf("%d items, want the request and its trail", len(got))
	}
	for sk, it := range got {
		exp, ok := it[dynamo.ExpiresAt]
		switch {
		case sk == "REQUEST" && (!ok || dynamo.Int(it, dynamo.ExpiresAt) != closedAt.AddDate(0, retention.MinPrivacyMonths, 0).Unix()):
			t.Errorf("closed request expires %v, want 24 months after closing (%s)", exp, closedAt.AddDate(0, retention.MinPrivacyMonths, 0))
		case sk != "REQUEST" && ok:
			t.Errorf("entry %s carries an expiry of its own", sk)
		}
	}

	sweeper := sweep.Sweeper{Tables: []*dynamo.Table{tb}, Trails: s, Audit: testenv.Must[auditdb.Log](t)(auditdb.New(tb)),
		Checkpoints: sweep.TableCheckpoints{Table: tb}, Log: logging.New(&bytes.Buffer{}, "INFO")}
	sweepAt := func(at time.Time) {
		t.Helper()
		sweeper.Now = func() time.Time { return at }
		if _, err := sweeper.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}}); err != nil {
			t.Fatal(err)
		}
	}
	sweepAt(closedAt.AddDate(0, 23, 0))
	if n := len(items(r.ID)); n != len(got) {
		t.Fatalf("23 months after closing: %d of %d items left", n, len(got))
	}
	// A trail is deleted only with its own expired request.
	if n, err := s.DeleteTrail(ctx, privacydb.RequestPrefix+other.ID, closedAt.AddDate(0, 25, 0)); err != nil || n != 0 {
		t.Fatalf("trail of an open request: deleted %d, %v", n, err)
	}
	sweepAt(now)
	if left := items(r.ID); len(left) != 0 {
		t.Errorf("24 months after closing, %d items of the request are left", len(left))
	}
	if n := len(items(other.ID)); n < 3 {
		t.Errorf("the open request kept %d items", n)
	}
	noExpiry("still open", other.ID)
}

type nopQueue struct{}

func (nopQueue) Enqueue(context.Context, privacy.Request) error { return nil }
