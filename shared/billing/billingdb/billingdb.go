// Package billingdb is billing.Store on the billing table (category
// billing: every item expires 7 years after its record's date, and nothing
// else deletes it: account deletion leaves it, anonymized). The layout is
// the data map in package billing's documentation.
package billingdb

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Store keeps billing records in one billing-category table.
type Store struct{ table *dynamo.Table }

var _ billing.Store = (*Store)(nil)

// New returns the store on t, which must be the billing table.
func New(t *dynamo.Table) (*Store, error) {
	if err := dynamo.Require("billingdb", t, retention.Billing); err != nil {
		return nil, err
	}
	return &Store{table: t}, nil
}

const (
	skCustomer     = "CUSTOMER"
	skSubscription = "SUBSCRIPTION"
	skInvoice      = "INVOICE#"
	skLink         = "ORG"
	anonymized     = "[anonymized]"
)

func orgPK(orgID string) string              { return "ORG#" + orgID }
func customerPK(cusID string) string         { return "CUSTOMER#" + cusID }
func epoch(t time.Time) types.AttributeValue { return dynamo.N(t.Unix()) }

func timeOf(it dynamo.Item, name string) time.Time {
	n := dynamo.Int(it, name)
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func boolOf(it dynamo.Item, name string) bool {
	b, ok := it[name].(*types.AttributeValueMemberBOOL)
	return ok && b.Value
}

// putNewer writes item unless the stored one has an eventAt at or after
// item's: an older event delivered late never overwrites newer state.
func (s *Store) putNewer(ctx context.Context, item dynamo.Item, at time.Time) (bool, error) {
	item["eventAt"] = epoch(at)
	err := s.table.Put(ctx, item, dynamo.Expiry{At: at}, &dynamodb.PutItemInput{
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR eventAt < :at"),
		ExpressionAttributeValues: dynamo.Item{":at": epoch(at)},
	})
	if dynamo.IsConditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// link records which organization a processor customer belongs to.
func (s *Store) link(ctx context.Context, orgID, cusID string, at time.Time) error {
	if cusID == "" {
		return nil
	}
	k := dynamo.Key(customerPK(cusID), skLink)
	k["orgId"] = dynamo.S(orgID)
	return s.table.Put(ctx, k, dynamo.Expiry{At: at}, nil)
}

// OrgOfCustomer implements billing.Store.
func (s *Store) OrgOfCustomer(ctx context.Context, cusID string) (string, bool, error) {
	it, ok, err := s.table.Get(ctx, dynamo.Key(customerPK(cusID), skLink), true)
	if err != nil || !ok {
		return "", false, err
	}
	return dynamo.String(it, "orgId"), true, nil
}

// PutCustomer implements billing.Store. A restricted (anonymized) customer
// stays anonymized: later customer events change nothing.
func (s *Store) PutCustomer(ctx context.Context, c billing.Customer) (bool, error) {
	if err := s.link(ctx, c.OrgID, c.CustomerID, c.EventAt); err != nil {
		return false, err
	}
	it := dynamo.Key(orgPK(c.OrgID), skCustomer)
	set := func(k, v string) {
		if v != "" {
			it[k] = dynamo.S(v)
		}
	}
	set("customerId", c.CustomerID)
	set("name", c.Name)
	set("email", c.Email)
	set("line1", c.Address.Line1)
	set("line2", c.Address.Line2)
	set("city", c.Address.City)
	set("state", c.Address.State)
	set("postalCode", c.Address.PostalCode)
	set("country", c.Address.Country)
	set("brand", c.Brand)
	set("last4", c.Last4)
	item := it
	item["eventAt"] = epoch(c.EventAt)
	err := s.table.Put(ctx, item, dynamo.Expiry{At: c.EventAt}, &dynamodb.PutItemInput{
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR (eventAt < :at AND (attribute_not_exists(restricted) OR restricted = :f))"),
		ExpressionAttributeValues: dynamo.Item{":at": epoch(c.EventAt), ":f": &types.AttributeValueMemberBOOL{Value: false}},
	})
	if dynamo.IsConditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// PutSubscription implements billing.Store.
func (s *Store) PutSubscription(ctx context.Context, sub billing.Subscription) (bool, error) {
	if err := s.link(ctx, sub.OrgID, sub.CustomerID, sub.EventAt); err != nil {
		return false, err
	}
	it := dynamo.Key(orgPK(sub.OrgID), skSubscription)
	it["subscriptionId"] = dynamo.S(sub.SubscriptionID)
	it["customerId"] = dynamo.S(sub.CustomerID)
	it["plan"] = dynamo.S(sub.Plan)
	it["priceId"] = dynamo.S(sub.PriceID)
	it["status"] = dynamo.S(string(sub.Status))
	it["currentPeriodEnd"] = epoch(sub.CurrentPeriodEnd)
	it["cancelAtPeriodEnd"] = &types.AttributeValueMemberBOOL{Value: sub.CancelAtPeriodEnd}
	return s.putNewer(ctx, it, sub.EventAt)
}

// PutInvoice implements billing.Store.
func (s *Store) PutInvoice(ctx context.Context, inv billing.Invoice) (bool, error) {
	it := dynamo.Key(orgPK(inv.OrgID), skInvoice+inv.InvoiceID)
	it["invoiceId"] = dynamo.S(inv.InvoiceID)
	it["customerId"] = dynamo.S(inv.CustomerID)
	it["subscriptionId"] = dynamo.S(inv.SubscriptionID)
	it["amountCents"] = dynamo.N(inv.AmountCents)
	it["currency"] = dynamo.S(inv.Currency)
	it["periodStart"] = epoch(inv.PeriodStart)
	it["periodEnd"] = epoch(inv.PeriodEnd)
	it["status"] = dynamo.S(inv.Status)
	it["hostedUrl"] = dynamo.S(inv.HostedURL)
	it["createdAt"] = epoch(inv.CreatedAt)
	return s.putNewer(ctx, it, inv.EventAt)
}

// Load implements billing.Store: one query over the organization's items.
func (s *Store) Load(ctx context.Context, orgID string) (billing.Record, error) {
	var r billing.Record
	err := s.table.QueryPages(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID))},
		ConsistentRead:            aws.Bool(true),
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			sk := dynamo.String(it, dynamo.SK)
			switch {
			case sk == skCustomer:
				c := customerOf(orgID, it)
				r.Customer = &c
			case sk == skSubscription:
				r.Subscription = &billing.Subscription{OrgID: orgID,
					SubscriptionID: dynamo.String(it, "subscriptionId"), CustomerID: dynamo.String(it, "customerId"),
					Plan: dynamo.String(it, "plan"), PriceID: dynamo.String(it, "priceId"),
					Status: billing.Status(dynamo.String(it, "status")), CurrentPeriodEnd: timeOf(it, "currentPeriodEnd"),
					CancelAtPeriodEnd: boolOf(it, "cancelAtPeriodEnd"), EventAt: timeOf(it, "eventAt")}
			case strings.HasPrefix(sk, skInvoice):
				r.Invoices = append(r.Invoices, billing.Invoice{OrgID: orgID,
					InvoiceID: dynamo.String(it, "invoiceId"), CustomerID: dynamo.String(it, "customerId"),
					SubscriptionID: dynamo.String(it, "subscriptionId"), AmountCents: dynamo.Int(it, "amountCents"),
					Currency: dynamo.String(it, "currency"), PeriodStart: timeOf(it, "periodStart"), PeriodEnd: timeOf(it, "periodEnd"),
					Status: dynamo.String(it, "status"), HostedURL: dynamo.String(it, "hostedUrl"),
					CreatedAt: timeOf(it, "createdAt"), EventAt: timeOf(it, "eventAt")})
			}
		}
		return nil
	})
	sort.SliceStable(r.Invoices, func(i, j int) bool { return r.Invoices[i].CreatedAt.After(r.Invoices[j].CreatedAt) })
	return r, err
}

func customerOf(orgID string, it dynamo.Item) billing.Customer {
	return billing.Customer{OrgID: orgID, CustomerID: dynamo.String(it, "customerId"),
		Name: dynamo.String(it, "name"), Email: dynamo.String(it, "email"),
		Address: billing.Address{Line1: dynamo.String(it, "line1"), Line2: dynamo.String(it, "line2"),
			City: dynamo.String(it, "city"), State: dynamo.String(it, "state"),
			PostalCode: dynamo.String(it, "postalCode"), Country: dynamo.String(it, "country")},
		Brand: dynamo.String(it, "brand"), Last4: dynamo.String(it, "last4"), EventAt: timeOf(it, "eventAt"),
		Restricted: boolOf(it, "restricted"), AnonymizedAt: timeOf(it, "anonymizedAt")}
}

// Anonymize implements billing.Store. Every item of the organization is
// marked restricted (expired ones too: the sweep deletes those); the
// customer's name and email are replaced and its address removed. Amounts,
// dates, processor IDs and expiry stay.
func (s *Store) Anonymize(ctx context.Context, orgID string, at time.Time) error {
	t := &types.AttributeValueMemberBOOL{Value: true}
	return s.table.QueryPagesWithExpired(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID))},
		ProjectionExpression:      aws.String("pk, sk"),
		ConsistentRead:            aws.Bool(true),
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			in := &dynamodb.UpdateItemInput{
				UpdateExpression:          aws.String("SET restricted = :t, anonymizedAt = if_not_exists(anonymizedAt, :at)"),
				ConditionExpression:       aws.String("attribute_exists(pk)"),
				ExpressionAttributeValues: dynamo.Item{":t": t, ":at": epoch(at)},
			}
			if dynamo.String(it, dynamo.SK) == skCustomer {
				in.UpdateExpression = aws.String(*in.UpdateExpression + ", #n = :anon, email = :anon REMOVE line1, line2, city, #st, postalCode, country")
				in.ExpressionAttributeNames = map[string]string{"#n": "name", "#st": "state"}
				in.ExpressionAttributeValues[":anon"] = dynamo.S(anonymized)
			}
			if _, err := s.table.Update(ctx, dynamo.KeyOf(it), in); err != nil && !dynamo.IsConditionFailed(err) {
				return err
			}
		}
		return nil
	})
}
