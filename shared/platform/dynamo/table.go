// Package dynamo is the DynamoDB adapter every store builds on. A Table is
// bound to one data category: every item it writes is stamped with that
// category and its expiresAt, and every read drops items past expiresAt,
// because DynamoDB's TTL deletes late (often days).
package dynamo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/retention"
)

// Attribute names every table shares.
const (
	PK        = "pk"
	SK        = "sk"
	Category  = "category"
	ExpiresAt = "expiresAt"
)

// Item is one DynamoDB item.
type Item = map[string]types.AttributeValue

// API is the part of the DynamoDB client the stores use.
type API interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(context.Context, *dynamodb.DeleteItemInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
}

// Transactor is the DynamoDB client's all-or-nothing write of several items.
type Transactor interface {
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// TransactAPI is API with transactions: the client of a store whose writes
// span items.
type TransactAPI interface {
	API
	Transactor
}

// Table is one category's table.
type Table struct {
	DB       API
	Name     string
	Category retention.Category
	Schedule retention.Schedule
	// Now is the clock; tests move it.
	Now func() time.Time
}

// Require is nil when t is there and holds category c's data, else the
// error a store's constructor returns for the wrong wiring: a store never
// writes one category's data into another category's table.
func Require(store string, t *Table, c retention.Category) error {
	if t == nil || t.Category != c {
		return fmt.Errorf("%s: needs the %s table", store, c)
	}
	return nil
}

// NewTable binds a table to its category. It fails for an unknown category,
// so a table cannot be used without knowing what its data is.
func NewTable(db API, name string, c retention.Category, s retention.Schedule) (*Table, error) {
	if _, err := s.Rule(c); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fmt.Errorf("dynamo: table for category %s has no name", c)
	}
	return &Table{DB: db, Name: name, Category: c, Schedule: s, Now: time.Now}, nil
}

// Key builds a primary key.
func Key(pk, sk string) Item {
	return Item{PK: &types.AttributeValueMemberS{Value: pk}, SK: &types.AttributeValueMemberS{Value: sk}}
}

// KeyOf is item's key (its pk and sk), to address the item it was read as.
func KeyOf(item Item) Item { return Key(String(item, PK), String(item, SK)) }

// Expiry says from when an item's retention clock runs (see retention.ExpiresAt).
type Expiry struct {
	// At is the event time for event categories (zero means now), or when the
	// relationship or subscription ended for account and marketing data
	// (zero means it has not ended: no expiry).
	At time.Time
	// TTL is required for ephemeral items, forbidden otherwise.
	TTL time.Duration
	// Open is for a record whose clock has not started although its
	// category counts from an event: a privacy request still open, and
	// the entries of its audit trail, which go with the request when it
	// expires. The item has no expiry; At and TTL must be zero.
	Open bool
}

// Stamp sets the item's category and expiresAt, and puts an item that
// expires into the expiry index (ExpBucket). An item that already names
// another category is refused: it belongs in another table.
func (t *Table) Stamp(item Item, e Expiry) error {
	if c, ok := item[Category].(*types.AttributeValueMemberS); ok && c.Value != string(t.Category) {
		return fmt.Errorf("dynamo: item of category %q written to the %s table", c.Value, t.Category)
	}
	if e.Open {
		if !e.At.IsZero() || e.TTL != 0 {
			return errors.New("dynamo: an open record has no event time or ttl")
		}
		item[Category] = &types.AttributeValueMemberS{Value: string(t.Category)}
		delete(item, ExpiresAt)
		delete(item, ExpBucket)
		return nil
	}
	at := e.At
	if at.IsZero() {
		if r, _ := t.Schedule.Rule(t.Category); r.Anchor == retention.FromEvent {
			at = t.Now()
		}
	}
	exp, ok, err := t.Schedule.ExpiresAt(t.Category, at, e.TTL)
	if err != nil {
		return err
	}
	item[Category] = &types.AttributeValueMemberS{Value: string(t.Category)}
	delete(item, ExpiresAt)
	delete(item, ExpBucket)
	if ok {
		item[ExpiresAt] = &types.AttributeValueMemberN{Value: strconv.FormatInt(exp.Unix(), 10)}
		item[ExpBucket] = S(Bucket(String(item, PK), String(item, SK), exp, t.Now()))
	}
	return nil
}

// Put writes one stamped item. in may carry a condition; its Item and
// TableName are set here.
func (t *Table) Put(ctx context.Context, item Item, e Expiry, in *dynamodb.PutItemInput) error {
	if in == nil {
		in = &dynamodb.PutItemInput{}
	}
	if err := t.Stamp(item, e); err != nil {
		return err
	}
	in.TableName = aws.String(t.Name)
	in.Item = item
	_, err := t.DB.PutItem(ctx, in)
	return err
}

// Live reports whether item is not past its expiresAt.
func (t *Table) Live(item Item) bool {
	n, ok := item[ExpiresAt].(*types.AttributeValueMemberN)
	if !ok {
		return true
	}
	exp, err := strconv.ParseInt(n.Value, 10, 64)
	return err != nil || exp > t.Now().Unix()
}

// Get reads one item; an expired item is reported as absent.
func (t *Table) Get(ctx context.Context, key Item, consistent bool) (Item, bool, error) {
	out, err := t.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), Key: key, ConsistentRead: aws.Bool(consistent)})
	if err != nil {
		return nil, false, err
	}
	if out.Item == nil || !t.Live(out.Item) {
		return nil, false, nil
	}
	return out.Item, true, nil
}

// notExpired is the filter every query and scan adds.
const notExpired = "(attribute_not_exists(#exp__) OR #exp__ > :now__)"

// Query runs one page of in with expired items filtered out by DynamoDB.
func (t *Table) Query(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, error) {
	in.TableName = aws.String(t.Name)
	in.FilterExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = t.withLiveFilter(in.FilterExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	return t.DB.Query(ctx, in)
}

func (t *Table) withLiveFilter(filter *string, names map[string]string, values Item) (*string, map[string]string, Item) {
	f := notExpired
	if filter != nil && *filter != "" {
		f = "(" + *filter + ") AND " + notExpired
	}
	if names == nil {
		names = map[string]string{}
	}
	if values == nil {
		values = Item{}
	}
	names["#exp__"] = ExpiresAt
	values[":now__"] = &types.AttributeValueMemberN{Value: strconv.FormatInt(t.Now().Unix(), 10)}
	return &f, names, values
}

// Delete removes one item (deleting an absent item succeeds unless in
// carries a condition). in (may be nil) carries a condition and return
// values; its TableName and Key are set here.
func (t *Table) Delete(ctx context.Context, key Item, in *dynamodb.DeleteItemInput) (*dynamodb.DeleteItemOutput, error) {
	if in == nil {
		in = &dynamodb.DeleteItemInput{}
	}
	in.TableName, in.Key = aws.String(t.Name), key
	return t.DB.DeleteItem(ctx, in)
}

// Update changes one item in place; in carries the update expression and
// its condition, and its TableName and Key are set here. An update writes
// attributes the caller names, so it is the caller's to keep category and
// expiresAt right (it may set or remove expiresAt on purpose: retention
// clocks do).
func (t *Table) Update(ctx context.Context, key Item, in *dynamodb.UpdateItemInput) (*dynamodb.UpdateItemOutput, error) {
	in.TableName, in.Key = aws.String(t.Name), key
	return t.DB.UpdateItem(ctx, in)
}

// QueryPages runs in to its last page, calling fn with each page's live
// items; fn's error stops the query and is returned.
func (t *Table) QueryPages(ctx context.Context, in *dynamodb.QueryInput, fn func([]Item) error) error {
	// The live filter is added once: every page reuses in.
	in.TableName = aws.String(t.Name)
	in.FilterExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = t.withLiveFilter(in.FilterExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	return pages(ctx, t.queryRaw, in, func(o *dynamodb.QueryOutput) ([]Item, Item) { return o.Items, o.LastEvaluatedKey },
		func(k Item) { in.ExclusiveStartKey = k }, fn)
}

// QueryPagesWithExpired is QueryPages with expired items included: for
// retention work, which must see items whose expiry has passed.
func (t *Table) QueryPagesWithExpired(ctx context.Context, in *dynamodb.QueryInput, fn func([]Item) error) error {
	in.TableName = aws.String(t.Name)
	return pages(ctx, t.queryRaw, in, func(o *dynamodb.QueryOutput) ([]Item, Item) { return o.Items, o.LastEvaluatedKey },
		func(k Item) { in.ExclusiveStartKey = k }, fn)
}

// ScanPagesWithExpired scans the whole table (or the part in's filter
// keeps), expired items included, calling fn with each page. Only
// retention work scans: every other read knows its keys.
func (t *Table) ScanPagesWithExpired(ctx context.Context, in *dynamodb.ScanInput, fn func([]Item) error) error {
	in.TableName = aws.String(t.Name)
	scan := func(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, error) {
		return t.DB.Scan(ctx, in)
	}
	return pages(ctx, scan, in, func(o *dynamodb.ScanOutput) ([]Item, Item) { return o.Items, o.LastEvaluatedKey },
		func(k Item) { in.ExclusiveStartKey = k }, fn)
}

func (t *Table) queryRaw(ctx context.Context, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, error) {
	return t.DB.Query(ctx, in)
}

// pages is the one pagination loop: call, hand the page to fn, continue
// from the last evaluated key until there is none. The next page is read
// while fn handles this one, so the caller's work (encoding, deleting)
// and the table's read overlap instead of taking turns; at most two pages
// are held. When fn fails, the read ahead is cancelled and waited for.
func pages[In, Out any](ctx context.Context, call func(context.Context, In) (Out, error), in In,
	split func(Out) ([]Item, Item), resume func(Item), fn func([]Item) error) error {
	type result struct {
		out Out
		err error
	}
	out, err := call(ctx, in)
	for {
		if err != nil {
			return err
		}
		items, last := split(out)
		if len(last) == 0 {
			return fn(items)
		}
		resume(last)
		ahead, cancel := context.WithCancel(ctx)
		next := make(chan result, 1)
		go func() {
			o, e := call(ahead, in)
			next <- result{o, e}
		}()
		if err := fn(items); err != nil {
			cancel()
			<-next
			return err
		}
		r := <-next
		cancel()
		out, err = r.out, r.err
	}
}

// IsConditionFailed reports whether err is a failed condition check.
func IsConditionFailed(err error) bool {
	var c *types.ConditionalCheckFailedException
	return errors.As(err, &c)
}

// String reads a string attribute ("" when absent).
func String(item Item, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// Int reads a number attribute (0 when absent or not an integer).
func Int(item Item, name string) int64 {
	if v, ok := item[name].(*types.AttributeValueMemberN); ok {
		n, _ := strconv.ParseInt(v.Value, 10, 64)
		return n
	}
	return 0
}

// Strings reads a string set or a list of strings (nil when absent; the
// list's other values are passed over).
func Strings(item Item, name string) []string {
	switch v := item[name].(type) {
	case *types.AttributeValueMemberSS:
		return v.Value
	case *types.AttributeValueMemberL:
		out := make([]string, 0, len(v.Value))
		for _, e := range v.Value {
			if s, ok := e.(*types.AttributeValueMemberS); ok {
				out = append(out, s.Value)
			}
		}
		return out
	}
	return nil
}

// Bytes reads a binary attribute (nil when absent).
func Bytes(item Item, name string) []byte {
	if v, ok := item[name].(*types.AttributeValueMemberB); ok {
		return v.Value
	}
	return nil
}

// S, N and B build attribute values.
func S(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func N(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}
func B(v []byte) types.AttributeValue { return &types.AttributeValueMemberB{Value: v} }
