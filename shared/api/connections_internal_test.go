package api

import (
	"context"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/report"
)

// noPrivacy neither queues nor mails.
type noPrivacy struct{}

func (noPrivacy) Enqueue(context.Context, privacy.Request) error        { return nil }
func (noPrivacy) Notify(context.Context, privacy.Request, string) error { return nil }

// withConnections gives d in-memory connection stores, for tests that do
// not exercise connections.
func withConnections(d Deps) Deps {
	d.Connector = connector.Service{Store: fake.NewConnections(), Vault: connector.NewVault(fake.Cipher{}), Providers: connector.StaticProviders()}
	d.OAuthStates = &fake.States{}
	d.Holds = holds.Service{Store: fake.NewHolds(), Audit: func(context.Context, string, string, string, time.Time, map[string]string) error { return nil },
		Now: time.Now, NewID: func() string { return ids.New("hold") }}
	d.Recommendations = fake.NewRecommendations()
	d.Privacy = Privacy{Service: privacy.Service{Store: fake.NewPrivacyRequests(), Queue: noPrivacy{}, Notify: noPrivacy{}.Notify, NewID: func() string { return ids.New("prq") }}}
	d.Metrics = fake.NewMetrics()
	d.Unsubscribe = Unsubscribe{Store: fake.NewProfiles(), Key: make([]byte, 32)}
	d.Retention = func(_ context.Context, now time.Time) (report.Report, error) {
		return report.Report{GeneratedAt: now}, nil
	}
	d.Billing = Billing{Store: fake.NewBilling(), Processor: &fake.Processor{}, Plans: billing.Plans{{ID: "growth", PriceID: "price_growth"}}}
	d.Campaigns = Campaigns{Store: fake.NewCampaigns(), Files: fake.NewBucket(), Jobs: func(context.Context, any) error { return nil }}
	return d
}
