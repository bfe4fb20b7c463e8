package stripeproc_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
)

// Every handled type has a sample in events/, and each decodes to its
// object with the fields we keep.
func TestSamplesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../../events/billingwebhook/stripe/*.json")
	var types []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v := stripeproc.Verifier{Secret: func(context.Context) (string, error) { return "whsec_x", nil }}
		e, err := v.Verify(context.Background(), raw, stripeproc.Sign(raw, "whsec_x", time.Now()))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		types = append(types, e.Type)
		if e.Customer == nil && e.Subscription == nil && e.Invoice == nil {
			t.Errorf("%s decodes to no object", f)
		}
		if e.OrgID == "" && e.CustomerID == "" {
			t.Errorf("%s names neither organization nor customer", f)
		}
		if c := e.Customer; c != nil && e.Type == billing.CustomerUpdated && (c.Brand != "visa" || c.Last4 != "4242" || c.Address.City == "") {
			t.Errorf("customer %+v", c)
		}
		if i := e.Invoice; i != nil && (i.AmountCents <= 0 && e.Type == billing.InvoicePaid || i.Currency != "usd" || i.SubscriptionID == "") {
			t.Errorf("invoice %+v", i)
		}
	}
	for _, h := range billing.Handled {
		if !slices.Contains(types, h) {
			t.Errorf("no sample for %s", h)
		}
	}
}

func TestKeys(t *testing.T) {
	calls := 0
	k := stripeproc.NewKeys(func(context.Context) ([]byte, error) {
		calls++
		if calls == 1 {
			return nil, errors.New("throttled")
		}
		return []byte(`{"apiKey":"sk_test_1","signingSecret":"whsec_1"}`), nil
	})
	if _, err := k.SigningSecret(context.Background()); err == nil {
		t.Fatal("error swallowed")
	}
	s, err := k.SigningSecret(context.Background())
	a, err2 := k.APIKey(context.Background())
	if err != nil || err2 != nil || s != "whsec_1" || a != "sk_test_1" || calls != 2 {
		t.Fatalf("%q %q %v %v calls=%d", s, a, err, err2, calls)
	}
}

func TestParsePlans(t *testing.T) {
	ps, err := billing.ParsePlans("starter=price_a, growth=price_b")
	if err != nil || len(ps) != 2 || ps.ByPrice("price_b") != "growth" {
		t.Fatalf("%+v %v", ps, err)
	}
	for _, bad := range []string{"", "starter", "a=price_a,a=price_b", "=price_x"} {
		if _, err := billing.ParsePlans(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
