// Package billing is the organization's relationship with the payment
// processor (Stripe): which plan it pays for, the subscription's state, the
// invoices, the billing address and which card pays (brand and last four
// digits only). It has no AWS or Stripe imports: billingdb keeps the
// records, stripeproc talks to the processor and turns its webhook events
// into Events.
//
// Card numbers, CVCs and expiry dates never reach this package: the
// processor's adapter decodes only the fields below.
//
// # Data map (billing category: 7 years from the record's date; survives
// account deletion, anonymized on erasure)
//
//	entity        key (billing table)             attributes
//	Customer      pk ORG#<org>  sk CUSTOMER         customerId, name*, email*, address* (line1, line2, city, state, postalCode, country), brand, last4, eventAt, restricted, anonymizedAt
//	Subscription  pk ORG#<org>  sk SUBSCRIPTION     subscriptionId, customerId, plan, priceId, status, currentPeriodEnd, cancelAtPeriodEnd, eventAt
//	Invoice       pk ORG#<org>  sk INVOICE#<id>     invoiceId, customerId, subscriptionId, amountCents, currency, periodStart, periodEnd, status, hostedUrl, createdAt, eventAt
//	CustomerLink  pk CUSTOMER#<customerId> sk ORG   orgId (finds the organization of an event that names only the customer)
//
// (*) personal data: replaced by Anonymize; amounts, dates and processor
// IDs are kept for the tax and legal obligation.
package billing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status of a subscription, as the processor names it.
type Status string

const (
	Incomplete        Status = "incomplete"
	IncompleteExpired Status = "incomplete_expired"
	Trialing          Status = "trialing"
	Active            Status = "active"
	PastDue           Status = "past_due"
	Canceled          Status = "canceled"
	Unpaid            Status = "unpaid"
	Paused            Status = "paused"
)

// Live reports whether a subscription in status s is still being paid for
// (or trialed): an organization whose subscription is not live needs a
// checkout to pay again.
func (s Status) Live() bool {
	switch s {
	case Trialing, Active, PastDue, Unpaid:
		return true
	}
	return false
}

// Address is a billing address.
type Address struct {
	Line1      string
	Line2      string
	City       string
	State      string
	PostalCode string
	Country    string
}

// Customer is the organization as the processor's customer.
type Customer struct {
	OrgID      string
	CustomerID string
	Name       string
	Email      string
	Address    Address
	// Brand and Last4 identify the default payment method (e.g. "visa",
	// "4242"); never the number, CVC or expiry.
	Brand string
	Last4 string
	// EventAt is when the processor's object reached this state: a change
	// older than the stored one is ignored.
	EventAt time.Time
	// Restricted: anonymized after an erasure request; kept for the legal
	// obligation only.
	Restricted   bool
	AnonymizedAt time.Time
}

// Subscription is the organization's subscription.
type Subscription struct {
	OrgID             string
	SubscriptionID    string
	CustomerID        string
	Plan              string
	PriceID           string
	Status            Status
	CurrentPeriodEnd  time.Time
	CancelAtPeriodEnd bool
	EventAt           time.Time
}

// Invoice is one invoice. Amounts are in the currency's smallest unit
// (cents), as integers.
type Invoice struct {
	OrgID          string
	InvoiceID      string
	CustomerID     string
	SubscriptionID string
	AmountCents    int64
	Currency       string
	PeriodStart    time.Time
	PeriodEnd      time.Time
	Status         string
	HostedURL      string
	CreatedAt      time.Time
	EventAt        time.Time
}

// Record is everything kept about one organization's billing.
type Record struct {
	Customer     *Customer
	Subscription *Subscription
	// Invoices, newest first.
	Invoices []Invoice
}

// Store keeps billing records. Every Put* applies a change only when it is
// newer (EventAt) than the stored one, and reports whether it did.
type Store interface {
	Load(ctx context.Context, orgID string) (Record, error)
	// OrgOfCustomer finds the organization a processor customer belongs to.
	OrgOfCustomer(ctx context.Context, customerID string) (string, bool, error)
	PutCustomer(ctx context.Context, c Customer) (bool, error)
	PutSubscription(ctx context.Context, s Subscription) (bool, error)
	PutInvoice(ctx context.Context, inv Invoice) (bool, error)
	// Anonymize replaces the personal data of an organization's billing
	// records (name, email, address) and marks them restricted; amounts,
	// dates and processor IDs are kept.
	Anonymize(ctx context.Context, orgID string, at time.Time) error
}

// Plan is a plan customers can buy, and the processor's price for it.
type Plan struct {
	ID      string
	PriceID string
}

// Plans are the configured plans.
type Plans []Plan

// Find returns the plan with id.
func (ps Plans) Find(id string) (Plan, bool) {
	for _, p := range ps {
		if p.ID == id {
			return p, true
		}
	}
	return Plan{}, false
}

// ByPrice returns the plan a processor price belongs to ("" if none).
func (ps Plans) ByPrice(priceID string) string {
	for _, p := range ps {
		if p.PriceID == priceID {
			return p.ID
		}
	}
	return ""
}

// IDs lists the plans' IDs.
func (ps Plans) IDs() []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// CheckoutRequest asks the processor for a hosted checkout page.
type CheckoutRequest struct {
	OrgID      string
	Plan       Plan
	CustomerID string // "" for a new customer
	Email      string // prefilled for a new customer
	SuccessURL string
	CancelURL  string
	// IdempotencyKey makes a retried request create one session.
	IdempotencyKey string
}

// Processor is the payment processor's API.
type Processor interface {
	// CheckoutURL creates a Checkout Session for a subscription and returns
	// its URL.
	CheckoutURL(ctx context.Context, r CheckoutRequest) (string, error)
	// PortalURL creates a Customer Portal session for customerID.
	PortalURL(ctx context.Context, customerID, returnURL string) (string, error)
}

// ErrNoCustomer: the organization has never checked out, so there is no
// portal to open.
var ErrNoCustomer = errors.New("billing: the organization has no processor customer yet")

// ErrSignature: a webhook's signature header is missing, or does not match
// the payload and signing secret within the tolerance.
var ErrSignature = errors.New("billing: bad webhook signature")

// ErrMalformed: a correctly signed event the processor's adapter cannot
// decode.
var ErrMalformed = errors.New("billing: malformed processor event")

// Orgs is what billing needs of the tenancy domain.
type Orgs interface {
	// Exists reports whether the organization exists.
	Exists(ctx context.Context, orgID string) (bool, error)
	// EndRelationship ends the customer relationship at at as the API's
	// cancel does (the account category's 3-year clock starts); an
	// organization already cancelled is left as it is.
	EndRelationship(ctx context.Context, orgID string, at time.Time) error
}

// ParsePlans reads the plan configuration: "plan=price,plan=price" (e.g.
// "starter=price_1Q...,growth=price_1R...").
func ParsePlans(s string) (Plans, error) {
	var ps Plans
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, price, ok := strings.Cut(part, "=")
		if !ok || id == "" || price == "" {
			return nil, fmt.Errorf("billing: plan %q is not plan=price", part)
		}
		if _, dup := ps.Find(id); dup {
			return nil, fmt.Errorf("billing: plan %q configured twice", id)
		}
		ps = append(ps, Plan{ID: id, PriceID: price})
	}
	if len(ps) == 0 {
		return nil, errors.New("billing: no plans configured")
	}
	return ps, nil
}
