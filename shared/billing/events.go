package billing

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Event types the service acts on.
const (
	CheckoutCompleted   = "checkout.session.completed"
	SubscriptionCreated = "customer.subscription.created"
	SubscriptionUpdated = "customer.subscription.updated"
	SubscriptionDeleted = "customer.subscription.deleted"
	InvoicePaid         = "invoice.paid"
	InvoiceFailed       = "invoice.payment_failed"
	CustomerUpdated     = "customer.updated"
)

// Handled lists the event types with an effect.
var Handled = []string{CheckoutCompleted, SubscriptionCreated, SubscriptionUpdated, SubscriptionDeleted, InvoicePaid, InvoiceFailed, CustomerUpdated}

// Event is one verified processor event, decoded to what we keep. Exactly
// one of Customer, Subscription, Invoice is set for a handled type; none
// for an unknown one.
type Event struct {
	ID      string
	Type    string
	Created time.Time
	// OrgID is the organization the object names (metadata or the checkout's
	// client reference); "" when it names only the customer.
	OrgID      string
	CustomerID string

	Customer     *Customer
	Subscription *Subscription
	Invoice      *Invoice
}

// Outcome says what Apply did, for the log and the tests.
type Outcome string

const (
	Applied     Outcome = "applied"
	Stale       Outcome = "stale"        // older than the stored state: ignored
	Unhandled   Outcome = "unhandled"    // a type we do not act on: acknowledged
	UnknownOrg  Outcome = "unknown-org"  // names no organization of ours: acknowledged, nothing stored
	Relationend Outcome = "relationship" // applied, and the customer relationship ended
)

// Service applies processor events to the billing records.
type Service struct {
	Store Store
	Orgs  Orgs
	Plans Plans
	Log   *slog.Logger
}

// Apply gives e its one effect. It is safe to call again with the same event
// (the caller also claims the event ID), and an event older than the stored
// state changes nothing.
func (s Service) Apply(ctx context.Context, e Event) (Outcome, error) {
	if e.Customer == nil && e.Subscription == nil && e.Invoice == nil {
		s.Log.InfoContext(ctx, "processor event not handled", "event", e.ID, "type", e.Type)
		return Unhandled, nil
	}
	orgID, err := s.orgOf(ctx, e)
	if err != nil {
		return "", err
	}
	if orgID == "" {
		s.Log.WarnContext(ctx, "processor event for an unknown organization", "event", e.ID, "type", e.Type, "customer", e.CustomerID)
		return UnknownOrg, nil
	}
	var applied bool
	switch {
	case e.Customer != nil:
		c := *e.Customer
		c.OrgID, c.EventAt = orgID, e.Created
		applied, err = s.Store.PutCustomer(ctx, c)
	case e.Subscription != nil:
		sub := *e.Subscription
		sub.OrgID, sub.EventAt = orgID, e.Created
		if sub.Plan == "" {
			sub.Plan = s.Plans.ByPrice(sub.PriceID)
		}
		applied, err = s.Store.PutSubscription(ctx, sub)
		if err == nil && e.Type == SubscriptionDeleted {
			// Ending is final: even a stale deleted event (the stored state
			// is newer, e.g. a later update of the ended subscription) ends it.
			if err = s.Orgs.EndRelationship(ctx, orgID, e.Created); err != nil {
				return "", fmt.Errorf("billing: end relationship of %s: %w", orgID, err)
			}
			s.Log.InfoContext(ctx, "subscription ended; customer relationship ended", "event", e.ID, "org", orgID)
			return Relationend, nil
		}
	case e.Invoice != nil:
		inv := *e.Invoice
		inv.OrgID, inv.EventAt = orgID, e.Created
		applied, err = s.Store.PutInvoice(ctx, inv)
	}
	if err != nil {
		return "", err
	}
	out := Applied
	if !applied {
		out = Stale
	}
	s.Log.InfoContext(ctx, "processor event", "event", e.ID, "type", e.Type, "org", orgID, "outcome", string(out))
	return out, nil
}

// orgOf finds the event's organization: the one it names, if it exists, or
// the one its customer was linked to at checkout.
func (s Service) orgOf(ctx context.Context, e Event) (string, error) {
	if e.OrgID != "" {
		ok, err := s.Orgs.Exists(ctx, e.OrgID)
		if err != nil || !ok {
			return "", err
		}
		return e.OrgID, nil
	}
	if e.CustomerID == "" {
		return "", nil
	}
	id, ok, err := s.Store.OrgOfCustomer(ctx, e.CustomerID)
	if err != nil || !ok {
		return "", err
	}
	return id, nil
}

// View is what GET billing shows.
type View struct {
	Plan             string
	Status           Status
	CurrentPeriodEnd time.Time
	Brand, Last4     string
	Address          Address
	Invoices         []Invoice
	// CheckoutNeeded: no live subscription, so paying again starts with a
	// checkout.
	CheckoutNeeded bool
	// Warning is "past_due" while a payment is overdue.
	Warning string
}

// ViewOf summarizes a record.
func ViewOf(r Record) View {
	v := View{Invoices: r.Invoices, CheckoutNeeded: true}
	if r.Subscription != nil {
		v.Plan, v.Status, v.CurrentPeriodEnd = r.Subscription.Plan, r.Subscription.Status, r.Subscription.CurrentPeriodEnd
		v.CheckoutNeeded = !r.Subscription.Status.Live()
		if r.Subscription.Status == PastDue || r.Subscription.Status == Unpaid {
			v.Warning = string(r.Subscription.Status)
		}
	}
	if r.Customer != nil {
		v.Brand, v.Last4, v.Address = r.Customer.Brand, r.Customer.Last4, r.Customer.Address
	}
	return v
}
