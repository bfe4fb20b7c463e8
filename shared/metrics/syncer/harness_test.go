package syncer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/connector/google"
	"github.com/medspa-ai/backend/shared/connector/meta"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/metrics/metricsdb"
	"github.com/medspa-ai/backend/shared/metrics/syncer"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
	"github.com/medspa-ai/backend/shared/platform/worker"
	"github.com/medspa-ai/backend/shared/retention"
)

// world is one organization connected to every simulated ad account,
// synced through a real SQS queue and the DynamoDB tables of the emulators.
type world struct {
	t         *testing.T
	sim       *adplatform.Server
	conns     connectordb.Store
	store     *metricsdb.Store
	analytics *dynamo.Table
	syncer    *syncer.Syncer
	insights  *meta.Insights
	sqs       *sqs.Client
	url       string
	handler   func(context.Context, events.SQSEvent) (events.SQSEventResponse, error)
	org       string
	accounts  []connector.Connection
	tokens    map[connector.Platform]adplatform.Tokens
	logs      *testenv.LogBuffer

	mu    sync.Mutex
	slept []time.Duration
}

// newWorld connects a new organization to the platforms' accounts (all,
// or those of only).
func newWorld(t *testing.T, opts adplatform.Options, cfg syncer.Config, only ...connector.Platform) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, sim: adplatform.StartTest(t, opts), org: ids.New("org"), tokens: map[connector.Platform]adplatform.Tokens{}, logs: &testenv.LogBuffer{}}
	account, ephemeral := testenv.Table(t, retention.Account), testenv.Table(t, retention.Ephemeral)
	w.analytics = testenv.Table(t, retention.Analytics)
	w.conns = testenv.Must[connectordb.Store](t)(connectordb.New(account))
	w.store = testenv.Must[*metricsdb.Store](t)(metricsdb.New(w.analytics))
	log := logging.New(io.MultiWriter(w.logs), "INFO")

	httpc := &http.Client{Timeout: 30 * time.Second}
	app := w.sim.Options()
	mc := meta.New(meta.Config{AppID: app.MetaApp.ClientID, AppSecret: app.MetaApp.ClientSecret, GraphURL: w.sim.MetaGraphURL() + "/" + meta.Version, HTTP: httpc})
	gc := google.New(google.Config{ClientID: app.GoogleApp.ClientID, ClientSecret: app.GoogleApp.ClientSecret, DeveloperToken: app.GoogleDeveloperToken,
		TokenURL: w.sim.GoogleOAuth2URL() + "/token", AdsURL: w.sim.GoogleAdsURL() + "/" + google.Version, HTTP: httpc})
	w.insights = meta.NewInsights(mc, metrics.DefaultActionTypes)
	w.insights.Pause = w.sleep
	// Report runs are polled in earnest (their waits are not recorded
	// with the rate-limit pauses), from 10 ms on so tests stay quick.
	w.insights.AsyncPoll = 10 * time.Millisecond
	vault := connector.NewVault(fake.Cipher{})

	platforms := only
	if len(platforms) == 0 {
		platforms = connector.Platforms
	}
	var cs []connector.Connection
	for _, p := range platforms {
		scopes := []string{"ads_read"}
		if p == connector.Google {
			scopes = []string{adplatform.AdWordsScope}
		}
		tok := w.sim.IssueToken(adplatform.Platform(p), scopes...)
		w.tokens[p] = tok
		for _, a := range w.sim.Accounts(adplatform.Platform(p)) {
			if a.Manager {
				continue
			}
			c := connector.Connection{OrgID: w.org, ID: ids.ConnectionID(w.org, string(p), a.ID), Platform: p, AccountID: a.ID, AccountName: a.Name,
				Currency: a.Currency, TimeZone: a.TimeZone, Status: connector.Active, ConnectedBy: "usr_test", ConnectedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
			sealed, err := vault.Seal(ctx, c.OrgID, c.ID, connector.Tokens{Access: tok.AccessToken, Refresh: tok.RefreshToken, Expiry: time.Now().Add(time.Duration(tok.ExpiresIn) * time.Second).UTC()})
			if err != nil {
				t.Fatal(err)
			}
			c.Sealed = sealed
			cs = append(cs, c)
		}
	}
	// The simulator's accounts are the same in every test: free their
	// claims (another test's organization held them) before connecting.
	for _, c := range cs {
		if _, err := account.DB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(account.Name), Key: connectordb.ClaimKey(c.Platform, c.AccountID)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.conns.Save(ctx, cs); err != nil {
		t.Fatal(err)
	}
	w.accounts = cs

	_, awsCfg := testenv.Stack(t)
	w.sqs = sqs.NewFromConfig(awsCfg)
	q, err := w.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(testenv.Unique("sync")), Attributes: map[string]string{"VisibilityTimeout": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	w.url = aws.ToString(q.QueueUrl)
	w.syncer = &syncer.Syncer{
		Connections: w.conns, Tokens: connector.Service{Store: w.conns, Vault: vault, Providers: connector.StaticProviders(mc, gc)},
		Sources: syncer.StaticSources(w.insights, google.NewReports(gc)), Store: w.store, Queue: queue.Sender{SQS: w.sqs, URL: w.url},
		Log: log, Config: cfg, Sleep: w.sleep,
	}
	// Claims lapse after 2 s (15 minutes in the function), so a killed
	// invocation's redelivery runs within the test.
	claims := idempotencydb.New(ephemeral, time.Hour, 2*time.Second)
	w.handler = sqsbatch.Handler(log, worker.Once(claims, log, func(ctx context.Context, job jobs.Sync) error { return w.syncer.Handle(ctx, job) }))
	return w
}

// sleep records a wait instead of waiting.
func (w *world) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.slept = append(w.slept, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *world) waits() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.slept...)
}

// enqueue sends one scheduled job per connection for slot.
func (w *world) enqueue(slot string) {
	w.t.Helper()
	var js []any
	for _, c := range w.accounts {
		js = append(js, jobs.Sync{OrgID: c.OrgID, ConnectionID: c.ID, Platform: c.Platform, Slot: slot})
	}
	if _, err := (queue.Sender{SQS: w.sqs, URL: w.url}).Send(context.Background(), js); err != nil {
		w.t.Fatal(err)
	}
}

// pump receives and handles messages as Lambda's event source would
// (each invocation with its own deadline, failed records left for
// redelivery) until the queue stays empty; it returns the invocations.
func (w *world) pump(invocation time.Duration, ctxFor func(context.Context) context.Context) int {
	w.t.Helper()
	ctx := context.Background()
	n, empty := 0, 0
	for deadline := time.Now().Add(8 * time.Minute); empty < 3; {
		if time.Now().After(deadline) {
			w.t.Fatalf("the queue did not drain; logs:\n%s", tail(w.logs.String()))
		}
		out, err := w.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(w.url), MaxNumberOfMessages: 5, WaitTimeSeconds: 1,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameApproximateReceiveCount}})
		if err != nil {
			w.t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			empty++
			continue
		}
		empty = 0
		ev := events.SQSEvent{}
		for _, m := range out.Messages {
			ev.Records = append(ev.Records, events.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body), ReceiptHandle: aws.ToString(m.ReceiptHandle),
				Attributes: m.Attributes})
		}
		ictx, cancel := context.WithTimeout(ctx, invocation)
		if ctxFor != nil {
			ictx = ctxFor(ictx)
		}
		resp, _ := w.handler(ictx, ev)
		cancel()
		n++
		failed := map[string]bool{}
		for _, f := range resp.BatchItemFailures {
			failed[f.ItemIdentifier] = true
		}
		for _, r := range ev.Records {
			if !failed[r.MessageId] {
				if _, err := w.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(w.url), ReceiptHandle: aws.String(r.ReceiptHandle)}); err != nil {
					w.t.Fatal(err)
				}
			}
		}
	}
	return n
}

func tail(s string) string {
	if len(s) > 6000 {
		return s[len(s)-6000:]
	}
	return s
}

// expect is the truth as stored counts.
func expect(p connector.Platform, m adplatform.Metrics) metrics.Counts {
	c := metrics.Counts{SpendMicros: m.CostMicros, Impressions: m.Impressions, Clicks: m.Clicks}
	if p == connector.Meta {
		c.Reach = m.Reach
		c.LeadsMilli = m.Actions[adplatform.ActionLead] * 1000
		c.ConversionsMilli = m.Actions[adplatform.ActionPurchase] * 1000
		c.ConversionValueMicros = m.ActionValuesMicros[adplatform.ActionPurchase]
	} else {
		c.LeadsMilli, c.ConversionsMilli, c.ConversionValueMicros = m.ConversionsMilli, m.ConversionsMilli, m.ConversionsValueMicros
	}
	return c
}

var simLevel = map[metrics.Level]adplatform.Level{metrics.Campaign: adplatform.LevelCampaign, metrics.AdSet: adplatform.LevelAdSet, metrics.Ad: adplatform.LevelAd}

func entityOf(l metrics.Level, r adplatform.Row) string {
	switch l {
	case metrics.AdSet:
		return r.AdSetID
	case metrics.Ad:
		return r.AdID
	}
	return r.CampaignID
}

// stored reads the organization's rows of one account at a level, by
// entity and day.
func (w *world) stored(c connector.Connection, l metrics.Level, from, to string) map[string]metrics.Counts {
	w.t.Helper()
	out := map[string]metrics.Counts{}
	err := w.store.Daily(context.Background(), metrics.Query{OrgID: w.org, Level: l, From: from, To: to, Platform: c.Platform}, func(rows []metrics.Row) error {
		for _, r := range rows {
			if r.AccountID != c.AccountID {
				continue
			}
			k := r.EntityID + "@" + r.Date
			if _, dup := out[k]; dup {
				w.t.Fatalf("row %s stored twice", k)
			}
			out[k] = r.Counts
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// matchTruth compares every account, level and day of from..to (relative
// to each account's today: days back) with the simulator, to the micro.
func (w *world) matchTruth(daysBack int) {
	w.t.Helper()
	for _, c := range w.accounts {
		today := w.sim.Today(c.AccountID)
		from := metrics.AddDays(today, -(daysBack - 1))
		for _, l := range metrics.Levels {
			want := map[string]metrics.Counts{}
			for _, r := range w.sim.Rows(c.AccountID, simLevel[l], from, today) {
				want[entityOf(l, r)+"@"+r.Date] = expect(c.Platform, r.Metrics)
			}
			got := w.stored(c, l, from, today)
			if len(got) != len(want) {
				w.t.Errorf("%s %s %s: %d rows stored, the platform has %d", c.Platform, c.AccountID, l, len(got), len(want))
			}
			for k, v := range want {
				if got[k] != v {
					w.t.Errorf("%s %s %s %s:\n got %+v\nwant %+v", c.Platform, c.AccountID, l, k, got[k], v)
					return
				}
			}
		}
	}
}

// snapshot is every analytics item of the organization's metric rows,
// as JSON by key.
func (w *world) snapshot() map[string]string {
	w.t.Helper()
	out := map[string]string{}
	for _, it := range testenv.All(w.t, w.analytics) {
		if strings.HasPrefix(dynamo.String(it, "pk"), "MET#"+w.org+"#") {
			b, _ := json.Marshal(plainItem(it))
			out[dynamo.String(it, "pk")+" "+dynamo.String(it, "sk")] = string(b)
		}
	}
	return out
}

func plainItem(it dynamo.Item) map[string]string {
	out := map[string]string{}
	for k, v := range it {
		out[k] = fmt.Sprintf("%#v", v)
	}
	return out
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func dayOfKey(k string) string {
	_, sk, _ := strings.Cut(k, " ")
	return sk[:10]
}
