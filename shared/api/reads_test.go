package api_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

var readOps = []string{"GetItem", "Query", "BatchGetItem"}

// twoReads are the routes that read the caller's membership and then their
// data from another store: two requests, both reads.
var twoReads = map[string]bool{"content.list": true, "content.get": true,
	"assets.list": true, "assets.get": true, "drafts.list": true, "drafts.get": true}

// noReads are the GET routes that read nothing: the data map is code. The
// retention report is not one request on purpose: it reads every table's
// expiry index, the tallies and the holds (its cost is bounded and stated
// in README.md; TestRetentionReport counts it and finds no Scan).
var noReads = map[string]bool{"privacy.dataMap": true, "retention.get": true}

// TestEachReadIsOneRequest calls every GET route (and the second page of
// each list) and counts, with SDK middleware on the stores' client, the
// DynamoDB requests it sent: exactly one, and a read. Authorization is
// part of that one request (the caller's membership is read with the data).
func TestEachReadIsOneRequest(t *testing.T) {
	w := newDBWorld(t)
	f := w.newOrg(t)
	for range 3 {
		must(t, w.do(t, f.owner, "POST", f.path("/support-messages"), map[string]any{"kind": "support", "subject": "s", "body": "b"}, nil), 201)
		must(t, w.do(t, f.owner, "POST", "/v1/orgs", validOrg("More"), nil), 201)
	}
	// An invitation to list: to another user's organization (a member's own
	// address cannot be invited to an organization it belongs to).
	elsewhere := str(must(t, w.do(t, f.admin, "POST", "/v1/orgs", validOrg("Elsewhere"), nil), 201), "id")
	must(t, w.do(t, f.admin, "POST", "/v1/orgs/"+elsewhere+"/members", map[string]any{"email": f.owner.email, "role": "viewer"}, nil), 201)
	var requestID string
	for range 2 {
		requestID = str(must(t, w.do(t, f.market, "POST", f.path("/content-requests"), validContent(), nil), 202), "id")
	}
	// A second asset and draft, for the second pages.
	second, _ := w.newCampaign(t, f)
	paths := map[string]string{"{orgId}": f.id, "{memberId}": f.viewer.id(), "{messageId}": "msg_2", "{requestId}": requestID, "{recommendationId}": f.rec, "{changeId}": f.change,
		"{assetId}": second, "{draftId}": f.draft, "{privacyRequestId}": f.privacy, "{holdId}": f.hold, "{policyVersion}": "2026-11"}
	w.privacy.seed(t, "pending_review") // a second page of privacy requests
	type probe struct{ name, target string }
	var probes []probe
	for _, rt := range w.h.Routes() {
		if rt.Method != "GET" || rt.Scope == "public" || noReads[rt.Name] {
			continue
		}
		target := rt.Path
		for k, v := range paths {
			target = strings.ReplaceAll(target, k, v)
		}
		probes = append(probes, probe{rt.Name, target})
		if strings.HasSuffix(rt.Name, ".list") {
			first := must(t, w.do(t, f.callerFor(target, f.owner), "GET", target+"?limit=1", nil, nil), 200)
			next, _ := first["next"].(string)
			if next == "" {
				t.Fatalf("%s has no second page to count", rt.Name)
			}
			probes = append(probes, probe{rt.Name + " (page 2)", target + "?limit=1&cursor=" + url.QueryEscape(next)})
		}
	}
	for _, p := range probes {
		w.counter.reset()
		r := w.do(t, f.callerFor(p.target, f.owner), "GET", p.target, nil, nil)
		ops := w.counter.get()
		if r.status != 200 {
			t.Errorf("%s: %s", p.name, r)
		}
		if want := twoReads[strings.TrimSuffix(p.name, " (page 2)")]; want {
			// Content requests live in their own store: the membership,
			// then the request(s).
			if len(ops) != 2 || !slices.Contains(readOps, ops[0]) || !slices.Contains(append(readOps, "GetItem"), ops[1]) {
				t.Errorf("%s sent %v, want the membership read and one read of the requests", p.name, ops)
			}
		} else if len(ops) != 1 || !slices.Contains(readOps, ops[0]) {
			t.Errorf("%s sent %v, want exactly one of %v", p.name, ops, readOps)
		}
		t.Logf("%-28s %v", p.name, ops)
	}
	// Refused reads cost the same single request, and nothing more.
	w.counter.reset()
	if r := w.do(t, newUser("stranger"), "GET", f.path("/support-messages"), nil, nil); r.status != 404 {
		t.Fatal(r)
	}
	if ops := w.counter.get(); len(ops) != 1 {
		t.Errorf("a refused read sent %v", ops)
	}
}
