package api_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/privacy"
)

// documented is one operation of the OpenAPI document.
type documented struct {
	method, path string
	op           map[string]any
}

func (w *world) documentedOperations() []documented {
	var ops []documented
	for path, item := range w.openapi["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			ops = append(ops, documented{strings.ToUpper(method), path, op.(map[string]any)})
		}
	}
	// Reads first, then what creates, then what changes, removes and ends:
	// each operation finds the data the earlier ones left.
	rank := func(d documented) int {
		switch {
		case strings.HasPrefix(d.path, "/v1/me/invitations"):
			return map[string]int{"GET": 2, "POST": 3}[d.method]
		case d.method == "GET":
			return 0
		case strings.HasSuffix(d.path, "/reactivate"):
			return 8 // the organization the cancel just cancelled
		case strings.HasSuffix(d.path, "/cancel"):
			return 7
		case strings.HasSuffix(d.path, "/leave"):
			return 6
		case d.method == "POST":
			return 1
		case d.method == "DELETE":
			return 5
		}
		return 4
	}
	sort.Slice(ops, func(i, j int) bool {
		if ri, rj := rank(ops[i]), rank(ops[j]); ri != rj {
			return ri < rj
		}
		return ops[i].method+ops[i].path < ops[j].method+ops[j].path
	})
	return ops
}

// TestEveryOperationAsDocumented is the contract test generated from the
// document: for every operation it sends the request the document's
// examples describe (body, Idempotency-Key; the path parameters and
// If-Match filled from an organization set up like the demo one), expects
// the documented success status, and validates the response's headers and
// body against the document (w.do). Every example of the document is
// checked against its schema too, so what a frontend copies from it works.
func TestEveryOperationAsDocumented(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	ops := w.documentedOperations()
	var inviteEmail string
	for _, d := range ops {
		if d.method == "POST" && d.path == "/v1/orgs/{orgId}/members" {
			ex := asMap(asMap(asMap(asMap(d.op["requestBody"])["content"])["application/json"])["example"])
			inviteEmail, _ = ex["email"].(string)
		}
	}
	if inviteEmail == "" {
		t.Fatal("the invitation's example has no email")
	}
	invitee := newUser("invitee")
	invitee.email = inviteEmail
	fill := strings.NewReplacer("{orgId}", f.id, "{memberId}", f.viewer.id(), "{messageId}", "msg_1", "{requestId}", f.content, "{connectionId}", f.conn, "{provider}", "meta", "{recommendationId}", f.rec, "{changeId}", f.change, "{assetId}", f.asset, "{draftId}", f.draft, "{privacyRequestId}", f.privacy, "{holdId}", f.hold, "{policyVersion}", "2026-11", "/v1/unsubscribe", "/v1/unsubscribe?token="+url.QueryEscape(f.unsub))
	for _, d := range ops {
		name, _ := d.op["operationId"].(string)
		t.Run(name, func(t *testing.T) {
			caller := f.owner
			switch {
			case d.op["security"] != nil:
				caller = nil // public: no token
			case strings.HasPrefix(d.path, "/v1/me/invitations"):
				caller = invitee
			case strings.HasSuffix(d.path, "/leave"):
				caller = f.admin // the last owner may not leave
			}
			caller = f.callerFor(d.path, caller)
			path := fill.Replace(d.path)
			if strings.Contains(d.path, "{privacyRequestId}") {
				// Each action on a request in the status it needs.
				st := map[string]privacy.Status{"privacy.retry": privacy.Failed, "privacy.verify": privacy.IdentityUnverified}[name]
				if st == "" {
					st = privacy.PendingReview
				}
				path = strings.NewReplacer("{privacyRequestId}", w.privacy.seed(t, st)).Replace(strings.NewReplacer("{orgId}", f.id).Replace(d.path))
			}
			hdr := map[string]string{}
			params, _ := d.op["parameters"].([]any)
			for _, p := range params {
				p := asMap(p)
				if ex, ok := p["example"]; ok {
					if err := w.check(asMap(p["schema"]), ex, name+" parameter "+p["name"].(string)); err != nil {
						t.Errorf("the example does not match its schema: %v", err)
					}
				}
				switch p["name"] {
				case "If-Match":
					if p["required"] == true {
						hdr["If-Match"] = must200(t, w, caller, path).header("ETag")
					}
				case "Idempotency-Key":
					hdr["Idempotency-Key"] = p["example"].(string) + "-" + name + "-" + f.id
				}
			}
			var body any
			if media := asMap(asMap(asMap(d.op["requestBody"])["content"])["application/json"]); media != nil {
				ex, ok := media["example"]
				if !ok {
					t.Fatal("the request body has no example")
				}
				if err := w.check(asMap(media["schema"]), ex, "request example"); err != nil {
					t.Errorf("the request example does not match its schema: %v", err)
				}
				body, _ = json.Marshal(ex)
				// The draft example names the example connection and asset:
				// send the fixture's.
				body = []byte(strings.NewReplacer("con_k2m4q6x5z3w7b2n4c6d2f4h6", f.conn, "as_b4n6q2x5z3w7k2m4c6d2f4h6j7", f.asset).Replace(string(body.([]byte))))
				if name == "privacy.confirm" {
					// The example's reference and code: a request waiting for
					// its code, and the code emailed.
					id := w.privacy.seed(t, privacy.IdentityUnverified)
					body = []byte(strings.NewReplacer(`"requestId":"prq_q7k2m4x6z3w5b7n2c4d6f2h4j5"`, `"requestId":"`+id+`"`, `"code":"482913"`, `"code":"`+w.privacy.code(id)+`"`).Replace(string(body.([]byte))))
				}
			}
			want := 0
			for code, res := range d.op["responses"].(map[string]any) {
				if code[0] == '2' {
					want = int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[2]-'0')
					for _, media := range asMap(w.resolve(asMap(res))["content"]) {
						if ex, ok := asMap(media)["example"]; ok {
							if err := w.check(asMap(asMap(media)["schema"]), ex, "response example"); err != nil {
								t.Errorf("the %s example does not match its schema: %v", code, err)
							}
						}
					}
				}
			}
			r := w.do(t, caller, d.method, path, body, hdr)
			if r.status != want {
				t.Fatalf("%s %s as documented: %s, want %d", d.method, path, r, want)
			}
			if key := hdr["Idempotency-Key"]; key != "" {
				again := w.do(t, caller, d.method, path, body, hdr)
				if again.status != r.status || !bytes.Equal(again.body, r.body) || again.header("Idempotent-Replayed") != "true" {
					t.Errorf("a retry with the same Idempotency-Key: %s (Idempotent-Replayed %q), first %s", again, again.header("Idempotent-Replayed"), r)
				}
			}
		})
	}
}

func must200(t *testing.T, w *world, u *user, path string) resp {
	t.Helper()
	r := w.do(t, u, "GET", path, nil, nil)
	if r.status != 200 || r.header("ETag") == "" {
		t.Fatalf("GET %s for its ETag: %s", path, r)
	}
	return r
}
