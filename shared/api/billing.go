package api

import (
	"errors"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
)

// Billing is what the billing routes need: the records the webhook keeps,
// the processor that opens Checkout and Customer Portal sessions, and the
// plans one can buy.
type Billing struct {
	Store     billing.Store
	Processor billing.Processor
	Plans     billing.Plans
	// ReturnURL is where the processor's pages send the member back
	// (defaults to the API's own origin).
	ReturnURL string
}

// billingCheckout is POST .../billing/checkout.
type billingCheckout struct {
	Plan *string `json:"plan"`
	// plans is the configured plans, set before the check.
	plans billing.Plans
}

func (in *billingCheckout) check(c *checker) {
	if in.Plan == nil {
		c.fail("plan", "required: one of %s", strings.Join(in.plans.IDs(), ", "))
		return
	}
	if _, ok := in.plans.Find(*in.Plan); !ok {
		c.fail("plan", "unknown plan; use one of %s", strings.Join(in.plans.IDs(), ", "))
	}
}

// sessionView is the answer of checkout and portal: the processor's page.
type sessionView struct {
	URL string `json:"url"`
}

type addressView struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	City       string `json:"city"`
	State      string `json:"state"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

type paymentMethodView struct {
	Brand string `json:"brand"`
	Last4 string `json:"last4"`
}

type invoiceView struct {
	ID          string    `json:"id"`
	AmountCents int64     `json:"amountCents"`
	Currency    string    `json:"currency"`
	PeriodStart time.Time `json:"periodStart"`
	PeriodEnd   time.Time `json:"periodEnd"`
	Status      string    `json:"status"`
	HostedURL   *string   `json:"hostedInvoiceUrl"`
}

// billingView is GET .../billing.
type billingView struct {
	Plan           *string            `json:"plan"`
	Status         *string            `json:"status"`
	RenewsAt       *time.Time         `json:"renewsAt"`
	PaymentMethod  *paymentMethodView `json:"paymentMethod"`
	Address        *addressView       `json:"billingAddress"`
	Invoices       []invoiceView      `json:"invoices"`
	Warning        *string            `json:"warning"`
	CheckoutNeeded bool               `json:"checkoutNeeded"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func viewBilling(v billing.View) billingView {
	out := billingView{Plan: strPtr(v.Plan), Status: strPtr(string(v.Status)), Warning: strPtr(v.Warning),
		CheckoutNeeded: v.CheckoutNeeded, Invoices: make([]invoiceView, 0, len(v.Invoices))}
	if !v.CurrentPeriodEnd.IsZero() {
		t := v.CurrentPeriodEnd.UTC()
		out.RenewsAt = &t
	}
	if v.Brand != "" || v.Last4 != "" {
		out.PaymentMethod = &paymentMethodView{Brand: v.Brand, Last4: v.Last4}
	}
	if a := v.Address; a != (billing.Address{}) {
		out.Address = &addressView{Line1: a.Line1, Line2: a.Line2, City: a.City, State: a.State, PostalCode: a.PostalCode, Country: a.Country}
	}
	for _, in := range v.Invoices {
		out.Invoices = append(out.Invoices, invoiceView{ID: in.InvoiceID, AmountCents: in.AmountCents, Currency: in.Currency,
			PeriodStart: in.PeriodStart.UTC(), PeriodEnd: in.PeriodEnd.UTC(), Status: in.Status, HostedURL: strPtr(in.HostedURL)})
	}
	return out
}

func (s *Server) billingReturn(c *call) string {
	if s.d.Billing.ReturnURL != "" {
		return s.d.Billing.ReturnURL
	}
	return publicBase(c.r) + "/"
}

func (s *Server) getBilling(c *call) (reply, error) {
	rec, err := s.d.Billing.Store.Load(c.ctx, c.orgID)
	if err != nil {
		return reply{}, err
	}
	return ok(viewBilling(billing.ViewOf(rec)))
}

// checkout opens a Checkout Session for the plan: for the organization's
// processor customer if it has one, else for a new customer prefilled with
// the member's email.
func (s *Server) checkout(c *call) (reply, error) {
	plan, _ := s.d.Billing.Plans.Find(*c.in.(*billingCheckout).Plan)
	rec, err := s.d.Billing.Store.Load(c.ctx, c.orgID)
	if err != nil {
		return reply{}, err
	}
	req := billing.CheckoutRequest{OrgID: c.orgID, Plan: plan, SuccessURL: s.billingReturn(c) + "?checkout=success", CancelURL: s.billingReturn(c) + "?checkout=cancel"}
	if rec.Customer != nil && rec.Customer.CustomerID != "" {
		req.CustomerID = rec.Customer.CustomerID
	} else if c.who.EmailVerified {
		req.Email = c.who.Email
	}
	url, err := s.d.Billing.Processor.CheckoutURL(c.ctx, req)
	if err != nil {
		return reply{}, err
	}
	return ok(sessionView{URL: url})
}

// portal opens the processor's Customer Portal for the organization's
// customer; an organization that never checked out has none.
func (s *Server) portal(c *call) (reply, error) {
	rec, err := s.d.Billing.Store.Load(c.ctx, c.orgID)
	if err != nil {
		return reply{}, err
	}
	if rec.Customer == nil || rec.Customer.CustomerID == "" {
		return reply{}, errOf(typeNoCustomer, "")
	}
	url, err := s.d.Billing.Processor.PortalURL(c.ctx, rec.Customer.CustomerID, s.billingReturn(c))
	if errors.Is(err, billing.ErrNoCustomer) {
		return reply{}, errOf(typeNoCustomer, "")
	}
	if err != nil {
		return reply{}, err
	}
	return ok(sessionView{URL: url})
}

// billingSchemas are the OpenAPI schemas of the billing routes.
func billingSchemas(into schema) schema {
	nullStr := func() schema { return schema{"type": []string{"string", "null"}} }
	planSchema := schema{"type": "string", "minLength": 1, "maxLength": 64, "description": "a plan of the deployment's BillingPlans (e.g. starter, growth); an unknown one is 422"}
	into["BillingCheckout"] = object(schema{"plan": planSchema}, "plan")
	into["BillingSession"] = object(schema{"url": schema{"type": "string", "format": "uri",
		"description": "The processor's hosted page: open it in the member's browser"}}, "url")
	into["Invoice"] = object(schema{"id": str(1, 255), "amountCents": schema{"type": "integer"}, "currency": str(0, 8),
		"periodStart": dateTime(), "periodEnd": dateTime(), "status": str(0, 64),
		"hostedInvoiceUrl": schema{"type": []string{"string", "null"}, "description": "the processor's page of the invoice"}},
		"id", "amountCents", "currency", "periodStart", "periodEnd", "status", "hostedInvoiceUrl")
	into["Billing"] = object(schema{
		"plan": nullStr(), "status": schema{"type": []string{"string", "null"}, "description": "the subscription's status as Stripe names it"},
		"renewsAt":      schema{"type": []string{"string", "null"}, "format": "date-time", "description": "end of the current period"},
		"paymentMethod": schema{"oneOf": []any{schema{"type": "null"}, object(schema{"brand": str(0, 64), "last4": str(0, 4)}, "brand", "last4")}},
		"billingAddress": schema{"oneOf": []any{schema{"type": "null"}, object(schema{"line1": str(0, 255), "line2": str(0, 255), "city": str(0, 255),
			"state": str(0, 255), "postalCode": str(0, 64), "country": str(0, 8)}, "line1", "line2", "city", "state", "postalCode", "country")}},
		"invoices":       schema{"type": "array", "items": ref("Invoice")},
		"warning":        schema{"type": []string{"string", "null"}, "description": "past_due or unpaid while a payment is overdue"},
		"checkoutNeeded": schema{"type": "boolean", "description": "no live subscription: paying starts with a checkout"},
	}, "plan", "status", "renewsAt", "paymentMethod", "billingAddress", "invoices", "warning", "checkoutNeeded")
	return into
}

// billingExamples are the examples of the billing schemas.
func billingExamples(into map[string]any) {
	into["BillingCheckout"] = map[string]any{"plan": "growth"}
	into["BillingSession"] = map[string]any{"url": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3d4e5f6"}
	into["Billing"] = map[string]any{"plan": "growth", "status": "active", "renewsAt": "2026-04-02T15:04:05Z",
		"paymentMethod":  map[string]any{"brand": "visa", "last4": "4242"},
		"billingAddress": map[string]any{"line1": "100 Congress Ave", "line2": "Suite 200", "city": "Austin", "state": "TX", "postalCode": "78701", "country": "US"},
		"invoices": []any{map[string]any{"id": "in_1QxYzA2eZvKYlo2C", "amountCents": 29900, "currency": "usd", "periodStart": "2026-03-02T15:04:05Z",
			"periodEnd": "2026-04-02T15:04:05Z", "status": "paid", "hostedInvoiceUrl": "https://invoice.stripe.com/i/acct_1Example/test_inv"}},
		"warning": nil, "checkoutNeeded": false}
}
