// Command retentionaudit consumes the table streams (filtered to TTL
// deletes) and records each deletion in the privacy audit trail.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/ttlaudit"
)

func main() {
	b := boot.Start("retentionaudit")
	privacy := b.Table("PRIVACY_TABLE", retention.Privacy)
	// The tables whose streams trigger this function, by name: a stream
	// record names its table, not its category.
	categories := map[string]retention.Category{}
	for v, c := range map[string]retention.Category{
		"ACCOUNT_TABLE": retention.Account, "ANALYTICS_TABLE": retention.Analytics, "LOGS_TABLE": retention.Logs,
		"MARKETING_TABLE": retention.Marketing, "BILLING_TABLE": retention.Billing,
	} {
		categories[b.Env.Required(v)] = c
	}
	b.Ready()
	trail, err := auditdb.New(privacy)
	b.Must(err)

	lambda.Start(ttlaudit.Auditor{Categories: categories, Audit: trail, Log: b.Log}.Handle)
}
