// Package privacydb keeps privacy requests and their audit trails in the
// privacy table (privacy records category: kept 24 months, or the
// configured longer time, after the request closes):
//
//	pk PREQ#<id>  sk REQUEST        the request (doc: JSON), status, type, version   gsi1 PREQ / <receivedAt>#<id>
//	pk PREQ#<id>  sk AUDIT#<seq>    one audit entry (seq zero-padded), never rewritten
//
// An open request has no expiry, however long it stays open (paused by a
// legal hold, waiting for input): its record is what the privacy team
// answers from. Its expiry is set when it closes (ClosedAt), and the
// entries of its trail never carry one: an entry is never rewritten, so
// it cannot learn when its request closes. The trail goes with its
// request instead: the retention sweep deletes a request's entries
// (DeleteTrail) before the request, and the privacy table has no
// DynamoDB TTL, which would delete the request and leave its trail.
//
// A request change and the audit entries that record it are one
// transaction: the request on the condition of its previous version, each
// entry on the condition that its number is free. So a retried or
// redelivered step cannot add a second row, and a crash leaves both or
// neither. No code path updates or deletes an entry but the retention
// sweep's, under its own role, once the request has expired.
package privacydb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/retention"
)

// Key layout.
const (
	RequestPrefix = "PREQ#"
	skRequest     = "REQUEST"
	AuditPrefix   = "AUDIT#"
	listGSI       = "PREQ"
)

// DB is the client the store needs: some of its writes span items, in one
// transaction.
type DB = dynamo.TransactAPI

// Store implements privacy.Store.
type Store struct {
	table *dynamo.Table
	db    DB
}

var (
	_ privacy.Store = (*Store)(nil)
	_ audit.Reader  = (*Store)(nil)
)

// New binds the store to the privacy table.
func New(t *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("privacydb", t, retention.Privacy); err != nil {
		return nil, err
	}
	db, ok := t.DB.(DB)
	if !ok {
		return nil, errors.New("privacydb: the table's client cannot transact")
	}
	return &Store{table: t, db: db}, nil
}

func pk(id string) string { return RequestPrefix + id }

func auditSK(seq int) string { return fmt.Sprintf("%s%010d", AuditPrefix, seq) }

// Save writes r and its entries in one transaction.
func (s *Store) Save(ctx context.Context, r privacy.Request, es ...audit.Entry) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	item := dynamo.Key(pk(r.ID), skRequest)
	item["doc"] = dynamo.S(string(doc))
	item["status"] = dynamo.S(string(r.Status))
	item["type"] = dynamo.S(string(r.Type))
	item["version"] = dynamo.N(r.Version)
	item["gsi1pk"] = dynamo.S(listGSI)
	item["gsi1sk"] = dynamo.S(r.ReceivedAt.UTC().Format(time.RFC3339Nano) + "#" + r.ID)
	if r.Subject.UserID != "" {
		item["subjectUser"] = dynamo.S(r.Subject.UserID)
	}
	exp := dynamo.Expiry{Open: true}
	if !r.ClosedAt.IsZero() {
		exp = dynamo.Expiry{At: r.ClosedAt}
	}
	if err := s.table.Stamp(item, exp); err != nil {
		return err
	}
	put := &types.Put{TableName: aws.String(s.table.Name), Item: item}
	if r.Version <= 1 {
		put.ConditionExpression = aws.String("attribute_not_exists(pk)")
	} else {
		put.ConditionExpression = aws.String("#v = :prev")
		put.ExpressionAttributeNames = map[string]string{"#v": "version"}
		put.ExpressionAttributeValues = dynamo.Item{":prev": dynamo.N(r.Version - 1)}
	}
	items := []types.TransactWriteItem{{Put: put}}
	for _, e := range es {
		if e.RequestID != r.ID {
			return fmt.Errorf("privacydb: an audit entry of request %s saved with %s", e.RequestID, r.ID)
		}
		it, err := s.entryItem(e)
		if err != nil {
			return err
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.table.Name), Item: it,
			ConditionExpression: aws.String("attribute_not_exists(pk)")}})
	}
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		for _, c := range tc.CancellationReasons {
			if aws.ToString(c.Code) == "ConditionalCheckFailed" {
				return privacy.ErrStale
			}
		}
	}
	return err
}

func (s *Store) entryItem(e audit.Entry) (dynamo.Item, error) {
	it := dynamo.Key(pk(e.RequestID), auditSK(e.Seq))
	it["seq"] = dynamo.N(int64(e.Seq))
	it["at"] = dynamo.S(e.At.UTC().Format(time.RFC3339Nano))
	it["actor"] = dynamo.S(e.Actor)
	it["action"] = dynamo.S(e.Action)
	it["reason"] = dynamo.S(e.Reason)
	it["prev"] = dynamo.S(e.Prev)
	it["hash"] = dynamo.S(e.Hash)
	if len(e.Detail) > 0 {
		d, err := json.Marshal(e.Detail)
		if err != nil {
			return nil, err
		}
		it["detail"] = dynamo.S(string(d))
	}
	return it, s.table.Stamp(it, dynamo.Expiry{Open: true})
}

// Get reads one request.
func (s *Store) Get(ctx context.Context, id string) (privacy.Request, error) {
	it, ok, err := s.table.Get(ctx, dynamo.Key(pk(id), skRequest), true)
	if err != nil {
		return privacy.Request{}, err
	}
	if !ok {
		return privacy.Request{}, privacy.ErrNotFound
	}
	return decode(it)
}

func decode(it dynamo.Item) (privacy.Request, error) {
	var r privacy.Request
	if err := json.Unmarshal([]byte(dynamo.String(it, "doc")), &r); err != nil {
		return privacy.Request{}, fmt.Errorf("privacydb: request %s: %w", dynamo.String(it, dynamo.PK), err)
	}
	return r, nil
}

// List returns every request, oldest first.
func (s *Store) List(ctx context.Context) ([]privacy.Request, error) {
	return s.list(ctx, "")
}

// BySubject returns one user's requests, oldest first.
func (s *Store) BySubject(ctx context.Context, userID string) ([]privacy.Request, error) {
	return s.list(ctx, userID)
}

func (s *Store) list(ctx context.Context, userID string) ([]privacy.Request, error) {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String("gsi1"),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(listGSI)},
	}
	if userID != "" {
		in.FilterExpression = aws.String("subjectUser = :u")
		in.ExpressionAttributeValues[":u"] = dynamo.S(userID)
	}
	var out []privacy.Request
	err := s.table.QueryPages(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			r, err := decode(it)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// Entries returns a request's audit trail in order. Expired entries are
// included: the trail must verify whole for as long as its request is kept.
func (s *Store) Entries(ctx context.Context, id string) ([]audit.Entry, error) {
	_, es, err := s.read(ctx, id, AuditPrefix)
	return es, err
}

// Trail reads the request and its trail in one Query of its partition.
func (s *Store) Trail(ctx context.Context, id string) (privacy.Request, []audit.Entry, error) {
	r, es, err := s.read(ctx, id, "")
	if err == nil && r == nil {
		err = privacy.ErrNotFound
	}
	if err != nil {
		return privacy.Request{}, nil, err
	}
	return *r, es, nil
}

func (s *Store) read(ctx context.Context, id, prefix string) (*privacy.Request, []audit.Entry, error) {
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk(id))},
		ConsistentRead:            aws.Bool(true),
	}
	if prefix != "" {
		in.KeyConditionExpression = aws.String("pk = :p AND begins_with(sk, :a)")
		in.ExpressionAttributeValues[":a"] = dynamo.S(prefix)
	}
	var req *privacy.Request
	var out []audit.Entry
	err := s.table.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			if dynamo.String(it, dynamo.SK) == skRequest {
				if !s.table.Live(it) {
					continue
				}
				r, err := decode(it)
				if err != nil {
					return err
				}
				req = &r
				continue
			}
			seq := int(dynamo.Int(it, "seq"))
			at, _ := time.Parse(time.RFC3339Nano, dynamo.String(it, "at"))
			e := audit.Entry{RequestID: id, Seq: seq, At: at, Actor: dynamo.String(it, "actor"), Action: dynamo.String(it, "action"),
				Reason: dynamo.String(it, "reason"), Prev: dynamo.String(it, "prev"), Hash: dynamo.String(it, "hash")}
			if d := dynamo.String(it, "detail"); d != "" {
				if err := json.Unmarshal([]byte(d), &e.Detail); err != nil {
					return fmt.Errorf("privacydb: audit entry %d of %s: %w", seq, id, err)
				}
			}
			out = append(out, e)
		}
		return nil
	})
	return req, out, err
}
