// Package privacyenv wires the privacy function from its environment: the
// privacy table (PRIVACY_TABLE) for requests and their audit trails,
// PrivacyQueue (PRIVACY_QUEUE_URL) for its continuations, SES for notices
// and policy emails, and for the worker the data tables its steps work on
// (ACCOUNT_TABLE, MARKETING_TABLE, ANALYTICS_TABLE, LOGS_TABLE,
// BILLING_TABLE). The API's side is privacyapi.
package privacyenv

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/medspa-ai/backend/shared/privacy/export"
	"github.com/medspa-ai/backend/shared/privacy/export/exports3"

	"github.com/medspa-ai/backend/shared/billing/billingdb"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/notify"
	"github.com/medspa-ai/backend/shared/privacy/policymail"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/privacy/worker"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
)

// PolicyJob runs one policy-change job for the invocation's time (a
// minute before its deadline) and queues its continuation from where it
// stopped. A job for a version no longer in force is dropped.
func PolicyJob(ctx context.Context, log *slog.Logger, br policymail.Broadcaster, q queue.Sender, job jobs.Privacy) error {
	deadline, bounded := ctx.Deadline()
	more := func() bool { return !bounded || time.Until(deadline) > time.Minute }
	p, err := br.Run(ctx, job.PolicyVersion, job.Cursor, more)
	if errors.Is(err, policymail.ErrNotInForce) {
		log.WarnContext(ctx, "policy email job for a version not in force dropped", "version", job.PolicyVersion)
		return nil
	}
	log.InfoContext(ctx, "policy emails sent", "version", p.Version, "sent", p.Sent, "skipped", p.Skipped, "done", p.Next == "" && err == nil)
	if err != nil {
		return err
	}
	if p.Next != "" {
		return q.SendOne(ctx, jobs.Privacy{PolicyVersion: job.PolicyVersion, Cursor: p.Next})
	}
	return nil
}

// Worker builds the privacy worker's job handler.
func Worker(b *boot.Boot) func(context.Context, jobs.Privacy) error { return build(b).work }

// parts are what the privacy function runs: the job handler, and the
// lifecycle service and mail for the daily run.
type parts struct {
	work    func(context.Context, jobs.Privacy) error
	service privacy.Service
	mail    mail
}

func build(b *boot.Boot) parts {
	requests := b.Table("PRIVACY_TABLE", retention.Privacy)
	account := b.Table("ACCOUNT_TABLE", retention.Account)
	marketing := b.Table("MARKETING_TABLE", retention.Marketing)
	analytics := b.Table("ANALYTICS_TABLE", retention.Analytics)
	logs := b.Table("LOGS_TABLE", retention.Logs)
	bills := b.Table("BILLING_TABLE", retention.Billing)
	bucket := b.Env.Required("ASSETS_BUCKET")
	m := readMail(b)
	policy := policymail.Policy{Version: b.Env.Required("POLICY_VERSION"), EffectiveDate: b.Env.Required("POLICY_EFFECTIVE_DATE"), URL: b.Env.Required("POLICY_URL")}
	continuations := b.Queue("PRIVACY_QUEUE_URL")
	b.Ready()
	var errs [6]error
	var d worker.Deps
	store, err := privacydb.New(requests)
	errs[0] = err
	profiles, err := profiledb.New(account, marketing)
	d.Profiles, errs[1] = profiles, err
	d.Orgs, errs[2] = orgdb.New(account)
	d.Billing, errs[3] = billingdb.New(bills)
	hs, err := holdsdb.New(account)
	errs[4] = err
	data, err := subjectdb.New(account, marketing, analytics, logs)
	errs[5] = err
	b.Must(errs[:]...)
	d.Held, d.Data, d.Suppressions, d.Now = hs.Held, data, data, time.Now
	data.Files = assets.New(b.AWS, bucket)
	exports := exports3.New(b.AWS, bucket)
	d.Export, d.Requests, d.DeleteExport = Exporter(data, exports), store, exports.Delete
	notices := Deliverer(store, d.Profiles, m.sender, m.confirmURL)
	run := worker.Runner{Store: store, Steps: worker.Steps(d), Now: time.Now, Notify: notify.Inline(notices)}
	svc := privacy.Service{Store: store, Notify: notify.Inline(notices), Now: time.Now, Log: b.Log}
	broadcast := policymail.Broadcaster{Users: profiles, Sender: m.sender, Policy: policy, Now: time.Now, Log: b.Log}
	return parts{service: svc, mail: m, work: func(ctx context.Context, job jobs.Privacy) error {
		if job.PolicyVersion != "" {
			return PolicyJob(ctx, b.Log, broadcast, continuations, job)
		}
		if job.Notice != "" {
			// Never the code: it is drawn and sent inside Deliver.
			b.Log.InfoContext(ctx, "privacy notice job accepted", "requestId", job.RequestID, "kind", job.Notice)
			return notices.Deliver(ctx, job.RequestID, job.Notice)
		}
		b.Log.InfoContext(ctx, "privacy job accepted", "requestId", job.RequestID, "type", job.Type)
		err := run.Run(ctx, job.RequestID)
		if errors.Is(err, privacy.ErrNotFound) {
			// No request will ever appear under this ID: retrying cannot help.
			b.Log.WarnContext(ctx, "privacy job for an unknown request dropped", "requestId", job.RequestID)
			return nil
		}
		return err
	}}
}

// Exporter builds a request's export from the subject's entity types and
// uploads it.
func Exporter(data *subjectdb.Store, up export.Uploader) func(context.Context, privacy.Request, []string) (string, map[string]string, error) {
	return func(ctx context.Context, r privacy.Request, orgIDs []string) (string, map[string]string, error) {
		var es []export.Entity
		for _, s := range data.Sources(r.Subject, orgIDs) {
			es = append(es, export.Entity{Name: s.Entity, Tabular: s.Tabular, Source: s})
		}
		key, counts, err := export.Build(ctx, up, r.ID, time.Now(), es)
		out := map[string]string{}
		for k, v := range counts {
			out[k] = strconv.Itoa(v)
		}
		return key, out, err
	}
}
