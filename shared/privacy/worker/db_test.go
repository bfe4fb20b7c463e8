package worker_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/datamap"
	"github.com/medspa-ai/backend/shared/privacy/export/exports3"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/privacy/privacyenv"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/privacy/worker"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
)

// TestDeletionLeavesNothingOfTheSubject seeds an organization with the
// subject's and another member's data in every category, erases the
// subject through the real stores, and scans every table: nothing of the
// subject remains but the anonymized billing record, the suppression entry
// and the request's own record and audit trail; the other member's data is
// untouched.
func TestDeletionLeavesNothingOfTheSubject(t *testing.T) {
	ctx := context.Background()
	tb := map[retention.Category]*dynamo.Table{}
	for _, c := range retention.Categories {
		tb[c] = testenv.Table(t, c)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mk := func(s any, err error) any { must(err); return s }
	orgs := mk(orgdb.New(tb[retention.Account])).(*orgdb.Store)
	profs := mk(profiledb.New(tb[retention.Account], tb[retention.Marketing])).(*profiledb.Store)
	bills := mk(billingdb.New(tb[retention.Billing])).(*billingdb.Store)
	acts := mk(activitydb.New(tb[retention.Analytics], tb[retention.Logs])).(*activitydb.Recorder)
	contents := mk(contentdb.New(tb[retention.Account])).(*contentdb.Store)
	requests := mk(privacydb.New(tb[retention.Privacy])).(*privacydb.Store)
	hs := mk(holdsdb.New(tb[retention.Account])).(*holdsdb.Store)
	data := mk(subjectdb.New(tb[retention.Account], tb[retention.Marketing], tb[retention.Analytics], tb[retention.Logs])).(*subjectdb.Store)

	now := time.Now().UTC().Truncate(time.Second)
	subj, owner := ids.UserID(ids.New("sub")), ids.UserID(ids.New("sub"))
	subjEmail, ownerEmail := "ana-"+subj[4:12]+"@spa.example", "owner-"+owner[4:12]+"@spa.example"
	o := org.Org{ID: ids.New("org"), CompanyProfile: org.CompanyProfile{CompanyName: "Glow " + subj[4:10], TimeZone: "America/Chicago"}, Status: org.Active, CreatedAt: now, CreatedBy: owner, UpdatedAt: now, Version: 1}
	must(orgs.Create(ctx, o, org.Member{OrgID: o.ID, ID: owner, Status: org.Joined, Role: org.Owner, Email: ownerEmail, OrgName: o.CompanyName, OrgStatus: org.Active, At: now, Version: 1},
		org.Settings{OrgID: o.ID, UpdatedAt: now, Version: 1}))
	must(orgs.Invite(ctx, org.ActorFor(owner, org.InviteMembers), org.Member{OrgID: o.ID, ID: ids.InviteID(o.ID, subjEmail), Status: org.Invited,
		Role: org.Marketer, Email: subjEmail, OrgName: o.CompanyName, OrgStatus: org.Active, InvitedBy: owner, At: now, Version: 1}))
	_, err := orgs.Accept(ctx, o.ID, subj, subjEmail, now)
	must(err)
	for _, u := range []struct{ id, email string }{{subj, subjEmail}, {owner, ownerEmail}} {
		p := profile.Default(u.id, u.email)
		p.Name, p.Phone, p.MarketingEmails, p.MarketingConsentAt, p.CreatedAt, p.UpdatedAt, p.Version = "Person "+u.id, "+15125550123", true, now, now, now, 1
		must(profs.Put(ctx, p))
		for i := range 30 {
			rid := ids.New("req")
			must(acts.Usage(ctx, activity.UsageEvent{Feature: "orgs.get", UserID: u.id, OrgID: o.ID, At: now.Add(time.Duration(i) * time.Second), RequestID: rid}))
			must(acts.Request(ctx, activity.RequestLog{RequestID: rid, At: now.Add(time.Duration(i) * time.Second), UserID: u.id, OrgID: o.ID, Method: "GET",
				Route: "orgs.get", Status: 200, IP: "203.0.113.7", UserAgent: "Mozilla/5.0"}))
		}
		_, err := orgs.AddSupport(ctx, org.ActorFor(u.id, org.SendSupport), org.SupportMessage{OrgID: o.ID, Kind: org.SupportRequest, Subject: "Help from " + u.id,
			Body: "Contact me at " + u.email, AuthorID: u.id, Status: "open", CreatedAt: now})
		must(err)
		must(contents.Create(ctx, content.Request{OrgID: o.ID, ID: ids.New("cr"), Kind: content.Copy, Service: "HydraFacial", Status: content.Queued,
			Variants: 1, CreatedBy: u.id, CreatedAt: now, UpdatedAt: now, Version: 1}))
	}
	conns, _, err := connectordb.Open(tb[retention.Account], tb[retention.Ephemeral])
	must(err)
	for i, u := range []string{subj, owner} {
		must(conns.Save(ctx, []connector.Connection{{OrgID: o.ID, ID: ids.ConnectionID(o.ID, "meta", "act_"+u[4:10]), Platform: connector.Meta, AccountID: "act_" + strconv.Itoa(i) + u[4:10],
			AccountName: "Ads " + strconv.Itoa(i), Status: connector.Active, ConnectedBy: u, ConnectedAt: now, UpdatedAt: now, Sealed: []byte("sealed"), Version: 1}}))
	}
	_, err = bills.PutCustomer(ctx, billing.Customer{OrgID: o.ID, CustomerID: "cus_" + subj[4:14], Name: "Person " + subj, Email: subjEmail,
		Address: billing.Address{Line1: "1 Main St", City: "Austin", State: "TX", PostalCode: "78701", Country: "US"}, Brand: "visa", Last4: "4242", EventAt: now})
	must(err)

	svc := privacy.Service{Store: requests, Queue: &env{}, Now: time.Now, NewID: func() string { return ids.New("prq") }}
	stack, cfg := testenv.Stack(t)
	bucketName := testenv.Name(t, stack, "AssetsBucket")
	d := worker.Deps{Profiles: profs, Orgs: orgs, Billing: bills, Held: hs.Held, Data: data, Suppressions: data, Now: time.Now,
		Export: privacyenv.Exporter(data, exports3.New(cfg, bucketName))}
	run := worker.Runner{Store: requests, Steps: worker.Steps(d), Now: time.Now}
	// fulfil submits a request of typ about the subject, verified by the
	// team, approves it and runs it.
	fulfil := func(typ privacy.Type) privacy.Request {
		t.Helper()
		r, err := svc.Submit(ctx, "usr_team", privacy.New{Type: typ, Subject: privacy.Subject{UserID: subj, Email: subjEmail}, Channel: "email",
			Verification: &privacy.Verification{Method: "video_call"}})
		must(err)
		_, err = svc.Approve(ctx, r.ID, "usr_team")
		must(err)
		must(run.Run(ctx, r.ID))
		return r
	}

	// Access first: the export holds every exported entity of the data map
	// the subject has, and nothing of the other member.
	acc := fulfil(privacy.Portability)
	got, err := requests.Get(ctx, acc.ID)
	must(err)
	if got.Status != privacy.Complete || got.Download != "exports/"+acc.ID+"/export.zip" {
		t.Fatalf("export: %s %q %+v", got.Status, got.Download, got.Steps)
	}
	obj, err := s3.NewFromConfig(cfg).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucketName), Key: aws.String(got.Download)})
	must(err)
	raw, err := io.ReadAll(obj.Body)
	must(err)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	must(err)
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		must(err)
		b, _ := io.ReadAll(rc)
		files[f.Name] = string(b)
	}
	want := map[string]int{"connection": 1, "profile": 1, "membership": 1, "preferences": 1, "marketing_consent": 2, "support_message": 1, "content_request": 1, "usage_event": 30, "request_log": 30,
		"campaign_upload": 0, "campaign_draft": 0}
	for _, e := range datamap.All() {
		if e.Export && (e.Find == datamap.BySubject || (e.Find == datamap.ByMembership && e.SubjectAttr != "")) {
			if _, ok := want[e.Name]; !ok {
				t.Errorf("the data map exports %s for a subject, the export has no file for it", e.Name)
			}
		}
	}
	for name, n := range want {
		var items []map[string]any
		if err := json.Unmarshal([]byte(files[name+".json"]), &items); err != nil || len(items) != n {
			t.Errorf("%s.json: %d items, want %d (%v)", name, len(items), n, err)
		}
		if strings.Contains(files[name+".json"], owner) || strings.Contains(files[name+".json"], ownerEmail) {
			t.Errorf("%s.json holds the other member's data", name)
		}
	}
	for _, csvFile := range []string{"usage_event.csv", "request_log.csv"} {
		if lines := strings.Count(files[csvFile], "\n"); lines != 31 {
			t.Errorf("%s: %d lines, want a header and 30 rows", csvFile, lines)
		}
	}
	if !strings.Contains(files["README.md"], "usage_event.json, usage_event.csv") {
		t.Errorf("README: %s", files["README.md"])
	}
	r := fulfil(privacy.Deletion)
	done, es, err := requests.Trail(ctx, r.ID)
	must(err)
	if done.Status != privacy.Complete {
		t.Fatalf("status %s (%s), steps %+v", done.Status, done.Reason, done.Steps)
	}
	if res := audit.Verify(es, done.Audit); !res.OK {
		t.Fatalf("trail %+v", res)
	}

	// Scan every table for the subject's ID, email and name.
	needles := []string{subj, subjEmail, "Person " + subj}
	otherLeft := 0
	for c, table := range tb {
		for _, it := range testenv.All(t, table) {
			text := testenv.ItemText(it)
			pk := dynamo.String(it, dynamo.PK)
			if strings.Contains(text, owner) {
				otherLeft++
			}
			for _, n := range needles {
				if !strings.Contains(text, n) {
					continue
				}
				if c == retention.Privacy && (strings.HasPrefix(pk, privacydb.RequestPrefix+r.ID) || strings.HasPrefix(pk, privacydb.RequestPrefix+acc.ID)) {
					continue // the requests' own records and audit trails
				}
				t.Errorf("%s table still holds %q in %s / %s", c, n, pk, dynamo.String(it, dynamo.SK))
			}
		}
	}
	if otherLeft < 60+3 {
		t.Errorf("only %d items of the other member remain", otherLeft)
	}
	if ok, err := data.Suppressed(ctx, subjEmail); !ok || err != nil {
		t.Errorf("no suppression entry: %v", err)
	}
	rec, err := bills.Load(ctx, o.ID)
	must(err)
	if rec.Customer == nil || rec.Customer.CustomerID == "" || rec.Customer.AnonymizedAt.IsZero() {
		t.Errorf("billing record not kept anonymized: %+v", rec.Customer)
	}
}
