package template

import (
	"fmt"
	"path/filepath"
	"testing"
)

// statefulTypes hold data or identity that a stack deletion must not take
// with it.
var statefulTypes = map[string]bool{
	"AWS::DynamoDB::Table": true, "AWS::S3::Bucket": true, "AWS::KMS::Key": true,
	"AWS::Cognito::UserPool": true, "AWS::SecretsManager::Secret": true, "AWS::SQS::Queue": true,
	"AWS::Logs::LogGroup": true,
}

// mayBeDeleted are the stateful resources whose contents are worth nothing
// once the stack is gone, each with the reason. Everything else stateful
// is retained.
var mayBeDeleted = map[string]string{
	"EphemeralTable":  "OAuth state and idempotency keys live minutes to a day",
	"SyncQueue":       "sync jobs are dispatched again every hour",
	"SyncDLQ":         "failed sync jobs are dispatched again every hour",
	"OptimizeQueue":   "optimiser jobs are dispatched again every day, and a week's run writes the same recommendations",
	"OptimizeDLQ":     "failed optimiser jobs are dispatched again the next day",
	"ContentQueue":    "content requests are recorded in the account table and re-queued from there",
	"ContentDLQ":      "content requests are recorded in the account table and re-queued from there",
	"CursorKeySecret": "a new key only invalidates list cursors in flight",
}

// TestStatefulResourcesAreRetained: every stateful resource says what
// happens to it when the stack is deleted or the resource replaced, and
// keys, customer tables, the bucket, the user pool, the connector secret,
// the privacy queue and the audit DLQ are retained. Customer tables are
// protected from deletion in every stage, and the user pool too.
func TestStatefulResourcesAreRetained(t *testing.T) {
	tpl, err := Load(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for id := range mayBeDeleted {
		if _, ok := tpl.Resources[id]; !ok {
			t.Errorf("mayBeDeleted names %s, which is not in the template", id)
		}
	}
	for id, res := range tpl.Resources {
		if !statefulTypes[res.Type] {
			continue
		}
		want := "Retain"
		if _, ok := mayBeDeleted[id]; ok {
			want = "Delete"
		}
		if res.DeletionPolicy != want || res.UpdateReplacePolicy != want {
			t.Errorf("%s (%s): DeletionPolicy %q, UpdateReplacePolicy %q; want %s for both", id, res.Type, res.DeletionPolicy, res.UpdateReplacePolicy, want)
		}
		switch res.Type {
		case "AWS::DynamoDB::Table":
			if want == "Retain" && fmt.Sprint(res.Properties["DeletionProtectionEnabled"]) != "true" {
				t.Errorf("%s: holds customer data, so DeletionProtectionEnabled must be true in every stage, got %v", id, res.Properties["DeletionProtectionEnabled"])
			}
		case "AWS::Cognito::UserPool":
			if res.Properties["DeletionProtection"] != "ACTIVE" {
				t.Errorf("%s: DeletionProtection must be ACTIVE (user IDs derive from sub), got %v", id, res.Properties["DeletionProtection"])
			}
		}
	}
}
