package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/billing/billingdb"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
	"github.com/medspa-ai/backend/shared/billing/webhook"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

const secret = "whsec_test_billing"

type rig struct {
	t        *testing.T
	h        http.Handler
	log      *bytes.Buffer
	store    *billingdb.Store
	orgs     *orgdb.Store
	accounts *dynamo.Table
	billing  *dynamo.Table
}

func newRig(t *testing.T) *rig {
	t.Helper()
	accounts := testenv.Table(t, retention.Account)
	bt := testenv.Table(t, retention.Billing)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(accounts))
	store := testenv.Must[*billingdb.Store](t)(billingdb.New(bt))
	var buf bytes.Buffer
	log := logging.New(&buf, "INFO")
	plans := billing.Plans{{ID: "starter", PriceID: "price_starter"}, {ID: "growth", PriceID: "price_growth"}}
	h := webhook.New(webhook.Handler{
		Verifier: stripeproc.Verifier{Secret: func(context.Context) (string, error) { return secret, nil }},
		Service:  billing.Service{Store: store, Orgs: orgs.Relationship(), Plans: plans, Log: log},
		Claims:   idempotencydb.ForWorkers(testenv.Table(t, retention.Ephemeral)),
		Log:      log,
	})
	return &rig{t: t, h: h, log: &buf, store: store, orgs: orgs, accounts: accounts, billing: bt}
}

func (r *rig) newOrg() org.Org {
	r.t.Helper()
	now := time.Now().UTC()
	o := org.Org{ID: ids.New("org"), CompanyProfile: org.CompanyProfile{CompanyName: "Glow Med Spa", TimeZone: "America/Chicago"}, Status: org.Active, CreatedAt: now, UpdatedAt: now, Version: 1, MemberCount: 1, OwnerCount: 1}
	owner := org.Member{OrgID: o.ID, ID: ids.UserID(ids.New("sub")), Status: org.Joined, Role: org.Owner, Email: "owner@glow.example", OrgName: o.CompanyName, OrgStatus: org.Active, At: now, UpdatedAt: now, Version: 1}
	o.CreatedBy = owner.ID
	if err := r.orgs.Create(context.Background(), o, owner, org.DefaultSettings(o.ID, now, owner.ID)); err != nil {
		r.t.Fatal(err)
	}
	return o
}

// event builds a Stripe event payload.
func event(id, typ string, created time.Time, obj map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "object": "event", "type": typ, "created": created.Unix(),
		"api_version": "2025-07-30.basil", "data": map[string]any{"object": obj}})
	return b
}

func (r *rig) post(payload []byte, header string) (int, string) {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(payload))
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	w := httptest.NewRecorder()
	r.h.ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

func (r *rig) send(payload []byte) string {
	r.t.Helper()
	code, body := r.post(payload, stripeproc.Sign(payload, secret, time.Now()))
	if code != http.StatusOK {
		r.t.Fatalf("event answered %d: %s", code, body)
	}
	return body
}

func sub(orgID, id, status string, periodEnd time.Time) map[string]any {
	return map[string]any{"id": id, "object": "subscription", "customer": "cus_" + orgID, "status": status,
		"metadata": map[string]string{"orgId": orgID}, "cancel_at_period_end": false,
		"items": map[string]any{"data": []any{map[string]any{"current_period_end": periodEnd.Unix(), "price": map[string]any{"id": "price_growth"}}}}}
}

func (r *rig) load(orgID string) billing.Record {
	r.t.Helper()
	rec, err := r.store.Load(context.Background(), orgID)
	if err != nil {
		r.t.Fatal(err)
	}
	return rec
}

func TestSignatures(t *testing.T) {
	r := newRig(t)
	o := r.newOrg()
	now := time.Now()
	payload := event(ids.New("evt"), billing.SubscriptionCreated, now, sub(o.ID, "sub_1", "active", now.AddDate(0, 1, 0)))
	for name, header := range map[string]string{
		"missing header":   "",
		"wrong secret":     stripeproc.Sign(payload, "whsec_other", now),
		"too old":          stripeproc.Sign(payload, secret, now.Add(-6*time.Minute)),
		"garbage":          "t=abc,v1=00",
		"tampered payload": stripeproc.Sign(append([]byte(" "), payload...), secret, now),
	} {
		code, body := r.post(payload, header)
		if code != http.StatusBadRequest || !strings.Contains(body, "webhook-signature") {
			t.Errorf("%s: %d %s", name, code, body)
		}
	}
	if rec := r.load(o.ID); rec.Subscription != nil || rec.Customer != nil {
		t.Fatalf("a refused event stored %+v", rec)
	}
	// Within the tolerance it is accepted.
	if code, body := r.post(payload, stripeproc.Sign(payload, secret, now.Add(-4*time.Minute))); code != http.StatusOK {
		t.Fatalf("signed 4 minutes ago: %d %s", code, body)
	}
	if rec := r.load(o.ID); rec.Subscription == nil || rec.Subscription.Plan != "growth" || rec.Subscription.Status != billing.Active {
		t.Fatalf("subscription not stored: %+v", rec.Subscription)
	}
}

func TestReplayedEventHasOneEffect(t *testing.T) {
	r := newRig(t)
	o := r.newOrg()
	t0 := time.Now().Add(-time.Hour)
	first := event(ids.New("evt"), billing.SubscriptionUpdated, t0, sub(o.ID, "sub_1", "active", t0.AddDate(0, 1, 0)))
	if body := r.send(first); !strings.Contains(body, `"applied"`) {
		t.Fatal(body)
	}
	// The subscription moves on; the first event is delivered again.
	r.send(event(ids.New("evt"), billing.SubscriptionUpdated, t0.Add(time.Minute), sub(o.ID, "sub_1", "past_due", t0.AddDate(0, 1, 0))))
	r.send(first)
	r.send(first)
	if rec := r.load(o.ID); rec.Subscription.Status != billing.PastDue {
		t.Fatalf("replay changed the state: %+v", rec.Subscription)
	}
	if n := strings.Count(r.log.String(), "webhook event already processed"); n != 2 {
		t.Fatalf("replays recognised %d times, want 2:\n%s", n, r.log)
	}
	// An invoice delivered twice is one invoice.
	inv := event(ids.New("evt"), billing.InvoicePaid, t0, map[string]any{"id": "in_1", "customer": "cus_" + o.ID, "amount_paid": 4900, "amount_due": 4900,
		"currency": "usd", "period_start": t0.Unix(), "period_end": t0.AddDate(0, 1, 0).Unix(), "status": "paid", "created": t0.Unix(),
		"hosted_invoice_url": "https://invoice.stripe.com/i/in_1"})
	r.send(inv)
	r.send(inv)
	rec := r.load(o.ID)
	if len(rec.Invoices) != 1 || rec.Invoices[0].AmountCents != 4900 || rec.Invoices[0].Currency != "usd" || rec.Invoices[0].HostedURL == "" {
		t.Fatalf("invoices %+v", rec.Invoices)
	}
	if v := billing.ViewOf(rec); v.Warning != "past_due" || v.CheckoutNeeded {
		t.Fatalf("view %+v", v)
	}
}

func TestUnknownOrganizationIsAcknowledged(t *testing.T) {
	r := newRig(t)
	ghost := ids.New("org")
	now := time.Now()
	body := r.send(event(ids.New("evt"), billing.SubscriptionCreated, now, sub(ghost, "sub_x", "active", now)))
	if !strings.Contains(body, "unknown-org") {
		t.Fatal(body)
	}
	// An invoice naming only an unlinked customer too.
	body = r.send(event(ids.New("evt"), billing.InvoicePaid, now, map[string]any{"id": "in_x", "customer": "cus_nobody", "amount_paid": 100, "currency": "usd", "created": now.Unix()}))
	if !strings.Contains(body, "unknown-org") {
		t.Fatal(body)
	}
	if rec := r.load(ghost); rec.Subscription != nil {
		t.Fatal("stored for an unknown organization")
	}
	if _, ok, _ := r.store.OrgOfCustomer(context.Background(), "cus_"+ghost); ok {
		t.Fatal("linked a customer to an unknown organization")
	}
	// Unknown types are acknowledged and logged.
	if body := r.send(event(ids.New("evt"), "charge.refunded", now, map[string]any{"id": "ch_1"})); !strings.Contains(body, "unhandled") {
		t.Fatal(body)
	}
	if !strings.Contains(r.log.String(), "processor event not handled") {
		t.Fatal("unknown type not logged")
	}
}

func TestOutOfOrderDeliveryKeepsTheNewerState(t *testing.T) {
	r := newRig(t)
	o := r.newOrg()
	t0 := time.Now().Add(-time.Hour)
	newer := event(ids.New("evt"), billing.SubscriptionUpdated, t0.Add(10*time.Minute), sub(o.ID, "sub_1", "past_due", t0.AddDate(0, 2, 0)))
	older := event(ids.New("evt"), billing.SubscriptionUpdated, t0, sub(o.ID, "sub_1", "active", t0.AddDate(0, 1, 0)))
	r.send(newer)
	if body := r.send(older); !strings.Contains(body, "stale") {
		t.Fatal(body)
	}
	s := r.load(o.ID).Subscription
	if s.Status != billing.PastDue || !s.CurrentPeriodEnd.Equal(time.Unix(t0.AddDate(0, 2, 0).Unix(), 0)) {
		t.Fatalf("older event overwrote: %+v", s)
	}
}

// Events carrying card numbers, CVCs and expiries: none of it is stored or
// logged; the brand and last four digits are.
func TestNoCardDataStoredOrLogged(t *testing.T) {
	r := newRig(t)
	o := r.newOrg()
	now := time.Now()
	card := map[string]any{"brand": "visa", "last4": "4242", "number": "4242424242424242", "cvc": "314", "exp_month": 12, "exp_year": 2031, "fingerprint": "fp_secret"}
	r.send(event(ids.New("evt"), billing.CheckoutCompleted, now, map[string]any{"id": "cs_1", "client_reference_id": o.ID, "customer": "cus_c1", "subscription": "sub_c1",
		"customer_details":       map[string]any{"name": "Dana Glow", "email": "billing@glow.example", "address": map[string]any{"line1": "1 Main St", "city": "Austin", "state": "TX", "postal_code": "78701", "country": "US"}},
		"payment_method_details": map[string]any{"card": card}}))
	r.send(event(ids.New("evt"), billing.CustomerUpdated, now.Add(time.Second), map[string]any{"id": "cus_c1", "name": "Dana Glow", "email": "billing@glow.example",
		"address":          map[string]any{"line1": "2 Main St", "city": "Austin", "state": "TX", "postal_code": "78701", "country": "US"},
		"metadata":         map[string]string{"orgId": o.ID},
		"invoice_settings": map[string]any{"default_payment_method": map[string]any{"id": "pm_1", "card": card}},
		"sources":          map[string]any{"data": []any{card}}}))
	s := sub(o.ID, "sub_c1", "active", now)
	s["default_payment_method"] = map[string]any{"id": "pm_1", "card": card}
	r.send(event(ids.New("evt"), billing.SubscriptionCreated, now, s))

	c := r.load(o.ID).Customer
	if c == nil || c.Brand != "visa" || c.Last4 != "4242" || c.Address.Line1 != "2 Main St" {
		t.Fatalf("customer %+v", c)
	}
	cardValues := map[string]bool{"4242424242424242": true, "314": true, "12": true, "2031": true, "fp_secret": true}
	for _, it := range testenv.All(t, r.billing) {
		for k := range it {
			for _, bad := range []string{"exp_", "expmonth", "expyear", "cvc", "number", "fingerprint", "card"} {
				if strings.Contains(strings.ToLower(k), bad) {
					t.Errorf("billing table has attribute %q", k)
				}
			}
		}
		for _, s := range strings.Split(testenv.ItemText(it), "\x00") {
			if cardValues[s] {
				t.Errorf("billing table holds card value %q in %s / %s", s, dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK))
			}
		}
	}
	for _, bad := range []string{"4242424242424242", "fp_secret", "cvc", "exp_month", "exp_year", "2031"} {
		if strings.Contains(r.log.String(), bad) {
			t.Errorf("log holds %q", bad)
		}
	}
}

// A subscription deleted through the webhook ends the customer
// relationship; after the account data is swept 3 years on, the billing
// records remain, and the erasure anonymizes them.
func TestSubscriptionDeletedEndsRelationshipAndBillingSurvives(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	o := r.newOrg()
	t0 := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	r.send(event(ids.New("evt"), billing.CheckoutCompleted, t0, map[string]any{"id": "cs_d", "client_reference_id": o.ID, "customer": "cus_d",
		"customer_details": map[string]any{"name": "Dana Glow", "email": "billing@glow.example", "address": map[string]any{"line1": "1 Main St", "city": "Austin", "country": "US"}}}))
	r.send(event(ids.New("evt"), billing.InvoicePaid, t0, map[string]any{"id": "in_d", "customer": "cus_d", "amount_paid": 9900, "currency": "usd", "status": "paid",
		"created": t0.Unix(), "period_start": t0.Unix(), "period_end": t0.AddDate(0, 1, 0).Unix()}))
	ended := t0.Add(30 * time.Minute)
	if body := r.send(event(ids.New("evt"), billing.SubscriptionDeleted, ended, sub(o.ID, "sub_d", "canceled", ended))); !strings.Contains(body, "relationship") {
		t.Fatal(body)
	}
	it, ok, err := r.accounts.Get(ctx, dynamo.Key("ORG#"+o.ID, "ORG"), true)
	if err != nil || !ok {
		t.Fatalf("org item: %v %v", ok, err)
	}
	if dynamo.String(it, "status") != string(org.Cancelled) {
		t.Fatalf("org status %q", dynamo.String(it, "status"))
	}
	if got, want := dynamo.Int(it, "expiresAt"), ended.AddDate(3, 0, 0).Unix(); got != want {
		t.Fatalf("org expiresAt %d, want %d (3 years after the subscription ended)", got, want)
	}
	if v := billing.ViewOf(r.load(o.ID)); !v.CheckoutNeeded || v.Status != billing.Canceled {
		t.Fatalf("view after deletion %+v", v)
	}

	// 3 years and a day on, the sweep deletes the account data; billing stays.
	later := ended.AddDate(3, 0, 1)
	privacy := testenv.Table(t, retention.Privacy)
	s := sweep.Sweeper{Tables: []*dynamo.Table{r.accounts, r.billing}, Checkpoints: sweep.TableCheckpoints{Table: privacy},
		Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)),
		Log:   logging.New(&bytes.Buffer{}, "INFO"), Now: func() time.Time { return later }}
	if _, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := r.accounts.Get(ctx, dynamo.Key("ORG#"+o.ID, "ORG"), true); ok {
		t.Fatal("the organization survived its 3 years")
	}
	if err := r.store.Anonymize(ctx, o.ID, later); err != nil {
		t.Fatal(err)
	}
	rec := r.load(o.ID)
	if rec.Customer == nil || rec.Subscription == nil || len(rec.Invoices) != 1 {
		t.Fatalf("billing records lost: %+v", rec)
	}
	c := rec.Customer
	if c.Name == "Dana Glow" || c.Email == "billing@glow.example" || c.Address != (billing.Address{}) || !c.Restricted || c.CustomerID != "cus_d" {
		t.Fatalf("customer not anonymized: %+v", c)
	}
	if inv := rec.Invoices[0]; inv.AmountCents != 9900 || inv.InvoiceID != "in_d" || !inv.CreatedAt.Equal(t0) {
		t.Fatalf("invoice changed: %+v", inv)
	}
	// A later customer event cannot bring the personal data back.
	r.send(event(ids.New("evt"), billing.CustomerUpdated, time.Now(), map[string]any{"id": "cus_d", "name": "Dana Glow"}))
	if r.load(o.ID).Customer.Name == "Dana Glow" {
		t.Fatal("anonymized customer rewritten")
	}
}
