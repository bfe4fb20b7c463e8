package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
	"github.com/medspa-ai/backend/shared/fake"
)

// TestBilling shows what the webhook recorded and opens checkout and
// portal sessions through the processor, on both worlds.
func TestBilling(t *testing.T) {
	eachWorld(t, func(t *testing.T, w *world) {
		f := w.newOrg(t)
		proc := w.deps.Billing.Processor.(*fake.Processor)
		ctx, at := context.Background(), time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)
		store := w.deps.Billing.Store
		rec, _ := store.Load(ctx, f.id)
		cus := rec.Customer.CustomerID
		if _, err := store.PutSubscription(ctx, billing.Subscription{OrgID: f.id, SubscriptionID: "sub_1", CustomerID: cus, Plan: "growth",
			PriceID: "price_growth", Status: billing.PastDue, CurrentPeriodEnd: at.AddDate(0, 1, 0), EventAt: at}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.PutInvoice(ctx, billing.Invoice{OrgID: f.id, InvoiceID: "in_1", CustomerID: cus, AmountCents: 29900, Currency: "usd",
			PeriodStart: at, PeriodEnd: at.AddDate(0, 1, 0), Status: "open", HostedURL: "https://invoice.stripe.example/i/1", CreatedAt: at, EventAt: at}); err != nil {
			t.Fatal(err)
		}

		v := must(t, w.do(t, f.admin, "GET", f.path("/billing"), nil, nil), 200)
		if v["plan"] != "growth" || v["status"] != "past_due" || v["warning"] != "past_due" || v["checkoutNeeded"] != false || v["renewsAt"] != "2026-04-02T15:04:05Z" {
			t.Fatalf("billing = %v", v)
		}
		if pm, _ := v["paymentMethod"].(map[string]any); pm["brand"] != "visa" || pm["last4"] != "4242" {
			t.Fatalf("payment method = %v", v["paymentMethod"])
		}
		invs, _ := v["invoices"].([]any)
		if len(invs) != 1 || invs[0].(map[string]any)["amountCents"] != float64(29900) || invs[0].(map[string]any)["hostedInvoiceUrl"] != "https://invoice.stripe.example/i/1" {
			t.Fatalf("invoices = %v", v["invoices"])
		}
		if r := w.do(t, f.market, "GET", f.path("/billing"), nil, nil); r.status != 403 {
			t.Fatalf("marketer reads billing: %s", r)
		}

		for _, body := range []map[string]any{{"plan": "platinum"}, {}} {
			r := w.do(t, f.owner, "POST", f.path("/billing/checkout"), body, nil)
			if r.status != 422 || !strings.Contains(string(r.body), `"field":"plan"`) {
				t.Fatalf("checkout %v: %s", body, r)
			}
		}
		c := must(t, w.do(t, f.owner, "POST", f.path("/billing/checkout"), map[string]any{"plan": "starter"}, nil), 200)
		if !strings.HasPrefix(str(c, "url"), "https://checkout.stripe.example/") {
			t.Fatalf("checkout = %v", c)
		}
		last := proc.Checkouts[len(proc.Checkouts)-1]
		if last.OrgID != f.id || last.Plan.PriceID != "price_starter" || last.CustomerID != cus || last.SuccessURL == "" || last.CancelURL == "" {
			t.Fatalf("checkout asked for %+v", last)
		}
		p := must(t, w.do(t, f.admin, "POST", f.path("/billing/portal"), nil, nil), 200)
		if str(p, "url") != "https://billing.stripe.example/p/session/"+cus {
			t.Fatalf("portal = %v", p)
		}

		// A new organization: no customer yet, so no portal; its checkout
		// is for a new customer.
		u := newUser("owner")
		o := must(t, w.do(t, u, "POST", "/v1/orgs", validOrg("Fresh Spa"), nil), 201)
		fresh := "/v1/orgs/" + str(o, "id")
		if v := must(t, w.do(t, u, "GET", fresh+"/billing", nil, nil), 200); v["checkoutNeeded"] != true || v["plan"] != nil || v["paymentMethod"] != nil {
			t.Fatalf("fresh billing = %v", v)
		}
		if r := w.do(t, u, "POST", fresh+"/billing/portal", nil, nil); r.status != 409 || problemType(t, r) != "billing-no-customer" {
			t.Fatalf("portal without a customer: %s", r)
		}
		must(t, w.do(t, u, "POST", fresh+"/billing/checkout", map[string]any{"plan": "growth"}, nil), 200)
		if last := proc.Checkouts[len(proc.Checkouts)-1]; last.CustomerID != "" || last.Plan.PriceID != "price_growth" {
			t.Fatalf("fresh checkout asked for %+v", last)
		}
	})
}

// TestBillingOnStripeMock: checkout and portal through the handler and the
// real Stripe adapter, against stripe-mock.
func TestBillingOnStripeMock(t *testing.T) {
	base := testenv.StripeMock(t)
	w := newWorld(t)
	d := w.deps
	keys := stripeproc.NewKeys(func(context.Context) ([]byte, error) { return []byte(`{"apiKey":"sk_test_123"}`), nil })
	d.Billing.Processor = stripeproc.New(keys.APIKey, base, nil)
	h, err := api.New(d)
	if err != nil {
		t.Fatal(err)
	}
	sw := *w
	sw.h, sw.adapter, sw.deps = h, httpadapter.NewV2(h), d
	f := sw.newOrg(t)
	c := must(t, sw.do(t, f.owner, "POST", f.path("/billing/checkout"), map[string]any{"plan": "growth"}, nil), 200)
	if !strings.HasPrefix(str(c, "url"), "https://") {
		t.Fatalf("checkout = %v", c)
	}
	p := must(t, sw.do(t, f.admin, "POST", f.path("/billing/portal"), nil, nil), 200)
	if !strings.HasPrefix(str(p, "url"), "https://") {
		t.Fatalf("portal = %v", p)
	}
}
