// Package syncenv wires the sync worker from the syncworker function's
// environment: the account table (connections), the analytics table
// (rows, insights, progress), the token key, the app credentials, the
// platforms' base URLs, the sync queue for continuations and the optimise
// queue, told of each organization's finished syncs (AfterSync).
package syncenv

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/appcreds"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/retention"
)

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Worker is the syncworker's SQS handler.
func Worker(b *boot.Boot) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	account, analytics := b.Table("ACCOUNT_TABLE", retention.Account), b.Table("ANALYTICS_TABLE", retention.Analytics)
	apps, vault, e := b.Secret("CONNECTOR_SECRET_ARN"), connector.NewVault(b.Sealer("TOKEN_KEY_ID")), b.Env.Optional
	m, g := appcreds.Endpoints(e)
	actions := metrics.ActionTypes{Leads: list(e("META_LEAD_ACTIONS", "lead")), Purchases: list(e("META_PURCHASE_ACTIONS", "offsite_conversion.fb_pixel_purchase"))}
	cfg := syncer.Config{BackfillDays: b.Env.Int("SYNC_BACKFILL_DAYS", 90, 1), GoogleLookbackDays: b.Env.Int("GOOGLE_CONVERSION_WINDOW_DAYS", 30, 1)}
	q := b.Queue("SYNC_QUEUE_URL")
	connections, err := connectordb.New(account)
	b.Must(err)
	store, err := metricsdb.New(analytics)
	b.Must(err)
	var (
		mu      sync.Mutex
		sources map[connector.Platform]metrics.Source
	)
	// The app credentials are read once per container, on the first job.
	providers := connector.LoadProviders(apps, func(a connector.Apps) map[connector.Platform]connector.Provider {
		m.AppID, m.AppSecret, g.ClientID, g.ClientSecret, g.DeveloperToken = a.MetaAppID, a.MetaAppSecret, a.GoogleClientID, a.GoogleClientSecret, a.GoogleDeveloperToken
		m.HTTP, g.HTTP = newHTTP(), newHTTP()
		mc, gc := meta.New(m), google.New(g)
		mu.Lock()
		sources = map[connector.Platform]metrics.Source{connector.Meta: meta.NewInsights(mc, actions), connector.Google: google.NewReports(gc)}
		mu.Unlock()
		return map[connector.Platform]connector.Provider{connector.Meta: mc, connector.Google: gc}
	})
	s := &syncer.Syncer{
		Connections: connections, Tokens: connector.Service{Store: connections, Vault: vault, Providers: providers}, Store: store, Queue: q, Log: b.Log, Config: cfg,
		Sources: func(ctx context.Context) (map[connector.Platform]metrics.Source, error) {
			if _, err := providers(ctx); err != nil {
				return nil, err
			}
			mu.Lock()
			defer mu.Unlock()
			return sources, nil
		},
	}
	after := AfterSync{Queue: b.Queue("OPTIMIZE_QUEUE_URL"), Log: b.Log, Now: time.Now}
	return boot.QueueWorker(b, func(ctx context.Context, job jobs.Sync) error {
		res, err := s.Run(ctx, job)
		if err == nil && res.Done {
			after.Synced(ctx, job.OrgID)
		}
		return err
	})
}

// newHTTP is the platforms' client: a large day of ad rows can take a
// while to page, but no call may hang past the invocation.
func newHTTP() *http.Client { return &http.Client{Timeout: 60 * time.Second} }
