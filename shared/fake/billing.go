package fake

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
)

// Billing is billing.Store in memory, with billingdb.Store's semantics: a
// change is applied only when newer (EventAt) than the stored one, an
// anonymized customer stays so; invoices newest first.
type Billing struct {
	mu    sync.Mutex
	recs  map[string]billing.Record
	links map[string]string
}

var _ billing.Store = (*Billing)(nil)

// NewBilling returns an empty store.
func NewBilling() *Billing {
	return &Billing{recs: map[string]billing.Record{}, links: map[string]string{}}
}

// Load returns a copy of the organization's record.
func (b *Billing) Load(_ context.Context, orgID string) (billing.Record, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.recs[orgID]
	out := billing.Record{Invoices: slices.Clone(r.Invoices)}
	if r.Customer != nil {
		c := *r.Customer
		out.Customer = &c
	}
	if r.Subscription != nil {
		s := *r.Subscription
		out.Subscription = &s
	}
	return out, nil
}

// OrgOfCustomer implements billing.Store.
func (b *Billing) OrgOfCustomer(_ context.Context, customerID string) (string, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id, ok := b.links[customerID]
	return id, ok, nil
}

// PutCustomer implements billing.Store.
func (b *Billing) PutCustomer(_ context.Context, c billing.Customer) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c.CustomerID != "" {
		b.links[c.CustomerID] = c.OrgID
	}
	r := b.recs[c.OrgID]
	if r.Customer != nil && (r.Customer.Restricted || !r.Customer.EventAt.Before(c.EventAt)) {
		return false, nil
	}
	r.Customer = &c
	b.recs[c.OrgID] = r
	return true, nil
}

// PutSubscription implements billing.Store.
func (b *Billing) PutSubscription(_ context.Context, s billing.Subscription) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.recs[s.OrgID]
	if r.Subscription != nil && !r.Subscription.EventAt.Before(s.EventAt) {
		return false, nil
	}
	r.Subscription = &s
	b.recs[s.OrgID] = r
	return true, nil
}

// PutInvoice implements billing.Store.
func (b *Billing) PutInvoice(_ context.Context, inv billing.Invoice) (bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.recs[inv.OrgID]
	i := slices.IndexFunc(r.Invoices, func(x billing.Invoice) bool { return x.InvoiceID == inv.InvoiceID })
	if i >= 0 {
		if !r.Invoices[i].EventAt.Before(inv.EventAt) {
			return false, nil
		}
		r.Invoices = slices.Delete(r.Invoices, i, i+1)
	}
	r.Invoices = append(r.Invoices, inv)
	slices.SortStableFunc(r.Invoices, func(a, b billing.Invoice) int { return b.CreatedAt.Compare(a.CreatedAt) })
	b.recs[inv.OrgID] = r
	return true, nil
}

// Anonymize implements billing.Store.
func (b *Billing) Anonymize(_ context.Context, orgID string, at time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.recs[orgID]
	if r.Customer != nil {
		c := *r.Customer
		c.Name, c.Email, c.Address, c.Restricted = "[anonymized]", "[anonymized]", billing.Address{}, true
		if c.AnonymizedAt.IsZero() {
			c.AnonymizedAt = at
		}
		r.Customer = &c
		b.recs[orgID] = r
	}
	return nil
}

// Processor is billing.Processor answering with example URLs; it records
// what it was asked for. Err, when set, is returned by every call.
type Processor struct {
	mu        sync.Mutex
	Checkouts []billing.CheckoutRequest
	Portals   []string // customer IDs
	Err       error
}

var _ billing.Processor = (*Processor)(nil)

// CheckoutURL implements billing.Processor.
func (p *Processor) CheckoutURL(_ context.Context, r billing.CheckoutRequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Err != nil {
		return "", p.Err
	}
	p.Checkouts = append(p.Checkouts, r)
	return fmt.Sprintf("https://checkout.stripe.example/c/pay/cs_test_%d", len(p.Checkouts)), nil
}

// PortalURL implements billing.Processor.
func (p *Processor) PortalURL(_ context.Context, customerID, _ string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Err != nil {
		return "", p.Err
	}
	p.Portals = append(p.Portals, customerID)
	return "https://billing.stripe.example/p/session/" + customerID, nil
}
