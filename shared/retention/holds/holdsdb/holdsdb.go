// Package holdsdb keeps legal holds in the account table and carries out
// their effect on every data table.
//
//	account table  pk HOLD  sk <holdId>   scope, reason, matter, state, cursor
//
// A hold covers partitions (Partitions): an organization's ORG#<org> in
// every data table, and the ad-account claims of its connections, which
// live outside it (ACCT#<platform>#<account> in the account table); a
// subject's USER#<id> (account, marketing, billing), USAGE#<id>
// (analytics) and REQ#<id> (logs). Applying moves each covered
// item's expiresAt to heldExpiresAt (out of the expiry index and out of
// TTL's reach); releasing moves it back, unless another hold in force
// covers the partition. The work runs a page at a time and the hold keeps
// its cursor (partition and last key), so a run cut short resumes there.
package holdsdb

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds"
)

var _ holds.Store = (*Store)(nil)

const (
	pk      = "HOLD"
	heldExp = "heldExpiresAt"
	// page bounds the items one query reads.
	page = 200
)

// Partition is one table's partition a hold covers.
type Partition struct {
	Category retention.Category
	PK       string
}

// Partitions is the data map of holds: what each scope covers.
func Partitions(s holds.Scope) []Partition {
	switch s.Kind {
	case holds.Org:
		var out []Partition
		for _, c := range []retention.Category{retention.Account, retention.Analytics, retention.Logs, retention.Marketing, retention.Billing} {
			out = append(out, Partition{c, "ORG#" + s.ID})
		}
		return out
	case holds.Subject:
		return []Partition{{retention.Account, "USER#" + s.ID}, {retention.Marketing, "USER#" + s.ID}, {retention.Billing, "USER#" + s.ID},
			{retention.Analytics, "USAGE#" + s.ID}, {retention.Logs, "REQ#" + s.ID}}
	}
	return nil
}

// Store is the DynamoDB hold store.
type Store struct {
	account *dynamo.Table
	tables  map[retention.Category]*dynamo.Table
}

// New builds the store on the account table (where holds live) and the
// data tables holds act on.
func New(account *dynamo.Table, data ...*dynamo.Table) (*Store, error) {
	if err := dynamo.Require("holdsdb", account, retention.Account); err != nil {
		return nil, err
	}
	s := &Store{account: account, tables: map[retention.Category]*dynamo.Table{retention.Account: account}}
	for _, t := range data {
		s.tables[t.Category] = t
	}
	return s, nil
}

func key(id string) dynamo.Item { return dynamo.Key(pk, id) }

func encode(h holds.Hold) dynamo.Item {
	it := key(h.ID)
	it["kind"], it["target"], it["reason"], it["matter"] = dynamo.S(string(h.Scope.Kind)), dynamo.S(h.Scope.ID), dynamo.S(h.Reason), dynamo.S(h.Matter)
	it["state"], it["createdBy"], it["createdAt"] = dynamo.S(string(h.State)), dynamo.S(h.CreatedBy), dynamo.S(h.CreatedAt.UTC().Format(time.RFC3339))
	return it
}

func decode(it dynamo.Item) holds.Hold {
	h := holds.Hold{ID: dynamo.String(it, dynamo.SK), Scope: holds.Scope{Kind: holds.Kind(dynamo.String(it, "kind")), ID: dynamo.String(it, "target")},
		Reason: dynamo.String(it, "reason"), Matter: dynamo.String(it, "matter"), State: holds.State(dynamo.String(it, "state")),
		CreatedBy: dynamo.String(it, "createdBy"), ReleasedBy: dynamo.String(it, "releasedBy")}
	h.CreatedAt, _ = time.Parse(time.RFC3339, dynamo.String(it, "createdAt"))
	h.ReleasedAt, _ = time.Parse(time.RFC3339, dynamo.String(it, "releasedAt"))
	return h
}

// Create records a hold in force. Its record has no expiry while it lasts.
func (s *Store) Create(ctx context.Context, h holds.Hold) (holds.Hold, error) {
	err := s.account.Put(ctx, encode(h), dynamo.Expiry{}, &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(pk)")})
	if dynamo.IsConditionFailed(err) {
		return holds.Hold{}, fmt.Errorf("%w: hold %s exists", holds.ErrInvalid, h.ID)
	}
	return h, err
}

// Get reads one hold.
func (s *Store) Get(ctx context.Context, id string) (holds.Hold, error) {
	it, ok, err := s.account.Get(ctx, key(id), true)
	if err != nil {
		return holds.Hold{}, err
	}
	if !ok {
		return holds.Hold{}, holds.ErrNotFound
	}
	return decode(it), nil
}

// List returns every hold, newest first.
func (s *Store) List(ctx context.Context) ([]holds.Hold, error) {
	var out []holds.Hold
	err := s.account.QueryPages(ctx, &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk)}, ConsistentRead: aws.Bool(true)}, func(items []dynamo.Item) error {
		for _, it := range items {
			out = append(out, decode(it))
		}
		return nil
	})
	slices.SortFunc(out, func(a, b holds.Hold) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, err
}

// Release ends a hold: it stops protecting at once; Process restores the
// expiries.
func (s *Store) Release(ctx context.Context, id, by string, at time.Time) (holds.Hold, error) {
	out, err := s.account.Update(ctx, key(id), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET #st = :rel, releasedBy = :by, releasedAt = :at REMOVE cp, ck"),
		ConditionExpression:       aws.String("attribute_exists(pk) AND #st IN (:app, :act)"),
		ExpressionAttributeNames:  map[string]string{"#st": "state"},
		ExpressionAttributeValues: dynamo.Item{":rel": dynamo.S(string(holds.Releasing)), ":by": dynamo.S(by), ":at": dynamo.S(at.UTC().Format(time.RFC3339)), ":app": dynamo.S(string(holds.Applying)), ":act": dynamo.S(string(holds.Active))},
		ReturnValues:              types.ReturnValueAllNew,
	})
	if dynamo.IsConditionFailed(err) {
		if _, gerr := s.Get(ctx, id); gerr != nil {
			return holds.Hold{}, gerr
		}
		return holds.Hold{}, holds.ErrReleased
	}
	if err != nil {
		return holds.Hold{}, err
	}
	return decode(out.Attributes), nil
}

// inForce lists the holds in force.
func (s *Store) inForce(ctx context.Context) ([]holds.Hold, error) {
	all, err := s.List(ctx)
	return slices.DeleteFunc(all, func(h holds.Hold) bool { return !h.InForce() }), err
}

// Held reports whether a hold in force covers the scope.
func (s *Store) Held(ctx context.Context, sc holds.Scope) (bool, error) {
	hs, err := s.inForce(ctx)
	return slices.ContainsFunc(hs, func(h holds.Hold) bool { return h.Scope == sc }), err
}

// HeldPartitions returns a test for the partition keys of category c's
// table under a hold in force (for the sweep).
func (s *Store) HeldPartitions(ctx context.Context, c retention.Category) (func(string) bool, error) {
	hs, err := s.inForce(ctx)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, h := range hs {
		for _, p := range Partitions(h.Scope) {
			if p.Category == c {
				set[p.PK] = true
			}
		}
	}
	return func(pk string) bool { return set[pk] }, nil
}

// Process carries out applying, active (new items written since) and
// releasing holds, at most budget items, resuming from each hold's cursor.
func (s *Store) Process(ctx context.Context, budget int) (int, bool, error) {
	all, err := s.List(ctx)
	if err != nil {
		return 0, false, err
	}
	changed := 0
	for _, h := range all {
		if h.State == holds.Released {
			continue
		}
		n, done, err := s.process(ctx, h, all, budget-changed)
		changed += n
		if err != nil || !done {
			return changed, false, err
		}
	}
	return changed, true, nil
}

func (s *Store) process(ctx context.Context, h holds.Hold, all []holds.Hold, budget int) (int, bool, error) {
	rec, ok, err := s.account.Get(ctx, key(h.ID), true)
	if err != nil || !ok {
		return 0, ok, err
	}
	parts := Partitions(h.Scope)
	cp, ck := int(dynamo.Int(rec, "cp")), dynamo.String(rec, "ck")
	releasing := h.State == holds.Releasing
	// Partitions another hold in force covers stay held on release.
	still := map[Partition]bool{}
	for _, o := range all {
		if o.ID != h.ID && o.InForce() {
			for _, p := range Partitions(o.Scope) {
				still[p] = true
			}
		}
	}
	changed := 0
	for ; cp < len(parts); cp, ck = cp+1, "" {
		p := parts[cp]
		t := s.tables[p.Category]
		if t == nil || (releasing && still[p]) {
			continue
		}
		for {
			if changed >= budget {
				return changed, false, s.saveCursor(ctx, h.ID, h.State, cp, ck)
			}
			in := &dynamodb.QueryInput{TableName: aws.String(t.Name), KeyConditionExpression: aws.String("pk = :p"),
				ProjectionExpression: aws.String("pk, sk, expiresAt, heldExpiresAt"), ConsistentRead: aws.Bool(true),
				ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(p.PK)}, Limit: aws.Int32(int32(min(page, budget-changed)))}
			if ck != "" {
				in.ExclusiveStartKey = dynamo.Key(p.PK, ck)
			}
			out, err := t.DB.Query(ctx, in)
			if err != nil {
				return changed, false, err
			}
			for _, it := range out.Items {
				n, err := s.item(ctx, t, it, releasing)
				changed += n
				if err != nil {
					return changed, false, err
				}
				ck = dynamo.String(it, dynamo.SK)
			}
			if len(out.LastEvaluatedKey) == 0 {
				break
			}
			if err := s.saveCursor(ctx, h.ID, h.State, cp, ck); err != nil {
				return changed, false, err
			}
		}
	}
	if h.Scope.Kind == holds.Org {
		// An organization has a connection or two: its claims are done in
		// one go, every run, like the partitions' new items.
		n, err := s.claims(ctx, h.Scope.ID, releasing, still[Partition{retention.Account, "ORG#" + h.Scope.ID}])
		changed += n
		if err != nil {
			return changed, false, err
		}
	}
	return changed, true, s.finish(ctx, h)
}

// claims applies or releases the hold on the organization's ad-account
// claims: a cancelled organization's claims carry its expiry, and a claim
// another organization holds now is not this one's.
func (s *Store) claims(ctx context.Context, orgID string, releasing, stillHeld bool) (int, error) {
	if releasing && stillHeld {
		return 0, nil
	}
	keys, err := orgdb.ClaimKeys(ctx, s.account, orgID)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, k := range keys {
		out, err := s.account.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(s.account.Name), Key: k, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return changed, err
		}
		if out.Item == nil || dynamo.String(out.Item, "orgId") != orgID {
			continue
		}
		n, err := s.item(ctx, s.account, out.Item, releasing)
		changed += n
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}

// item takes one item's expiry off (apply) or puts it back (release).
func (s *Store) item(ctx context.Context, t *dynamo.Table, it dynamo.Item, releasing bool) (int, error) {
	k := dynamo.KeyOf(it)
	in := &dynamodb.UpdateItemInput{}
	switch _, has := it[dynamo.ExpiresAt]; {
	case !releasing && has:
		in.UpdateExpression = aws.String("SET heldExpiresAt = expiresAt REMOVE expiresAt, expBucket")
		in.ConditionExpression = aws.String("expiresAt = :e")
		in.ExpressionAttributeValues = dynamo.Item{":e": it[dynamo.ExpiresAt]}
	case releasing:
		hv, ok := it[heldExp].(*types.AttributeValueMemberN)
		if !ok {
			return 0, nil
		}
		e, _ := strconv.ParseInt(hv.Value, 10, 64)
		in.UpdateExpression = aws.String("SET expiresAt = :e, expBucket = :xb REMOVE heldExpiresAt")
		in.ConditionExpression = aws.String("heldExpiresAt = :e AND attribute_not_exists(expiresAt)")
		in.ExpressionAttributeValues = dynamo.Item{":e": hv, ":xb": t.BucketAV(k, e)}
	default:
		return 0, nil
	}
	_, err := t.Update(ctx, k, in)
	switch {
	case err == nil:
		return 1, nil
	case dynamo.IsConditionFailed(err):
		return 0, nil
	}
	return 0, err
}

func (s *Store) saveCursor(ctx context.Context, id string, st holds.State, cp int, ck string) error {
	_, err := s.account.Update(ctx, key(id), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET cp = :cp, ck = :ck"),
		ConditionExpression:       aws.String("#st = :st"),
		ExpressionAttributeNames:  map[string]string{"#st": "state"},
		ExpressionAttributeValues: dynamo.Item{":cp": dynamo.N(int64(cp)), ":ck": dynamo.S(ck), ":st": dynamo.S(string(st))},
	})
	if dynamo.IsConditionFailed(err) {
		return nil // released meanwhile: the next run starts the release
	}
	return err
}

// finish ends a pass: an applying hold becomes active, a releasing one
// released (its record then expires like account data, 3 years on).
func (s *Store) finish(ctx context.Context, h holds.Hold) error {
	in := &dynamodb.UpdateItemInput{
		ConditionExpression:      aws.String("#st = :st"),
		ExpressionAttributeNames: map[string]string{"#st": "state"},
	}
	switch h.State {
	case holds.Applying:
		in.UpdateExpression = aws.String("SET #st = :next REMOVE cp, ck")
		in.ExpressionAttributeValues = dynamo.Item{":st": dynamo.S(string(h.State)), ":next": dynamo.S(string(holds.Active))}
	case holds.Releasing:
		exp, _, err := s.account.Schedule.ExpiresAt(retention.Account, s.account.Now(), 0)
		if err != nil {
			return err
		}
		in.UpdateExpression = aws.String("SET #st = :next, expiresAt = :e, expBucket = :xb REMOVE cp, ck")
		in.ExpressionAttributeValues = dynamo.Item{":st": dynamo.S(string(h.State)), ":next": dynamo.S(string(holds.Released)),
			":e": dynamo.N(exp.Unix()), ":xb": s.account.BucketAV(key(h.ID), exp.Unix())}
	default: // active: the pass is over; the next starts from the top
		in.UpdateExpression = aws.String("REMOVE cp, ck")
		in.ExpressionAttributeValues = dynamo.Item{":st": dynamo.S(string(h.State))}
	}
	_, err := s.account.Update(ctx, key(h.ID), in)
	if dynamo.IsConditionFailed(err) {
		return nil
	}
	return err
}

// HeldOrg is Held for an organization (orgdb.Store.Held).
func (s *Store) HeldOrg(ctx context.Context, orgID string) (bool, error) {
	return s.Held(ctx, holds.Scope{Kind: holds.Org, ID: orgID})
}
