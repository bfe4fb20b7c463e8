package orgdb

import (
	"context"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// tx builds one TransactWriteItems call: every multi-item change (an org and
// its owner, a role change and the owner count, a rename and every
// membership) is all or nothing.
type tx struct {
	table string
	ops   []*op
}

// op is one item of a transaction and how to explain its failed condition.
type op struct {
	key    dynamo.Item
	kind   string // put, update, delete, check
	item   dynamo.Item
	update string
	cond   string
	names  map[string]string
	values dynamo.Item
	// explain maps a failed condition to a domain error, given the item as
	// it was (nil when absent).
	explain func(old dynamo.Item) error
}

func (t *tx) add(o *op) *op {
	if o.names == nil {
		o.names = map[string]string{}
	}
	if o.values == nil {
		o.values = dynamo.Item{}
	}
	t.ops = append(t.ops, o)
	return o
}

func sameKey(a, b dynamo.Item) bool {
	return dynamo.String(a, dynamo.PK) == dynamo.String(b, dynamo.PK) && dynamo.String(a, dynamo.SK) == dynamo.String(b, dynamo.SK)
}

// guard makes the write depend on the actor still being a joined member
// holding one of a.Roles. A transaction may touch an item once, so when the
// actor's own membership is already part of it, the guard joins that op's
// condition.
func (t *tx) guard(orgID string, a org.Actor) {
	key := memberKey(orgID, a.UserID)
	cond := "#gst = :gjoined AND #grole IN ("
	names := map[string]string{"#gst": "status", "#grole": "role"}
	values := dynamo.Item{":gjoined": dynamo.S(string(org.Joined))}
	for i, r := range a.Roles {
		if i > 0 {
			cond += ", "
		}
		p := ":grole" + strconv.Itoa(i)
		cond += p
		values[p] = dynamo.S(string(r))
	}
	cond += ")"
	guardFailed := func(old dynamo.Item) bool {
		if old == nil || dynamo.String(old, "status") != string(org.Joined) {
			return true
		}
		for _, r := range a.Roles {
			if dynamo.String(old, "role") == string(r) {
				return false
			}
		}
		return true
	}
	for _, o := range t.ops {
		if sameKey(o.key, key) {
			if o.kind == "put" {
				return // a put of the actor's own membership (create, accept) needs no guard
			}
			o.cond = "(" + o.cond + ") AND " + cond
			for k, v := range names {
				o.names[k] = v
			}
			for k, v := range values {
				o.values[k] = v
			}
			inner := o.explain
			o.explain = func(old dynamo.Item) error {
				if guardFailed(old) {
					return org.ErrForbidden
				}
				return inner(old)
			}
			return
		}
	}
	t.add(&op{key: key, kind: "check", cond: cond, names: names, values: values, explain: func(dynamo.Item) error { return org.ErrForbidden }})
}

// run sends the transaction and maps a cancellation to the first failed
// condition's domain error.
func (t *tx) run(ctx context.Context, db DB) error {
	items := make([]types.TransactWriteItem, 0, len(t.ops))
	for _, o := range t.ops {
		items = append(items, o.build(t.table))
	}
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return err
	}
	conflict := false
	for i, r := range tc.CancellationReasons {
		switch aws.ToString(r.Code) {
		case "ConditionalCheckFailed":
			if i < len(t.ops) {
				old := r.Item
				if old == nil {
					// Not every DynamoDB implementation returns the old
					// item; read it (failures only, so not on a hot path).
					got, gerr := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.table), Key: t.ops[i].key, ConsistentRead: aws.Bool(true)})
					if gerr != nil {
						return gerr
					}
					old = got.Item
				}
				return t.ops[i].explain(old)
			}
		case "TransactionConflict":
			conflict = true
		}
	}
	if conflict {
		return org.ErrConflict
	}
	return err
}

func (o *op) build(table string) types.TransactWriteItem {
	var names map[string]string
	if len(o.names) > 0 {
		names = o.names
	}
	var values dynamo.Item
	if len(o.values) > 0 {
		values = o.values
	}
	cond := aws.String(o.cond)
	if o.cond == "" {
		cond = nil
	}
	old := types.ReturnValuesOnConditionCheckFailureAllOld
	switch o.kind {
	case "put":
		return types.TransactWriteItem{Put: &types.Put{TableName: aws.String(table), Item: o.item, ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: old}}
	case "update":
		return types.TransactWriteItem{Update: &types.Update{TableName: aws.String(table), Key: o.key, UpdateExpression: aws.String(o.update), ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: old}}
	case "delete":
		return types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(table), Key: o.key, ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: old}}
	default:
		return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String(table), Key: o.key, ConditionExpression: cond, ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: old}}
	}
}

// explainOrg maps a failed condition on the org item: absent, cancelled,
// at another version than want (when want >= 0), or else other (a counter
// condition; nil means a concurrent change).
func explainOrg(other error, want int64) func(dynamo.Item) error {
	return func(old dynamo.Item) error {
		switch {
		case old == nil:
			return org.ErrNotFound
		case dynamo.String(old, "status") != string(org.Active):
			return org.ErrCancelled
		case want >= 0 && dynamo.Int(old, "version") != want:
			return org.ErrStale
		case other != nil:
			return other
		}
		return org.ErrConflict
	}
}

// explainItem maps a failed version condition on a member or settings item.
func explainItem(old dynamo.Item) error {
	if old == nil {
		return org.ErrNotFound
	}
	return org.ErrStale
}
