package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestRequestsAreRecorded: a request leaves a usage event (analytics) and a
// request log (logs), each with its category's expiry, holding IDs, IP and
// user agent but never the body or the token.
func TestRequestsAreRecorded(t *testing.T) {
	w := newDBWorld(t)
	f := w.newOrg(t)
	secret := "Quarterly plan for the spring promo"
	before := time.Now()
	must(t, w.do(t, f.market, "POST", f.path("/support-messages"), map[string]any{"kind": "feedback", "subject": secret, "body": secret}, nil), 201)
	var usage, logs dynamo.Item
	for _, it := range testenv.Partition(t, w.tables[retention.Analytics], "USAGE#"+f.market.id()) {
		if dynamo.String(it, "feature") == "support.create" {
			usage = it
		}
	}
	for _, it := range testenv.Partition(t, w.tables[retention.Logs], "REQ#"+f.market.id()) {
		if dynamo.String(it, "route") == "POST /v1/orgs/{orgId}/support-messages" {
			logs = it
		}
	}
	if usage == nil || logs == nil {
		t.Fatalf("usage %v, log %v", usage, logs)
	}
	if dynamo.String(usage, "orgId") != f.id || dynamo.String(usage, dynamo.Category) != "analytics" {
		t.Errorf("usage event: %v", usage)
	}
	if exp := time.Unix(dynamo.Int(usage, dynamo.ExpiresAt), 0); exp.Before(before.AddDate(2, 0, -1)) || exp.After(time.Now().AddDate(2, 0, 1)) {
		t.Errorf("usage expires %s, want in 2 years", exp)
	}
	if dynamo.String(logs, "ip") != "203.0.113.7" || dynamo.String(logs, "userAgent") != "harness/1.0" || dynamo.Int(logs, "status") != 201 ||
		dynamo.String(logs, "orgId") != f.id || dynamo.String(logs, dynamo.Category) != "logs" {
		t.Errorf("request log: %v", logs)
	}
	if exp := time.Unix(dynamo.Int(logs, dynamo.ExpiresAt), 0); exp.Before(before.AddDate(1, 0, -1)) || exp.After(time.Now().AddDate(1, 0, 1)) {
		t.Errorf("request log expires %s, want in 1 year", exp)
	}
	for _, it := range []dynamo.Item{usage, logs} {
		for k, v := range it {
			if s := dynamo.String(it, k); strings.Contains(s, "Quarterly") || strings.Contains(strings.ToLower(s), "bearer") {
				t.Errorf("%s holds %v", k, v)
			}
		}
	}
	if strings.Contains(w.logText(), "Quarterly") {
		t.Error("the function log holds the body")
	}
}

// TestWhatIsRecorded: the same request, on the in-memory recorder: the
// usage event and the request log name the feature, user, org, route,
// status, IP and user agent, and neither holds the body.
func TestWhatIsRecorded(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	secret := "Quarterly plan for the spring promo " + f.id
	must(t, w.do(t, f.market, "POST", f.path("/support-messages"), map[string]any{"kind": "feedback", "subject": secret, "body": secret}, nil), 201)
	var usage *activity.UsageEvent
	for _, e := range w.activity.UsageEvents() {
		if e.UserID == f.market.id() && e.Feature == "support.create" {
			usage = &e
		}
	}
	var log *activity.RequestLog
	for _, l := range w.activity.RequestLogs() {
		if l.UserID == f.market.id() && l.Route == "POST /v1/orgs/{orgId}/support-messages" {
			log = &l
		}
	}
	if usage == nil || log == nil {
		t.Fatalf("usage %v, log %v", usage, log)
	}
	if usage.OrgID != f.id || usage.RequestID == "" || usage.At.IsZero() {
		t.Errorf("usage event: %+v", usage)
	}
	if log.IP != "203.0.113.7" || log.UserAgent != "harness/1.0" || log.Status != 201 || log.Method != "POST" || log.OrgID != f.id || log.RequestID != usage.RequestID {
		t.Errorf("request log: %+v", log)
	}
	// The shared world's log holds thousands of random IDs, among which
	// "bearer" turns up by chance now and then: the credential check reads
	// this request's own lines; the body, unique to this test, is looked
	// for everywhere.
	var own []string
	for _, line := range strings.Split(w.logText(), "\n") {
		if strings.Contains(line, usage.RequestID) {
			own = append(own, line)
		}
		if strings.Contains(line, secret) {
			t.Errorf("the function log holds the body: %s", line)
		}
	}
	if len(own) == 0 {
		t.Fatalf("no log line names request %s", usage.RequestID)
	}
	for _, s := range append([]string{fmt.Sprintf("%+v", *usage), fmt.Sprintf("%+v", *log)}, own...) {
		if strings.Contains(s, secret) || strings.Contains(strings.ToLower(s), "bearer") {
			t.Errorf("a record holds the body or a credential: %s", s)
		}
	}
}
