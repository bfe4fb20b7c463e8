package budgetdb_test

import (
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/budgetdb"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestContract runs the budget.Store contract that fake.Recommendations
// also passes.
func TestContract(t *testing.T) {
	contract.Recommendations(t, func(t *testing.T) budget.Store {
		return testenv.Must[*budgetdb.Store](t)(budgetdb.New(testenv.Table(t, retention.Analytics)))
	})
}

func TestNeedsTheAnalyticsTable(t *testing.T) {
	if _, err := budgetdb.New(nil); err == nil {
		t.Fatal("no table accepted")
	}
}
