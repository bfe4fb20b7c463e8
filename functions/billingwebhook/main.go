// Command billingwebhook receives Stripe's webhook events (POST
// /webhooks/stripe), routed by API Gateway without the JWT authorizer.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
	"github.com/medspa-ai/backend/shared/billing/webhook"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/secret"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	b := boot.Start("billingwebhook")
	account, bills := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("BILLING_TABLE", retention.Billing)
	ephemeral := b.Table("EPHEMERAL_TABLE", retention.Ephemeral)
	keys := stripeproc.NewKeys(secret.Loader(secretsmanager.NewFromConfig(b.AWS), b.Env.Required("STRIPE_SECRET_ARN")))
	plans, err1 := billing.ParsePlans(b.Env.Required("BILLING_PLANS"))
	b.Ready()
	orgs, err2 := orgdb.New(account)
	store, err3 := billingdb.New(bills)
	b.Must(err1, err2, err3)
	lambda.Start(httpadapter.NewV2(webhook.New(webhook.Handler{
		Verifier: stripeproc.Verifier{Secret: keys.SigningSecret},
		Service:  billing.Service{Store: store, Orgs: orgs.Relationship(), Plans: plans, Log: b.Log},
		Claims:   idempotencydb.ForWorkers(ephemeral), Log: b.Log,
	})).ProxyWithContext)
}
