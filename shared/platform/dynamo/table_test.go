package dynamo_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

func tables(t *testing.T) (map[retention.Category]*dynamo.Table, *dynamodb.Client) {
	_, cfg := testenv.Stack(t)
	out := map[retention.Category]*dynamo.Table{}
	for _, c := range retention.Categories {
		out[c] = testenv.Table(t, c)
	}
	return out, dynamodb.NewFromConfig(cfg)
}

func TestEveryCategoryHasATable(t *testing.T) {
	for _, c := range retention.Categories {
		if testenv.Tables[c] == "" {
			t.Errorf("category %s has no table in template.yaml", c)
		}
	}
}

func TestPutGetStampsCategoryAndExpiry(t *testing.T) {
	ctx := context.Background()
	tbs, _ := tables(t)
	event := time.Now().Add(-time.Hour).Truncate(time.Second)
	ended := time.Now().Add(-24 * time.Hour).Truncate(time.Second)
	cases := []struct {
		c       retention.Category
		e       dynamo.Expiry
		want    time.Time // zero: no expiresAt
		present bool      // readable now
	}{
		{retention.Account, dynamo.Expiry{}, time.Time{}, true},
		{retention.Account, dynamo.Expiry{At: ended}, ended.AddDate(3, 0, 0), true},
		{retention.Analytics, dynamo.Expiry{At: event}, event.AddDate(2, 0, 0), true},
		{retention.Logs, dynamo.Expiry{At: event}, event.AddDate(1, 0, 0), true},
		{retention.Marketing, dynamo.Expiry{}, time.Time{}, true},
		{retention.Marketing, dynamo.Expiry{At: ended}, ended, false}, // unsubscribed: gone at once
		{retention.Billing, dynamo.Expiry{At: event}, event.AddDate(7, 0, 0), true},
		{retention.Privacy, dynamo.Expiry{At: event}, event.AddDate(0, 24, 0), true},
		{retention.Ephemeral, dynamo.Expiry{At: event, TTL: 2 * time.Hour}, event.Add(2 * time.Hour), true},
	}
	for i, tc := range cases {
		t.Run(string(tc.c), func(t *testing.T) {
			tb := tbs[tc.c]
			key := dynamo.Key("TEST#put", "item-"+strconv.Itoa(i))
			item := dynamo.Key("TEST#put", "item-"+strconv.Itoa(i))
			item["name"] = dynamo.S("value")
			if err := tb.Put(ctx, item, tc.e, nil); err != nil {
				t.Fatalf("put: %v", err)
			}
			// Read the raw item, bypassing the expiry filter, to check the stamp.
			raw := testenv.Stored(t, tb, key)
			if got := dynamo.String(raw, dynamo.Category); got != string(tc.c) {
				t.Errorf("category = %q, want %q", got, tc.c)
			}
			_, has := raw[dynamo.ExpiresAt]
			if tc.want.IsZero() && has {
				t.Errorf("expiresAt set (%d) for an open-ended item", dynamo.Int(raw, dynamo.ExpiresAt))
			}
			if !tc.want.IsZero() && dynamo.Int(raw, dynamo.ExpiresAt) != tc.want.Unix() {
				t.Errorf("expiresAt = %d, want %d (%s)", dynamo.Int(raw, dynamo.ExpiresAt), tc.want.Unix(), tc.want)
			}
			got, found, err := tb.Get(ctx, key, true)
			if err != nil {
				t.Fatal(err)
			}
			if found != tc.present {
				t.Fatalf("Get found = %v, want %v", found, tc.present)
			}
			if found && dynamo.String(got, "name") != "value" {
				t.Errorf("Get returned %v", got)
			}
		})
	}
}

// An open record (a privacy request still open) has no expiry, though its
// category counts from an event; writing it again with an event gives it
// one.
func TestOpenRecordsHaveNoExpiry(t *testing.T) {
	ctx := context.Background()
	tbs, _ := tables(t)
	tb := tbs[retention.Privacy]
	key := dynamo.Key("TEST#open", "1")
	item := dynamo.Key("TEST#open", "1")
	item[dynamo.ExpiresAt] = dynamo.N(1)
	if err := tb.Put(ctx, item, dynamo.Expiry{Open: true}, nil); err != nil {
		t.Fatal(err)
	}
	got, ok, err := tb.Get(ctx, key, true)
	if err != nil || !ok {
		t.Fatalf("open record: %v %v", ok, err)
	}
	if _, has := got[dynamo.ExpiresAt]; has || got[dynamo.ExpBucket] != nil || dynamo.String(got, dynamo.Category) != string(retention.Privacy) {
		t.Errorf("open record stamped %v", got)
	}
	closed := time.Now().UTC()
	if err := tb.Put(ctx, dynamo.Key("TEST#open", "1"), dynamo.Expiry{At: closed}, nil); err != nil {
		t.Fatal(err)
	}
	got, _, _ = tb.Get(ctx, key, true)
	if dynamo.Int(got, dynamo.ExpiresAt) != closed.AddDate(0, retention.MinPrivacyMonths, 0).Unix() {
		t.Errorf("closed record expires %d", dynamo.Int(got, dynamo.ExpiresAt))
	}
}

func TestPutRefusesBadCategoryUse(t *testing.T) {
	ctx := context.Background()
	tbs, _ := tables(t)
	item := dynamo.Key("TEST#bad", "1")
	item[dynamo.Category] = dynamo.S(string(retention.Billing))
	if err := tbs[retention.Logs].Put(ctx, item, dynamo.Expiry{}, nil); err == nil {
		t.Error("a billing item was written to the logs table")
	}
	if err := tbs[retention.Ephemeral].Put(ctx, dynamo.Key("TEST#bad", "2"), dynamo.Expiry{}, nil); err == nil {
		t.Error("an ephemeral item without a ttl was written")
	}
	if err := tbs[retention.Privacy].Put(ctx, dynamo.Key("TEST#bad", "3"), dynamo.Expiry{Open: true, At: time.Now()}, nil); err == nil {
		t.Error("an open record with an event time was written")
	}
	if _, err := dynamo.NewTable(nil, "x", retention.Category("misc"), retention.Default); err == nil {
		t.Error("a table with an unknown category was created")
	}
}

func TestExpiredItemsAreNotRead(t *testing.T) {
	ctx := context.Background()
	tbs, _ := tables(t)
	tb := tbs[retention.Analytics]
	// Written 3 years ago: its 2-year retention is over, but DynamoDB Local
	// (like DynamoDB, for days) still holds it.
	old := time.Now().AddDate(-3, 0, 0)
	for _, sk := range []string{"old", "new"} {
		at := time.Now()
		if sk == "old" {
			at = old
		}
		item := dynamo.Key("TEST#expired", sk)
		item["label"] = dynamo.S(sk)
		if err := tb.Put(ctx, item, dynamo.Expiry{At: at}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, found, err := tb.Get(ctx, dynamo.Key("TEST#expired", "old"), true); err != nil || found {
		t.Fatalf("Get of an expired item: found=%v err=%v", found, err)
	}
	if _, found, _ := tb.Get(ctx, dynamo.Key("TEST#expired", "new"), true); !found {
		t.Fatal("Get of a live item found nothing")
	}
	out, err := tb.Query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": dynamo.S("TEST#expired")},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 1 || dynamo.String(out.Items[0], dynamo.SK) != "new" {
		t.Fatalf("Query returned %d items, want only the live one: %v", len(out.Items), out.Items)
	}
	// A caller's own filter is kept alongside the expiry filter.
	out, err = tb.Query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		FilterExpression:          aws.String("label = :l"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": dynamo.S("TEST#expired"), ":l": dynamo.S("old")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Items) != 0 {
		t.Fatalf("filtered Query returned the expired item")
	}
}

// QueryPages reuses its input for every page: the live filter must be
// added once, not again on each page (DynamoDB refuses the third page's
// doubly wrapped expression).
func TestQueryPagesReadsManyPages(t *testing.T) {
	ctx := context.Background()
	tb := testenv.Table(t, retention.Account)
	pk := testenv.Unique("PAGES#")
	for i := range 7 {
		if err := tb.Put(ctx, dynamo.Key(pk, fmt.Sprintf("I#%02d", i)), dynamo.Expiry{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	in := &dynamodb.QueryInput{KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk)},
		Limit: aws.Int32(2)}
	n, pages := 0, 0
	if err := tb.QueryPages(ctx, in, func(items []dynamo.Item) error { n += len(items); pages++; return nil }); err != nil {
		t.Fatalf("after %d pages: %v", pages, err)
	}
	if n != 7 || pages < 4 {
		t.Fatalf("%d items in %d pages", n, pages)
	}
}

// A page is full even where expired items, which DynamoDB drops after its
// limit, lie among the live ones; next names the page's last item only when
// more follow.
func TestPrefixPageReadsPastExpiredItems(t *testing.T) {
	ctx := context.Background()
	tb := testenv.Table(t, retention.Analytics)
	pk := testenv.Unique("PREFIX#")
	old := time.Now().AddDate(-3, 0, 0)
	for i := range 9 {
		at := time.Now()
		if i%3 != 2 {
			at = old // two expired items before every live one
		}
		if err := tb.Put(ctx, dynamo.Key(pk, fmt.Sprintf("R#%02d", i)), dynamo.Expiry{At: at}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.Put(ctx, dynamo.Key(pk, "S#other"), dynamo.Expiry{At: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	items, next, err := tb.PrefixPage(ctx, pk, "R#", "", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || dynamo.String(items[0], dynamo.SK) != "R#02" || dynamo.String(items[1], dynamo.SK) != "R#05" || next != "05" {
		t.Fatalf("first page: %v, next %q", items, next)
	}
	items, next, err = tb.PrefixPage(ctx, pk, "R#", next, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || dynamo.String(items[0], dynamo.SK) != "R#08" || next != "" {
		t.Fatalf("last page: %v, next %q", items, next)
	}
}
