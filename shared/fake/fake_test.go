package fake_test

import (
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention"
)

func TestOrgsContract(t *testing.T) {
	contract.Orgs(t, func(*testing.T) org.Store { return fake.NewOrgs() })
}

func TestProfilesContract(t *testing.T) {
	contract.Profiles(t, func(*testing.T) profile.Store { return fake.NewProfiles() })
}

func TestContentContract(t *testing.T) {
	contract.Content(t, func(*testing.T) content.Store { return fake.NewContent() })
}

func TestIdempotencyContract(t *testing.T) {
	contract.Idempotency(t, func(*testing.T) idempotency.Store { return &fake.Idempotency{} })
}

// TestIdempotencyDBContract runs the same contract on idempotencydb (on
// the emulators; idempotencydb's own tests cover the clock), so the fake
// and the store it stands for answer alike.
func TestIdempotencyDBContract(t *testing.T) {
	contract.Idempotency(t, func(t *testing.T) idempotency.Store {
		return idempotencydb.ForAPI(testenv.Table(t, retention.Ephemeral))
	})
}

func TestBillingContract(t *testing.T) {
	contract.Billing(t, func(*testing.T) billing.Store { return fake.NewBilling() })
}

// TestBillingDBContract runs the same contract on billingdb on the
// emulators.
func TestBillingDBContract(t *testing.T) {
	contract.Billing(t, func(t *testing.T) billing.Store {
		return testenv.Must[*billingdb.Store](t)(billingdb.New(testenv.Table(t, retention.Billing)))
	})
}

func TestRecommendationsContract(t *testing.T) {
	contract.Recommendations(t, func(*testing.T) budget.Store { return fake.NewRecommendations() })
}

func TestCampaignsContract(t *testing.T) {
	contract.Campaign(t, func(*testing.T) campaign.Store { return fake.NewCampaigns() })
}

func TestPrivacyRequestsContract(t *testing.T) {
	contract.PrivacyRequests(t, func(*testing.T) privacy.Store { return fake.NewPrivacyRequests() })
}
