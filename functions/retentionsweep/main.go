// Command retentionsweep runs daily (EventBridge Scheduler) and deletes every
// item past its expiresAt, with the files the records name: the backstop for
// DynamoDB's late TTL deletes, and the privacy table's only deleter.
package main

import (
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

func main() {
	b := boot.Start("retentionsweep")
	account, marketing, privacy := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("MARKETING_TABLE", retention.Marketing), b.Table("PRIVACY_TABLE", retention.Privacy)
	analytics, logs, billing := b.Table("ANALYTICS_TABLE", retention.Analytics), b.Table("LOGS_TABLE", retention.Logs), b.Table("BILLING_TABLE", retention.Billing)
	tables := []*dynamo.Table{account, analytics, logs, marketing, billing, privacy, b.Table("EPHEMERAL_TABLE", retention.Ephemeral)}
	files := assets.New(b.AWS, b.Env.Required("ASSETS_BUCKET"))
	b.Ready()
	orgs, err1 := orgdb.New(account)
	profiles, err2 := profiledb.New(account, marketing)
	trail, err3 := auditdb.New(privacy)
	held, err4 := holdsdb.New(account, analytics, logs, marketing, billing)
	requests, err5 := privacydb.New(privacy) // expired requests' audit trails
	b.Must(err1, err2, err3, err4, err5)
	orgs.Held = held.HeldOrg
	lambda.Start(sweep.Sweeper{Tables: tables, Cancelled: orgs, Profiles: profiledb.Clock{Profiles: profiles, Members: orgs}, Holds: held, Trails: requests,
		Audit: trail, Checkpoints: sweep.TableCheckpoints{Table: privacy}, Files: files, Log: b.Log, Now: time.Now}.Handle)
}
