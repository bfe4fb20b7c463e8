package profiledb_test

import (
	"testing"

	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/profile"
)

// TestContract runs the profile.Store contract that fake.Profiles also
// passes.
func TestContract(t *testing.T) {
	contract.Profiles(t, func(t *testing.T) profile.Store {
		return store(t)
	})
}
