package contract

import (
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// Billing is billing.Store's contract: newer changes win, older ones are
// ignored, a customer links its organization, invoices are newest first,
// and anonymizing replaces the personal data for good.
func Billing(t *testing.T, newStore func(*testing.T) billing.Store) {
	s := newStore(t)
	orgID, cus := ids.New("org"), "cus_"+ids.New("x")[2:]
	// Stores keep times to the second.
	at := time.Now().UTC().Truncate(time.Second)
	addr := billing.Address{Line1: "100 Congress Ave", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"}
	if rec, err := s.Load(ctx, orgID); err != nil || rec.Customer != nil || rec.Subscription != nil || len(rec.Invoices) != 0 {
		t.Fatalf("empty record = %+v, %v", rec, err)
	}
	put := func(c billing.Customer) bool {
		t.Helper()
		ok, err := s.PutCustomer(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	c := billing.Customer{OrgID: orgID, CustomerID: cus, Name: "Glow Med Spa", Email: "billing@glowmedspa.example", Address: addr, Brand: "visa", Last4: "4242", EventAt: at}
	if !put(c) {
		t.Fatal("first customer not applied")
	}
	older := c
	older.Last4, older.EventAt = "0000", at.Add(-time.Minute)
	if put(older) {
		t.Fatal("an older customer was applied")
	}
	if id, ok, err := s.OrgOfCustomer(ctx, cus); err != nil || !ok || id != orgID {
		t.Fatalf("OrgOfCustomer = %q, %v, %v", id, ok, err)
	}
	sub := billing.Subscription{OrgID: orgID, SubscriptionID: "sub_1", CustomerID: cus, Plan: "growth", PriceID: "price_growth",
		Status: billing.Active, CurrentPeriodEnd: at.AddDate(0, 1, 0), EventAt: at}
	for i, want := range []bool{true, false} {
		got, err := s.PutSubscription(ctx, sub)
		if err != nil || got != want {
			t.Fatalf("subscription put %d = %v, %v; want %v", i, got, err, want)
		}
	}
	sub.Status, sub.EventAt = billing.PastDue, at.Add(time.Minute)
	if ok, err := s.PutSubscription(ctx, sub); err != nil || !ok {
		t.Fatalf("newer subscription = %v, %v", ok, err)
	}
	for i, id := range []string{"in_a", "in_b"} {
		inv := billing.Invoice{OrgID: orgID, InvoiceID: id, CustomerID: cus, SubscriptionID: "sub_1", AmountCents: 29900, Currency: "usd",
			PeriodStart: at, PeriodEnd: at.AddDate(0, 1, 0), Status: "open", HostedURL: "https://invoice.stripe.example/" + id,
			CreatedAt: at.Add(time.Duration(i) * time.Hour), EventAt: at}
		if ok, err := s.PutInvoice(ctx, inv); err != nil || !ok {
			t.Fatalf("invoice %s = %v, %v", id, ok, err)
		}
	}
	rec, err := s.Load(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Customer == nil || rec.Customer.Last4 != "4242" || rec.Customer.Address != addr || !rec.Customer.EventAt.Equal(at) {
		t.Fatalf("customer = %+v", rec.Customer)
	}
	if rec.Subscription == nil || rec.Subscription.Status != billing.PastDue || !rec.Subscription.CurrentPeriodEnd.Equal(sub.CurrentPeriodEnd) {
		t.Fatalf("subscription = %+v", rec.Subscription)
	}
	if len(rec.Invoices) != 2 || rec.Invoices[0].InvoiceID != "in_b" || rec.Invoices[1].AmountCents != 29900 {
		t.Fatalf("invoices = %+v", rec.Invoices)
	}

	if err := s.Anonymize(ctx, orgID, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c.Name, c.EventAt = "Back Again", at.Add(2*time.Hour)
	if put(c) {
		t.Fatal("an anonymized customer was overwritten")
	}
	rec, err = s.Load(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	got := rec.Customer
	if got == nil || !got.Restricted || got.Name == "Glow Med Spa" || got.Email == c.Email || got.Address != (billing.Address{}) ||
		got.CustomerID != cus || got.Last4 != "4242" || !got.AnonymizedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("anonymized customer = %+v", got)
	}
	if len(rec.Invoices) != 2 || rec.Subscription == nil {
		t.Fatalf("anonymizing dropped records: %+v", rec)
	}
}
