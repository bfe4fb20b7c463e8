// Command retentionaudit consumes the table streams (filtered to TTL
// deletes) and records each deletion in the privacy audit trail.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/audit"
	"github.com/medspa-ai/backend/shared/boot"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/ttlaudit"
)

func main() {
	log := boot.Logger("retentionaudit")
	env := config.FromOS()
	db := dynamodb.NewFromConfig(boot.AWS(log))
	privacy := boot.Table(env, db, "PRIVACY_TABLE", retention.Privacy, boot.Schedule(env))
	categories := map[string]retention.Category{}
	for v, c := range map[string]retention.Category{
		"ACCOUNT_TABLE": retention.Account, "ANALYTICS_TABLE": retention.Analytics, "LOGS_TABLE": retention.Logs,
		"MARKETING_TABLE": retention.Marketing, "BILLING_TABLE": retention.Billing,
	} {
		categories[env.Required(v)] = c
	}
	boot.Must(log, env.Err())

	a := ttlaudit.Auditor{Categories: categories, Audit: audit.Log{Table: privacy}, Log: log}
	lambda.Start(a.Handle)
}
