// Package privacyapi wires the API's side of privacy requests from its
// environment: the privacy table (PRIVACY_TABLE) for requests, PrivacyQueue
// (PRIVACY_QUEUE_URL) for approved requests, notices and policy emails,
// the assets bucket for export links. It is apart from privacyenv (the
// privacy function's wiring), so the api links neither the worker nor SES:
// only the privacy function sends email, and SES's client costs every cold
// start that links it about 1 ms of package init.
package privacyapi

import (
	"context"
	"time"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/platform/ratelimit/ratelimitdb"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/export/exports3"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention"
)

// Jobs sends approved requests to the privacy worker. The message carries
// the request ID and type only: the worker reads the rest from the record.
type Jobs struct{ Sender queue.Sender }

// Enqueue sends r's job.
func (j Jobs) Enqueue(ctx context.Context, r privacy.Request) error {
	return j.Sender.SendOne(ctx, jobs.Privacy{RequestID: r.ID, Type: jobs.PrivacyRequestType(r.Type), Version: r.Version})
}

// Policy queues the first job of the policy-change email of version.
func (j Jobs) Policy(ctx context.Context, version string) error {
	return j.Sender.SendOne(ctx, jobs.Privacy{PolicyVersion: version})
}

// Notices hands the API's notices to the privacy function through
// PrivacyQueue: the API only records them (on the request, in the write
// of the change) and queues their kind; the privacy function, the only
// role that may send email, claims, sends and marks each (notify).
type Notices struct{ Sender queue.Sender }

// Notify queues r's notice of kind.
func (n Notices) Notify(ctx context.Context, r privacy.Request, kind string) error {
	return n.Sender.SendOne(ctx, jobs.Privacy{RequestID: r.ID, Type: jobs.PrivacyRequestType(r.Type), Version: r.Version, Notice: kind})
}

// API reads the configuration; a problem with it is reported by b.Ready.
func API(b *boot.Boot) api.Privacy {
	var out api.Privacy
	if store, err := privacydb.New(b.Table("PRIVACY_TABLE", retention.Privacy)); err == nil {
		out.Service.Store = store
	}
	out.Service.Queue = Jobs{Sender: b.Queue("PRIVACY_QUEUE_URL")}
	out.Service.Notify = Notices{Sender: b.Queue("PRIVACY_QUEUE_URL")}.Notify
	out.Service.Now, out.Service.Log = time.Now, b.Log
	out.Service.NewID = func() string { return ids.New("prq") }
	out.DownloadURL = exports3.New(b.AWS, b.Env.Required("ASSETS_BUCKET")).URL
	out.LinkDays = b.Env.Int("EXPORT_LINK_DAYS", 7, 1)
	out.Limiter = ratelimitdb.New(b.Table("EPHEMERAL_TABLE", retention.Ephemeral))
	out.PolicyJobs = Jobs{Sender: b.Queue("PRIVACY_QUEUE_URL")}.Policy
	return out
}
