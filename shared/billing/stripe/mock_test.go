package stripeproc_test

import (
	"context"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/billing"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
)

// The adapter creates Checkout and Customer Portal sessions that Stripe's
// own mock of its API accepts, through stripe-go and the API key of the
// Stripe secret.
func TestSessionsOnStripeMock(t *testing.T) {
	base := testenv.StripeMock(t)
	keys := stripeproc.NewKeys(func(context.Context) ([]byte, error) {
		return []byte(`{"apiKey":"sk_test_123","signingSecret":"whsec_x"}`), nil
	})
	c := stripeproc.New(keys.APIKey, base, nil)
	ctx := context.Background()
	plan := billing.Plan{ID: "growth", PriceID: "price_growth"}
	for _, r := range []billing.CheckoutRequest{
		{OrgID: "org_a", Plan: plan, Email: "owner@glowmedspa.example", SuccessURL: "https://app.example/billing?checkout=success", CancelURL: "https://app.example/billing?checkout=cancel", IdempotencyKey: "k1"},
		{OrgID: "org_a", Plan: plan, CustomerID: "cus_123", SuccessURL: "https://app.example/billing", CancelURL: "https://app.example/billing"},
	} {
		url, err := c.CheckoutURL(ctx, r)
		if err != nil {
			t.Fatalf("checkout %+v: %v", r, err)
		}
		if !strings.HasPrefix(url, "https://") {
			t.Fatalf("checkout URL %q", url)
		}
	}
	url, err := c.PortalURL(ctx, "cus_123", "https://app.example/billing")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("portal URL %q", url)
	}

	// A Stripe secret without an API key makes no call.
	noKey := stripeproc.New(stripeproc.NewKeys(func(context.Context) ([]byte, error) { return []byte(`{"signingSecret":"whsec_x"}`), nil }).APIKey, base, nil)
	if _, err := noKey.PortalURL(ctx, "cus_123", "https://app.example/billing"); err == nil || !strings.Contains(err.Error(), "apiKey") {
		t.Fatalf("portal without an API key: %v", err)
	}
}
