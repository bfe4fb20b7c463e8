// Package privacyenv wires privacy requests from a function's environment:
// the privacy table (PRIVACY_TABLE) for requests and their audit trails,
// and PrivacyQueue (PRIVACY_QUEUE_URL) for approved requests.
package privacyenv

import (
	"context"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention"
)

// Jobs sends approved requests to the privacy worker. The message carries
// the request ID and type only: the worker reads the rest from the record.
type Jobs struct{ Sender queue.Sender }

// Enqueue sends r's job.
func (j Jobs) Enqueue(ctx context.Context, r privacy.Request) error {
	return j.Sender.SendOne(ctx, jobs.Privacy{RequestID: r.ID, Type: jobs.PrivacyRequestType(r.Type)})
}

// API reads the configuration; a problem with it is reported by b.Ready.
func API(b *boot.Boot) api.Privacy {
	var out api.Privacy
	if store, err := privacydb.New(b.Table("PRIVACY_TABLE", retention.Privacy)); err == nil {
		out.Service.Store = store
	}
	out.Service.Queue = Jobs{Sender: b.Queue("PRIVACY_QUEUE_URL")}
	out.Service.NewID = func() string { return ids.New("prq") }
	return out
}
