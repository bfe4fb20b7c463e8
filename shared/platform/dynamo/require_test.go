package dynamo_test

import (
	"testing"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestRequire: a store takes only a table of its data's category; a
// missing one or another category's is refused in the store's name.
func TestRequire(t *testing.T) {
	logs, err := dynamo.NewTable(nil, "logs", retention.Logs, retention.Default)
	if err != nil {
		t.Fatal(err)
	}
	if err := dynamo.Require("activitydb", logs, retention.Logs); err != nil {
		t.Errorf("the logs table refused: %v", err)
	}
	for _, tb := range []*dynamo.Table{nil, logs} {
		err := dynamo.Require("auditdb", tb, retention.Privacy)
		if err == nil || err.Error() != "auditdb: needs the privacy table" {
			t.Errorf("%v: %v", tb, err)
		}
	}
}
