package campaigndb_test

import (
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/campaign/campaigndb"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestContract runs the campaign.Store contract that fake.Campaigns also
// passes.
func TestContract(t *testing.T) {
	contract.Campaign(t, func(t *testing.T) campaign.Store {
		return testenv.Must[*campaigndb.Store](t)(campaigndb.New(testenv.Table(t, retention.Account)))
	})
}
