package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/queue"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/datamap"
	"github.com/medspa-ai/backend/shared/privacy/export/exports3"
	"github.com/medspa-ai/backend/shared/privacy/privacyapi"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/retention"
)

// privacyE2E is the API wired to the real privacy store and PrivacyQueue
// (SQS on moto), and the privacy function's own handler built from the
// template's environment, as its main builds it.
type privacyE2E struct {
	w      *world
	clock  *fake.Clock
	sqs    *sqs.Client
	s3     *s3.Client
	queue  string
	bucket string
	handle func(context.Context, events.SQSEvent) (events.SQSEventResponse, error)
}

func newPrivacyE2E(t *testing.T) *privacyE2E {
	base := newDBWorld(t)
	st, cfg := testenv.Stack(t)
	e := &privacyE2E{clock: fake.NewClock(time.Now().UTC()), sqs: sqs.NewFromConfig(cfg), s3: s3.NewFromConfig(cfg),
		queue: testenv.Name(t, st, "PrivacyQueue"), bucket: testenv.Name(t, st, "AssetsBucket")}
	// The privacy function as Lambda runs it: the template's variables.
	var fn *struct{ env map[string]string }
	for _, f := range st.Functions {
		if f.LogicalID == "PrivacyFunction" {
			fn = &struct{ env map[string]string }{f.Env}
		}
	}
	if fn == nil {
		t.Fatal("no PrivacyFunction in the template")
	}
	for k, v := range fn.env {
		t.Setenv(k, v)
	}
	b := boot.Start("privacy")
	e.handle = boot.QueueWorker(b, privacyenv.Worker(b))

	d := base.deps
	d.Privacy = api.Privacy{
		Service: privacy.Service{Store: base.privacy.store, Queue: privacyapi.Jobs{Sender: queue.Sender{SQS: e.sqs, URL: e.queue}},
			Now: e.clock.Now, NewID: func() string { return ids.New("prq") }},
		DownloadURL: exports3.New(cfg, e.bucket).URL,
	}
	w := &world{}
	*w = *base
	if err := w.start(d); err != nil {
		t.Fatal(err)
	}
	e.w = w
	return e
}

// drain delivers PrivacyQueue's messages to the function's handler until
// the queue is quiet, and returns how many it delivered.
func (e *privacyE2E) drain(t *testing.T) int {
	t.Helper()
	return drainQueue(t, e.sqs, e.queue, e.handle, false)
}

// person is one member's seeded data.
type person struct {
	u                 *user
	name, phone       string
	names             []string // every name it had
	upload, uploadKey string
	draft, content    string
	contentFiles      []string
	support, conn     string // support subject line, connection's account name
}

// seedPerson gives u data in every category the data map lists for a
// person: a profile with preferences and consent, usage events and request
// logs (every API call records them), a support message, an image content
// request with its generated file, an upload with its file, a draft that
// never went live, a connection, and an invitation to another
// organization.
func (e *privacyE2E) seedPerson(t *testing.T, f *orgFixture, u *user, tag string) *person {
	ctx := context.Background()
	w := e.w
	p := &person{u: u, name: "Person " + tag + " " + u.id(), phone: "+1512555" + tag}
	p.names = []string{p.name}
	prof, found, err := w.deps.Profiles.Get(ctx, u.id())
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		prof.UserID, prof.Email, prof.CreatedAt = u.id(), u.email, time.Now().UTC()
	}
	prof.Name, prof.Phone, prof.JobTitle = p.name, p.phone, "Marketing lead"
	prof.MarketingEmails, prof.MarketingConsentAt, prof.Communication.ProductUpdates = true, time.Now().UTC(), true
	prof.UpdatedAt, prof.Version = time.Now().UTC(), prof.Version+1
	if err := w.deps.Profiles.Put(ctx, prof); err != nil {
		t.Fatal(err)
	}
	must(t, w.do(t, u, "GET", "/v1/me", nil, nil), 200)
	p.support = "Help " + tag
	must(t, w.do(t, u, "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": p.support,
		"body": "Please call me back, " + p.name}, nil), 201)
	in := validContent()
	in["kind"], in["variants"] = "image", 1
	p.content = str(must(t, w.do(t, u, "POST", f.path("/content-requests"), in, nil), 202), "id")
	st, cfg := testenv.Stack(t)
	gen := &content.Generator{Store: w.deps.Content, Provider: localgen.Generator{}, Assets: assets.New(cfg, testenv.Name(t, st, "AssetsBucket"))}
	if err := gen.Run(ctx, f.id, p.content); err != nil {
		t.Fatal(err)
	}
	p.contentFiles = e.keys(t, "assets/"+f.id+"/content/"+p.content+"/")
	if len(p.contentFiles) == 0 {
		t.Fatalf("the image request %s has no generated file", p.content)
	}
	ticket := must(t, w.do(t, u, "POST", f.path("/assets"), map[string]any{"name": "Photo " + tag, "contentType": "image/png", "bytes": 2000}, nil), 201)
	w.upload(t, ticket, "image/png", pngOf(t, 600, 600))
	p.upload = str(asMap(ticket["asset"]), "id")
	a := must(t, w.do(t, u, "POST", f.path("/assets/"+p.upload+"/complete"), nil, nil), 200)
	if a["status"] != "ready" {
		t.Fatalf("upload: %v", a)
	}
	p.uploadKey = e.keys(t, "assets/"+f.id+"/uploads/"+p.upload)[0]
	p.draft = str(must(t, w.do(t, u, "POST", f.path("/campaign-drafts"), validDraft(f.conn, p.upload), nil), 201), "id")
	c := connector.Connection{OrgID: f.id, ID: ids.ConnectionID(f.id, "google", tag+u.id()[4:10]), Platform: connector.Google, AccountID: tag + u.id()[4:10],
		AccountName: "Google " + tag, Currency: "USD", TimeZone: "America/Chicago", Status: connector.Active, ConnectedBy: u.id(),
		ConnectedAt: time.Now().UTC().Truncate(time.Second), UpdatedAt: time.Now().UTC().Truncate(time.Second)}
	sealed, err := w.deps.Connector.Vault.Seal(ctx, c.OrgID, c.ID, connector.Tokens{Access: "tok-" + tag})
	if err != nil {
		t.Fatal(err)
	}
	c.Sealed = sealed
	if err := w.deps.Connector.Store.Save(ctx, []connector.Connection{c}); err != nil {
		t.Fatal(err)
	}
	p.conn = c.AccountName
	return p
}

// keys lists the bucket's objects under prefix.
func (e *privacyE2E) keys(t *testing.T, prefix string) []string {
	t.Helper()
	var out []string
	pg := s3.NewListObjectsV2Paginator(e.s3, &s3.ListObjectsV2Input{Bucket: aws.String(e.bucket), Prefix: aws.String(prefix)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			out = append(out, aws.ToString(o.Key))
		}
	}
	return out
}

// submit creates a request through the API, verified by the privacy team.
func (e *privacyE2E) submit(t *testing.T, team *user, typ privacy.Type, p *person, extra map[string]any) string {
	t.Helper()
	body := map[string]any{"type": string(typ), "subject": map[string]any{"userId": p.u.id(), "email": p.u.email}, "channel": "email",
		"verification": map[string]any{"method": "video_call", "note": "matched the account's photo ID"}}
	for k, v := range extra {
		body[k] = v
	}
	r := must(t, e.w.do(t, team, "POST", "/v1/privacy/requests", body, nil), 201)
	if str(r, "status") != "pending_review" {
		t.Fatalf("%s: %v", typ, r)
	}
	return str(r, "id")
}

// approve approves through the API and runs the queue.
func (e *privacyE2E) approve(t *testing.T, team *user, id string) map[string]any {
	t.Helper()
	must(t, e.w.do(t, team, "POST", "/v1/privacy/requests/"+id+"/approve", nil, nil), 200)
	if n := e.drain(t); n == 0 {
		t.Fatalf("request %s: no message reached the worker", id)
	}
	return must(t, e.w.do(t, team, "GET", "/v1/privacy/requests/"+id, nil, nil), 200)
}

func (e *privacyE2E) verifyTrail(t *testing.T, team *user, id string) {
	t.Helper()
	if v := must(t, e.w.do(t, team, "GET", "/v1/privacy/requests/"+id+"/audit/verify", nil, nil), 200); v["ok"] != true {
		t.Errorf("request %s: audit trail does not verify: %v", id, v)
	}
}

// TestPrivacyRequestsEndToEnd carries a request of every type through
// the API, PrivacyQueue and the privacy function's handler on the
// emulators, for members of an organization seeded with data in every
// category, and checks each effect in the stores and the bucket.
func TestPrivacyRequestsEndToEnd(t *testing.T) {
	e := newPrivacyE2E(t)
	w := e.w
	ctx := context.Background()
	f := w.newOrg(t)
	team := f.team
	// The fixture's organization is under a legal hold; it is released
	// before the deletion (the deletion's pause on it is checked there).
	subj := e.seedPerson(t, f, f.market, "1001")
	other := e.seedPerson(t, f, f.admin, "2002")
	kid := newUser("teen")
	must(t, w.do(t, f.owner, "POST", f.path("/members"), map[string]any{"email": kid.email, "role": "marketer"}, nil), 201)
	must(t, w.do(t, kid, "POST", "/v1/me/invitations/"+f.id+"/accept", nil, nil), 200)
	child := e.seedPerson(t, f, kid, "3003")
	// The subject is the billing contact, and has a pending invitation to
	// another organization; the subject approved one of the optimiser's
	// recommendations (the fixture's).
	// A later customer event than the fixture's (the store keeps the newest,
	// to the second).
	if ok, err := w.deps.Billing.Store.PutCustomer(ctx, billing.Customer{OrgID: f.id, CustomerID: "cus_" + subj.u.id()[4:14], Name: subj.name, Email: subj.u.email,
		Address: billing.Address{Line1: "1 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"}, Brand: "visa", Last4: "4242", EventAt: time.Now().Add(2 * time.Second)}); err != nil || !ok {
		t.Fatalf("the subject as billing contact: stored %v, %v", ok, err)
	}
	second := must(t, w.do(t, other.u, "POST", "/v1/orgs", validOrg("Second Spa "+f.id[4:10]), nil), 201)
	secondID := str(second, "id")
	must(t, w.do(t, other.u, "POST", "/v1/orgs/"+secondID+"/members", map[string]any{"email": subj.u.email, "role": "viewer"}, nil), 201)

	// Access, received nine days before the privacy team approves it.
	received := time.Now().UTC().AddDate(0, 0, -9)
	e.clock.Set(received)
	acc := e.submit(t, team, privacy.Access, subj, nil)
	e.clock.Set(time.Now().UTC())
	got := e.approve(t, team, acc)
	if got["status"] != "complete" || str(got, "download") == "" {
		t.Fatalf("access approved 9 days after receipt: %v", got)
	}
	// The link ends with the export: 7 days after it was built.
	if until, err := time.Parse(time.RFC3339Nano, str(got, "downloadExpiresAt")); err != nil || until.Sub(time.Now().AddDate(0, 0, 7)).Abs() > time.Minute {
		t.Errorf("downloadExpiresAt %v, want about 7 days from now (%v)", got["downloadExpiresAt"], err)
	}
	if rt, _ := time.Parse(time.RFC3339Nano, str(got, "receivedAt")); !rt.Equal(received.Truncate(time.Microsecond)) && rt.Sub(received).Abs() > time.Millisecond {
		t.Errorf("receivedAt %v, want %v", got["receivedAt"], received)
	}
	e.checkExport(t, acc, subj, other, f)
	e.verifyTrail(t, team, acc)

	port := e.submit(t, team, privacy.Portability, subj, nil)
	if got := e.approve(t, team, port); got["status"] != "complete" {
		t.Fatalf("portability: %v", got)
	}
	files := e.checkExport(t, port, subj, other, f)
	for _, csv := range []string{"usage_event.csv", "request_log.csv"} {
		if strings.Count(files[csv], "\n") < 2 {
			t.Errorf("%s: %q", csv, files[csv])
		}
	}

	// Correction: the profile holds the new values.
	corr := e.submit(t, team, privacy.Correction, subj, map[string]any{"corrections": map[string]any{"profile.name": "Ana Corrected", "profile.phone": "+15125550999"}})
	if got := e.approve(t, team, corr); got["status"] != "complete" {
		t.Fatalf("correction: %v", got)
	}
	prof, _, err := w.deps.Profiles.Get(ctx, subj.u.id())
	if err != nil || prof.Name != "Ana Corrected" || prof.Phone != "+15125550999" {
		t.Fatalf("corrected profile: %+v %v", prof, err)
	}
	subj.name, subj.names = "Ana Corrected", append(subj.names, "Ana Corrected")

	// Restriction, objection and the opt-outs are flags on the profile
	// that AI features, optimisation and marketing read.
	for _, c := range []struct {
		typ  privacy.Type
		want func() bool
	}{
		{privacy.Restriction, func() bool { return prof.Restricted }},
		{privacy.Objection, func() bool { return prof.Restricted }},
		{privacy.MarketingOptOut, func() bool { return !prof.MarketingEmails && !prof.Communication.ProductUpdates }},
		{privacy.AIOptOut, func() bool { return prof.AIOptOut }},
	} {
		id := e.submit(t, team, c.typ, subj, nil)
		if got := e.approve(t, team, id); got["status"] != "complete" {
			t.Fatalf("%s: %v", c.typ, got)
		}
		if prof, _, err = w.deps.Profiles.Get(ctx, subj.u.id()); err != nil || !c.want() {
			t.Errorf("%s not in force: %+v %v", c.typ, prof, err)
		}
		e.verifyTrail(t, team, id)
	}
	if prof.Restricted && prof.AIOptOut && prof.MarketingEmails {
		t.Errorf("marketing opt-out undone by a later request: %+v", prof)
	}

	// Deletion: the organization's legal hold pauses it; released, the
	// privacy team's retry finishes it.
	del := e.submit(t, team, privacy.Deletion, subj, nil)
	if got := e.approve(t, team, del); got["status"] != "paused" || got["reason"] != "legal_hold" {
		t.Fatalf("deletion under a legal hold: %v", got)
	}
	must(t, w.do(t, team, "DELETE", "/v1/privacy/holds/"+f.hold, nil, nil), 200)
	must(t, w.do(t, team, "POST", "/v1/privacy/requests/"+del+"/retry", nil, nil), 200)
	e.drain(t)
	if got := must(t, w.do(t, team, "GET", "/v1/privacy/requests/"+del, nil, nil), 200); got["status"] != "complete" {
		t.Fatalf("deletion: %v", got)
	}
	e.verifyTrail(t, team, del)
	e.checkErased(t, subj, f, []*person{other, child}, true)
	// The earlier exports went with the erasure: their requests show no
	// link any more, and their trails say which request deleted them.
	for _, id := range []string{acc, port} {
		got := must(t, w.do(t, team, "GET", "/v1/privacy/requests/"+id, nil, nil), 200)
		if got["download"] != nil || got["downloadExpiresAt"] != nil {
			t.Errorf("request %s still links its erased export: %v", id, got["download"])
		}
		deleted := false
		for _, h := range got["history"].([]any) {
			h := h.(map[string]any)
			deleted = deleted || (h["action"] == "export_deleted" && h["detail"].(map[string]any)["request"] == del)
		}
		if !deleted {
			t.Errorf("request %s: no export_deleted entry naming %s in %v", id, del, got["history"])
		}
		e.verifyTrail(t, team, id)
	}

	// Child deletion (policy 10), of another member.
	cd := e.submit(t, team, privacy.ChildDeletion, child, nil)
	if got := e.approve(t, team, cd); got["status"] != "complete" {
		t.Fatalf("child deletion: %v", got)
	}
	e.verifyTrail(t, team, cd)
	e.checkErased(t, child, f, []*person{other}, false)

	// Erasing an already-erased subject completes.
	again := e.submit(t, team, privacy.Deletion, subj, nil)
	if got := e.approve(t, team, again); got["status"] != "complete" {
		t.Fatalf("second deletion: %v", got)
	}
}

// checkExport reads request id's zip from the bucket: a file per entity
// the data map exports for a person, each holding the subject's items and
// nothing of the other member.
func (e *privacyE2E) checkExport(t *testing.T, id string, subj, other *person, f *orgFixture) map[string]string {
	t.Helper()
	obj, err := e.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(e.bucket), Key: aws.String("exports/" + id + "/export.zip")})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(obj.Body)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		files[zf.Name] = string(b)
	}
	// What each file must hold of the subject's seeded data.
	want := map[string][]string{
		"profile":           {subj.u.email, subj.phone},
		"membership":        {f.id},
		"invitation":        {subj.u.email},
		"preferences":       {},
		"marketing_consent": {},
		"support_message":   {subj.support},
		"content_request":   {subj.content},
		"campaign_upload":   {subj.upload},
		"campaign_draft":    {subj.draft},
		"connection":        {subj.conn},
		"usage_event":       {subj.u.id()},
		"request_log":       {subj.u.id()},
	}
	for _, ent := range datamap.All() {
		personal := ent.Find == datamap.BySubject || ent.Find == datamap.ByEmail || (ent.Find == datamap.ByMembership && ent.SubjectAttr != "")
		if ent.Export && personal && ent.Table != datamap.S3 {
			if _, ok := want[ent.Name]; !ok {
				t.Errorf("the data map exports %s for a person; this test does not check it", ent.Name)
			}
		}
	}
	for name, needles := range want {
		text, ok := files[name+".json"]
		if !ok {
			t.Errorf("export %s: no %s.json (files %v)", id, name, keysOf(files))
			continue
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(text), &items); err != nil || len(items) == 0 {
			t.Errorf("%s.json: %d items, %v", name, len(items), err)
		}
		for _, n := range needles {
			if !strings.Contains(text, n) {
				t.Errorf("%s.json lacks %q", name, n)
			}
		}
	}
	for name, text := range files {
		for _, n := range []string{other.u.id(), other.u.email, other.name, other.support, other.content, other.upload, other.draft, other.conn} {
			if strings.Contains(text, n) {
				t.Errorf("%s holds the other member's %q", name, n)
			}
		}
	}
	return files
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkErased scans every table and the bucket: nothing of the subject is
// left but the anonymized billing record (billing=true), the suppression
// entry and the subject's privacy requests with their audit trails; the
// others' data is all there.
func (e *privacyE2E) checkErased(t *testing.T, subj *person, f *orgFixture, others []*person, billingContact bool) {
	t.Helper()
	ctx := context.Background()
	mine, err := e.w.deps.Privacy.Service.Store.BySubject(ctx, subj.u.id())
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, r := range mine {
		own[privacydb.RequestPrefix+r.ID] = true
	}
	needles := append([]string{subj.u.id(), subj.u.email, subj.phone, subj.support, subj.content, subj.upload, subj.draft}, subj.names...)
	othersLeft := map[string]int{}
	for c, name := range testenv.Tables {
		tb, err := dynamo.NewTable(testenv.DynamoDB(t), testenv.Name(t, testStack(t), name), c, retention.Default)
		if err != nil {
			t.Fatal(err)
		}
		err = tb.ScanPagesWithExpired(ctx, &dynamodb.ScanInput{}, func(items []dynamo.Item) error {
			for _, it := range items {
				text := testenv.ItemText(it)
				pk, sk := dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)
				for _, o := range others {
					if strings.Contains(text, o.u.id()) {
						othersLeft[o.u.id()]++
					}
				}
				for _, n := range needles {
					if n == "" || !strings.Contains(text, n) {
						continue
					}
					if c == retention.Privacy && own[pk] {
						continue // the subject's requests and their trails
					}
					t.Errorf("%s table still holds %q in %s / %s", c, n, pk, sk)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range others {
		if othersLeft[o.u.id()] < 10 {
			t.Errorf("only %d items of %s remain", othersLeft[o.u.id()], o.u.name)
		}
	}
	// The bucket: the subject's generated and uploaded files and exports
	// are gone, the others' files are there.
	left := map[string]bool{}
	for _, k := range e.keys(t, "") {
		left[k] = true
	}
	for _, k := range append(append([]string{}, subj.contentFiles...), subj.uploadKey) {
		if left[k] {
			t.Errorf("bucket still holds the subject's file %s", k)
		}
	}
	for _, r := range mine {
		if k := "exports/" + r.ID + "/export.zip"; left[k] && r.Type.Exports() {
			t.Errorf("bucket still holds the subject's export %s", k)
		}
	}
	for _, o := range others {
		for _, k := range append(append([]string{}, o.contentFiles...), o.uploadKey) {
			if !left[k] {
				t.Errorf("%s's file %s was deleted", o.u.name, k)
			}
		}
	}
	sup := testenv.Table(t, retention.Marketing)
	if _, ok, err := sup.Get(ctx, dynamo.Key("SUPPRESS#"+subjectdb.SuppressionHash(subj.u.email), "SUPPRESS"), true); !ok || err != nil {
		t.Errorf("no suppression entry for the subject: %v", err)
	}
	if billingContact {
		rec, err := e.w.deps.Billing.Store.Load(ctx, f.id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Customer == nil || rec.Customer.CustomerID == "" || rec.Customer.AnonymizedAt.IsZero() {
			t.Errorf("billing record not kept anonymized: %+v", rec.Customer)
		}
	}
	// The organization's running campaign (the fixture's published draft)
	// is still there for the remaining members.
	if r := e.w.do(t, f.owner, "GET", f.path("/campaign-drafts/"+f.draft), nil, nil); r.status != 200 {
		t.Errorf("the organization's published campaign: %s", r)
	}
}

func testStack(t *testing.T) *provision.Stack {
	st, _ := testenv.Stack(t)
	return st
}
