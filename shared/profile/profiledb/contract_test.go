package profiledb_test

import (
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestContract runs the profile.Store contract that fake.Profiles also
// passes.
func TestContract(t *testing.T) {
	contract.Profiles(t, func(t *testing.T) profile.Store {
		return testenv.Must[*profiledb.Store](t)(profiledb.New(testenv.Table(t, retention.Account), testenv.Table(t, retention.Marketing)))
	})
}
