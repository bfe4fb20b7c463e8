package contentdb_test

import (
	"testing"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/fake/contract"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestContract runs the content.Store contract that fake.Content also
// passes.
func TestContract(t *testing.T) {
	contract.Content(t, func(t *testing.T) content.Store {
		return testenv.Must[*contentdb.Store](t)(contentdb.New(testenv.Table(t, retention.Account)))
	})
}
