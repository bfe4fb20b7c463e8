// Package stripeproc is the Stripe adapter of package billing: Checkout and
// Customer Portal sessions through stripe-go, and webhook events verified
// with stripe-go's signature check (5-minute tolerance) and decoded into
// billing.Events.
//
// Decoding reads only the fields billing keeps (IDs, plan price, status,
// amounts, dates, billing address, the card's brand and last four digits):
// a card number, CVC or expiry in an event is never decoded, so it cannot
// be stored or logged.
package stripeproc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/medspa-ai/backend/shared/billing"
)

// DefaultAPIBase is Stripe's API.
const DefaultAPIBase = "https://api.stripe.com"

// Tolerance is how old a signature's timestamp may be.
const Tolerance = 5 * time.Minute

// Client is billing.Processor on Stripe's API. Its API key is read on the
// first call (Keys), so a cold start makes no Secrets Manager call.
type Client struct {
	key  func(context.Context) (string, error)
	cfg  *stripe.BackendConfig
	mu   sync.Mutex
	sc   *stripe.Client
	with string
}

var _ billing.Processor = (*Client)(nil)

// New returns a client whose API key comes from key, against base
// (DefaultAPIBase in production; stripe-mock's URL locally, from
// STRIPE_API_BASE). httpClient may be nil.
func New(key func(context.Context) (string, error), base string, httpClient *http.Client) *Client {
	if base == "" {
		base = DefaultAPIBase
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	cfg := &stripe.BackendConfig{URL: stripe.String(base), HTTPClient: httpClient,
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}}
	return &Client{key: key, cfg: cfg}
}

func (c *Client) client(ctx context.Context) (*stripe.Client, error) {
	k, err := c.key(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sc == nil || c.with != k {
		b := &stripe.Backends{API: stripe.GetBackendWithConfig(stripe.APIBackend, c.cfg),
			Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, c.cfg),
			Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, c.cfg)}
		c.sc, c.with = stripe.NewClient(k, stripe.WithBackends(b)), k
	}
	return c.sc, nil
}

// CheckoutURL implements billing.Processor: a subscription Checkout Session
// whose session and subscription carry the organization's ID, so the
// webhook events find it.
func (c *Client) CheckoutURL(ctx context.Context, r billing.CheckoutRequest) (string, error) {
	p := &stripe.CheckoutSessionCreateParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		ClientReferenceID: stripe.String(r.OrgID),
		SuccessURL:        stripe.String(r.SuccessURL),
		CancelURL:         stripe.String(r.CancelURL),
		LineItems:         []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(r.Plan.PriceID), Quantity: stripe.Int64(1)}},
		SubscriptionData:  &stripe.CheckoutSessionCreateSubscriptionDataParams{Metadata: map[string]string{"orgId": r.OrgID, "plan": r.Plan.ID}},
		Metadata:          map[string]string{"orgId": r.OrgID},
	}
	if r.CustomerID != "" {
		p.Customer = stripe.String(r.CustomerID)
	} else if r.Email != "" {
		p.CustomerEmail = stripe.String(r.Email)
	}
	if r.IdempotencyKey != "" {
		p.SetIdempotencyKey(r.IdempotencyKey)
	}
	sc, err := c.client(ctx)
	if err != nil {
		return "", err
	}
	s, err := sc.V1CheckoutSessions.Create(ctx, p)
	if err != nil {
		return "", fmt.Errorf("stripe: checkout session: %w", err)
	}
	if s.URL == "" {
		return "", errors.New("stripe: checkout session without a URL")
	}
	return s.URL, nil
}

// PortalURL implements billing.Processor.
func (c *Client) PortalURL(ctx context.Context, customerID, returnURL string) (string, error) {
	sc, err := c.client(ctx)
	if err != nil {
		return "", err
	}
	s, err := sc.V1BillingPortalSessions.Create(ctx, &stripe.BillingPortalSessionCreateParams{
		Customer: stripe.String(customerID), ReturnURL: stripe.String(returnURL)})
	if err != nil {
		return "", fmt.Errorf("stripe: portal session: %w", err)
	}
	if s.URL == "" {
		return "", errors.New("stripe: portal session without a URL")
	}
	return s.URL, nil
}

// ErrSignature is billing.ErrSignature.
var ErrSignature = billing.ErrSignature

// Verifier checks and decodes webhook events.
type Verifier struct {
	// Secret returns the endpoint's signing secret (whsec_...).
	Secret func(context.Context) (string, error)
}

// Verify checks payload's signature and decodes it.
func (v Verifier) Verify(ctx context.Context, payload []byte, header string) (billing.Event, error) {
	if header == "" {
		return billing.Event{}, fmt.Errorf("%w: no Stripe-Signature header", ErrSignature)
	}
	secret, err := v.Secret(ctx)
	if err != nil {
		return billing.Event{}, err
	}
	if err := webhook.ValidatePayloadWithTolerance(payload, header, secret, Tolerance); err != nil {
		return billing.Event{}, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	return Decode(payload)
}

// Sign returns a Stripe-Signature header for payload signed with secret at
// t, as Stripe sends it (for make stripe-event and tests).
func Sign(payload []byte, secret string, t time.Time) string {
	return fmt.Sprintf("t=%d,v1=%x", t.Unix(), webhook.ComputeSignature(t, payload, secret))
}

// The wire shapes: only what billing keeps.
type (
	envelope struct {
		ID      string `json:"id"`
		Type    string `json:"type"`
		Created int64  `json:"created"`
		Data    struct {
			Object json.RawMessage `json:"object"`
		} `json:"data"`
	}
	address struct {
		Line1      string `json:"line1"`
		Line2      string `json:"line2"`
		City       string `json:"city"`
		State      string `json:"state"`
		PostalCode string `json:"postal_code"`
		Country    string `json:"country"`
	}
	// ref is an ID or an expanded object.
	ref struct {
		ID   string
		Card *struct {
			Brand string `json:"brand"`
			Last4 string `json:"last4"`
		}
	}
	checkoutSession struct {
		ClientReferenceID string            `json:"client_reference_id"`
		Customer          ref               `json:"customer"`
		Metadata          map[string]string `json:"metadata"`
		CustomerDetails   *struct {
			Name    string   `json:"name"`
			Email   string   `json:"email"`
			Address *address `json:"address"`
		} `json:"customer_details"`
	}
	customer struct {
		ID              string            `json:"id"`
		Name            string            `json:"name"`
		Email           string            `json:"email"`
		Address         *address          `json:"address"`
		Metadata        map[string]string `json:"metadata"`
		InvoiceSettings struct {
			DefaultPaymentMethod ref `json:"default_payment_method"`
		} `json:"invoice_settings"`
	}
	subscription struct {
		ID                   string            `json:"id"`
		Customer             ref               `json:"customer"`
		Status               string            `json:"status"`
		CancelAtPeriodEnd    bool              `json:"cancel_at_period_end"`
		CurrentPeriodEnd     int64             `json:"current_period_end"`
		Metadata             map[string]string `json:"metadata"`
		DefaultPaymentMethod ref               `json:"default_payment_method"`
		Items                struct {
			Data []struct {
				CurrentPeriodEnd int64 `json:"current_period_end"`
				Price            struct {
					ID string `json:"id"`
				} `json:"price"`
			} `json:"data"`
		} `json:"items"`
	}
	invoice struct {
		ID               string            `json:"id"`
		Customer         ref               `json:"customer"`
		Subscription     ref               `json:"subscription"`
		AmountDue        int64             `json:"amount_due"`
		AmountPaid       int64             `json:"amount_paid"`
		Currency         string            `json:"currency"`
		PeriodStart      int64             `json:"period_start"`
		PeriodEnd        int64             `json:"period_end"`
		Status           string            `json:"status"`
		HostedInvoiceURL string            `json:"hosted_invoice_url"`
		Created          int64             `json:"created"`
		Metadata         map[string]string `json:"metadata"`
		Parent           *struct {
			SubscriptionDetails *struct {
				Subscription ref               `json:"subscription"`
				Metadata     map[string]string `json:"metadata"`
			} `json:"subscription_details"`
		} `json:"parent"`
	}
)

func (r *ref) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &r.ID)
	}
	if string(b) == "null" {
		return nil
	}
	var o struct {
		ID   string `json:"id"`
		Card *struct {
			Brand string `json:"brand"`
			Last4 string `json:"last4"`
		} `json:"card"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	r.ID, r.Card = o.ID, o.Card
	return nil
}

func (a *address) domain() billing.Address {
	if a == nil {
		return billing.Address{}
	}
	return billing.Address{Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State, PostalCode: a.PostalCode, Country: a.Country}
}

func unix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// Decode turns a verified event payload into a billing.Event. An unknown
// type decodes to an Event without an object.
func Decode(payload []byte) (billing.Event, error) {
	var env envelope
	if err := json.Unmarshal(payload, &env); err != nil {
		return billing.Event{}, fmt.Errorf("%w: stripe event: %v", billing.ErrMalformed, err)
	}
	if env.ID == "" || env.Type == "" || env.Created == 0 {
		return billing.Event{}, fmt.Errorf("%w: stripe event without id, type or created", billing.ErrMalformed)
	}
	e := billing.Event{ID: env.ID, Type: env.Type, Created: unix(env.Created)}
	obj := env.Data.Object
	var err error
	switch env.Type {
	case billing.CheckoutCompleted:
		var s checkoutSession
		if err = json.Unmarshal(obj, &s); err == nil {
			e.OrgID, e.CustomerID = s.ClientReferenceID, s.Customer.ID
			if e.OrgID == "" {
				e.OrgID = s.Metadata["orgId"]
			}
			c := &billing.Customer{CustomerID: s.Customer.ID}
			if d := s.CustomerDetails; d != nil {
				c.Name, c.Email, c.Address = d.Name, d.Email, d.Address.domain()
			}
			e.Customer = c
		}
	case billing.CustomerUpdated:
		var c customer
		if err = json.Unmarshal(obj, &c); err == nil {
			e.OrgID, e.CustomerID = c.Metadata["orgId"], c.ID
			bc := &billing.Customer{CustomerID: c.ID, Name: c.Name, Email: c.Email, Address: c.Address.domain()}
			if pm := c.InvoiceSettings.DefaultPaymentMethod.Card; pm != nil {
				bc.Brand, bc.Last4 = pm.Brand, pm.Last4
			}
			e.Customer = bc
		}
	case billing.SubscriptionCreated, billing.SubscriptionUpdated, billing.SubscriptionDeleted:
		var s subscription
		if err = json.Unmarshal(obj, &s); err == nil {
			e.OrgID, e.CustomerID = s.Metadata["orgId"], s.Customer.ID
			bs := &billing.Subscription{SubscriptionID: s.ID, CustomerID: s.Customer.ID, Plan: s.Metadata["plan"],
				Status: billing.Status(s.Status), CancelAtPeriodEnd: s.CancelAtPeriodEnd, CurrentPeriodEnd: unix(s.CurrentPeriodEnd)}
			if len(s.Items.Data) > 0 {
				bs.PriceID = s.Items.Data[0].Price.ID
				if bs.CurrentPeriodEnd.IsZero() {
					bs.CurrentPeriodEnd = unix(s.Items.Data[0].CurrentPeriodEnd)
				}
			}
			e.Subscription = bs
		}
	case billing.InvoicePaid, billing.InvoiceFailed:
		var in invoice
		if err = json.Unmarshal(obj, &in); err == nil {
			e.OrgID, e.CustomerID = in.Metadata["orgId"], in.Customer.ID
			sub := in.Subscription.ID
			if p := in.Parent; p != nil && p.SubscriptionDetails != nil {
				if sub == "" {
					sub = p.SubscriptionDetails.Subscription.ID
				}
				if e.OrgID == "" {
					e.OrgID = p.SubscriptionDetails.Metadata["orgId"]
				}
			}
			amount := in.AmountDue
			if env.Type == billing.InvoicePaid {
				amount = in.AmountPaid
			}
			e.Invoice = &billing.Invoice{InvoiceID: in.ID, CustomerID: in.Customer.ID, SubscriptionID: sub,
				AmountCents: amount, Currency: in.Currency, PeriodStart: unix(in.PeriodStart), PeriodEnd: unix(in.PeriodEnd),
				Status: in.Status, HostedURL: in.HostedInvoiceURL, CreatedAt: unix(in.Created)}
		}
	}
	if err != nil {
		return billing.Event{}, fmt.Errorf("%w: stripe %s event %s: %v", billing.ErrMalformed, env.Type, env.ID, err)
	}
	return e, nil
}
