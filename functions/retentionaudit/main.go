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
	privacy := b.Table(retention.Privacy)
	// The tables whose streams trigger this function, by name: a stream
	// record names its table, not its category.
	categories := map[string]retention.Category{}
	for _, c := range ttlaudit.Streamed {
		categories[b.Env.Required(boot.TableVar(c))] = c
	}
	b.Ready()
	trail, err := auditdb.New(privacy)
	b.Must(err)

	lambda.Start(ttlaudit.Auditor{Categories: categories, Audit: trail, Log: b.Log}.Handle)
}
