package orgdb_test

import (
	"testing"

	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/org"
)

// TestContract runs the org.Store contract that fake.Orgs also passes.
func TestContract(t *testing.T) {
	contract.Orgs(t, func(t *testing.T) org.Store { s, _ := store(t); return s })
}
