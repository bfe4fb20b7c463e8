// Package billingenv wires the API's billing from a function's environment:
// the billing table (BILLING_TABLE), the plans (BILLING_PLANS) and the
// Stripe client (STRIPE_SECRET_ARN, STRIPE_API_BASE) and where Stripe's
// pages send the member back (ALLOWED_ORIGIN, the frontend: /billing). Its
// API key is read on the first checkout or portal request, not at cold
// start.
package billingenv

import (
	"strings"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

// API reads the configuration; a problem with it is reported by b.Ready.
func API(b *boot.Boot) api.Billing {
	var out api.Billing
	if store, err := billingdb.New(b.Table("BILLING_TABLE", retention.Billing)); err == nil {
		out.Store = store
	}
	if raw := b.Env.Required("BILLING_PLANS"); raw != "" {
		plans, err := billing.ParsePlans(raw)
		if err != nil {
			b.Env.Invalid("BILLING_PLANS", err.Error())
		}
		out.Plans = plans
	}
	keys := stripeproc.NewKeys(b.Secret("STRIPE_SECRET_ARN"))
	out.Processor = stripeproc.New(keys.APIKey, b.Env.Optional("STRIPE_API_BASE", stripeproc.DefaultAPIBase), nil)
	if origin := b.Env.Optional("ALLOWED_ORIGIN", ""); origin != "" {
		out.ReturnURL = strings.TrimRight(origin, "/") + "/billing"
	}
	return out
}
