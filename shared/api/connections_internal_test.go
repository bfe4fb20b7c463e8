package api

import (
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
)

// withConnections gives d in-memory connection stores, for tests that do
// not exercise connections.
func withConnections(d Deps) Deps {
	d.Connector = connector.Service{Store: fake.NewConnections(), Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders()}
	d.OAuthStates = &fake.States{}
	d.Metrics = fake.NewMetrics()
	d.Billing = Billing{Store: fake.NewBilling(), Processor: &fake.Processor{}, Plans: billing.Plans{{ID: "growth", PriceID: "price_growth"}}}
	return d
}
