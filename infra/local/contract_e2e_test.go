package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/apicontract"
	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// notSucceededHere are the operations the stack's contract test cannot
// bring to a 2xx answer with the demo data alone, each with why; their
// request as documented must still get a documented answer (checked like
// every other), and every other operation must succeed.
var notSucceededHere = map[string]string{
	"recommendations.get":     "recommendations come from the optimiser's weekly run over synced metrics, which the demo organization has none of",
	"recommendations.approve": "no recommendation (see recommendations.get)",
	"recommendations.reject":  "no recommendation (see recommendations.get)",
	"recommendations.revert":  "no applied budget change (see recommendations.get)",
	"privacy.retry":           "only a request whose execution failed can be retried",
	"privacy.confirm":         "the one-time code exists only in the verification email (the route answers every wrong code alike)",
	"unsubscribe.get":         "the link's token is signed with the stack's own key; the document's example cannot be valid",
	"unsubscribe.confirm":     "the link's token is signed with the stack's own key; the document's example cannot be valid",
}

// contractCaller is who sends a request: a token made as `make token` makes
// it (local.EnsureMember for the role, the stack's issuer for the token).
type contractCaller struct {
	name, sub, email string
	groups           []string
	token            string
}

// TestContractAgainstTheStack is the contract test generated from the
// document, against the real stack as `make dev` runs it (every function's
// bootstrap under the RIE, the local gateway and its JWT authorizer, the
// emulators, stripe-mock and the ad-platform simulator) with the demo data.
// It reads /v1/openapi.json from the running stack and, for every operation
// in it, sends the request the document describes (its examples, path
// examples, the demo organization, IDs the earlier operations created) and
// variations of it: no token (401), a caller below the documented role
// (403, or 404 for a non-member and for the privacy team's routes), and a
// malformed body, or a body where none is taken (400). Every answer must be
// a status the operation documents with its documented content type, body
// schema and required headers; never a 5xx. Every operation is exercised,
// and all but those in notSucceededHere succeed.
func TestContractAgainstTheStack(t *testing.T) {
	cfg := testenv.Config(t)
	rie := testenv.RIE(t)
	ctx := context.Background()
	began := time.Now()
	logs := &testenv.LogBuffer{}
	sim := adplatform.StartTest(t, local.SimOptions())
	st, err := local.Up(ctx, cfg, local.Options{
		Root: testenv.Root(), RIE: rie, GatewayAddr: "127.0.0.1:0", Prefix: testenv.Unique("contract") + "-",
		StateDir: t.TempDir(), Builds: builds, Logs: logs, RetryDelay: time.Second, NoSchedules: true,
		Env: local.AdPlatformEnv(sim), StripeAPIBase: testenv.StripeMock(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closing := time.Now(); st.Close(); t.Logf("stack closed in %s", time.Since(closing)) })
	t.Logf("stack up in %s", time.Since(began))
	defer func() {
		if t.Failed() {
			t.Logf("function logs:\n%s", logs.String())
		}
	}()
	if err := local.PutSimApps(ctx, cfg, st.Provision); err != nil {
		t.Fatal(err)
	}
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}

	doc := servedDocument(t, st.URL)
	ops := doc.Operations()
	if len(ops) < 60 {
		t.Fatalf("the document has only %d operations", len(ops))
	}

	mint := func(c *contractCaller) *contractCaller {
		tok, err := st.Tokens.Token(local.Identity{Subject: c.sub, Email: c.email, Groups: c.groups}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		c.token = tok
		return c
	}
	member := func(name string, role org.Role) *contractCaller {
		c := &contractCaller{name: name, sub: "contract-" + name, email: "contract-" + name + "@example.com"}
		if err := local.EnsureMember(ctx, st.AWS, st.Provision, local.Member{OrgID: demo.OrgID, Subject: c.sub, Email: c.email, Role: role}); err != nil {
			t.Fatal(err)
		}
		return mint(c)
	}
	owner := &contractCaller{name: "owner", sub: demo.UserID, email: demo.Email, token: demo.Token}
	admin, viewer := member("admin", org.Admin), member("viewer", org.Viewer)
	target := member("member", org.Viewer) // the {memberId} the member routes change and remove
	outsider := mint(&contractCaller{name: "outsider", sub: "contract-outsider", email: "contract-outsider@example.com"})
	privacyTeam := mint(&contractCaller{name: "privacy team", sub: "contract-privacy", email: "privacy@medspa.example", groups: []string{local.PrivacyTeam}})
	var invitee *contractCaller // the invitation example's email, once invited

	// The demo organization's Meta accounts, connected as a member's
	// browser would (the console's path through the simulator), after it
	// turned on the automations of the settings example: a connection is
	// granted the write scope campaigns are published with only then.
	settingsOp, err := doc.Operation("PUT", "/v1/orgs/{orgId}/campaign-settings")
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := json.Marshal(apicontract.AsMap(apicontract.AsMap(apicontract.AsMap(settingsOp["requestBody"])["content"])["application/json"])["example"])
	current := testenv.Call(t, http.MethodGet, st.URL+"/v1/orgs/"+demo.OrgID+"/campaign-settings", nil, testenv.Bearer(demo.Token))
	h := testenv.Bearer(demo.Token)
	h["Content-Type"], h["If-Match"] = "application/json", current.Header.Get("ETag")
	if a := testenv.Call(t, http.MethodPut, st.URL+"/v1/orgs/"+demo.OrgID+"/campaign-settings", bytes.NewReader(settings), h); a.Status != 200 {
		t.Fatalf("turning the automations on: %d %s", a.Status, a.Body)
	}
	if q := connectThroughSimulator(t, st, demo, connector.Meta); q.Get("result") != "connected" {
		t.Fatalf("connecting Meta: %v", q)
	}
	conns := getOK(t, st.URL, demo.Token, "/v1/orgs/"+demo.OrgID+"/connections")
	var list struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(conns, &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no connection listed: %s", conns)
	}

	// The path parameters: the demo organization and the member made for
	// the member routes; the rest are taken from what the operations
	// create (the id of a POST to a collection), or the document's example.
	bound := map[string]string{"orgId": demo.OrgID, "memberId": ids.UserID(target.sub), "connectionId": list.Items[0].ID}
	examples := map[string]string{} // parameter -> its documented example
	for _, o := range ops {
		for _, p := range params(o) {
			if ex, ok := p["example"].(string); ok && p["in"] == "path" {
				examples[p["name"].(string)] = ex
			}
		}
	}
	paramRe := regexp.MustCompile(`\{(\w+)\}`)
	fill := func(tmpl string) string {
		return paramRe.ReplaceAllStringFunc(tmpl, func(m string) string {
			name := m[1 : len(m)-1]
			if v, ok := bound[name]; ok {
				return v
			}
			return examples[name]
		})
	}
	// The examples of bodies name the examples of IDs: send the live ones.
	liveIDs := func(b []byte) []byte {
		s := string(b)
		for name, ex := range examples {
			if v, ok := bound[name]; ok {
				s = strings.ReplaceAll(s, ex, v)
			}
		}
		return []byte(s)
	}

	type answer struct {
		status int
		header http.Header
		body   []byte
	}
	send := func(t *testing.T, who *contractCaller, method, path string, body []byte, hdr map[string]string) answer {
		t.Helper()
		var rd io.Reader
		h := map[string]string{}
		if who != nil {
			h = testenv.Bearer(who.token)
		}
		if body != nil {
			rd = bytes.NewReader(body)
			h["Content-Type"] = "application/json"
		}
		maps.Copy(h, hdr)
		r := testenv.Call(t, method, st.URL+path, rd, h)
		a := answer{r.Status, r.Header, r.Body}
		if a.status >= 500 {
			t.Errorf("%s %s as %s: %d %s", method, path, callerName(who), a.status, a.body)
		} else if err := doc.Conforms(method, path, a.status, a.header, a.body); err != nil {
			t.Errorf("%s %s as %s -> %d %s\ndoes not match the document: %v", method, path, callerName(who), a.status, a.body, err)
		}
		return a
	}
	expect := func(t *testing.T, what string, a answer, status int, problem string) {
		t.Helper()
		if a.status != status || a.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s %s, want %d problem+json", what, a.status, a.header.Get("Content-Type"), a.body, status)
			return
		}
		var p struct{ Type string }
		_ = json.Unmarshal(a.body, &p)
		if problem != "" && !strings.HasSuffix(p.Type, "/"+problem) {
			t.Errorf("%s: problem %s, want %s", what, p.Type, problem)
		}
	}

	t.Logf("demo data ready at %s", time.Since(began))
	exercised, succeeded := map[string]bool{}, map[string]bool{}
	for _, o := range contractOrder(ops) {
		id := o.ID()
		t.Run(id, func(t *testing.T) {
			who := owner
			switch {
			case isPublic(o):
				who = nil
			case strings.HasPrefix(o.Path, "/v1/me/invitations"):
				if invitee == nil {
					t.Fatal("members.invite did not run first: no invitee")
				}
				who = invitee
			case strings.HasSuffix(o.Path, "/leave"):
				who = admin // the only owner may not leave
			case strings.HasPrefix(o.Path, "/v1/privacy/"):
				who = privacyTeam
			}
			if strings.HasPrefix(o.Path, "/v1/privacy/requests/{privacyRequestId}/") && o.Method == "POST" {
				// Each action on a request of its own, in the status the
				// action needs: verify on one without verification.
				bound["privacyRequestId"] = newPrivacyRequest(t, st.URL, doc, privacyTeam.token, id, id == "privacy.verify")
			}
			path := fill(o.Path)
			hdr := map[string]string{}
			query := url.Values{}
			for _, p := range params(o) {
				ex, hasEx := p["example"].(string)
				switch {
				case p["in"] == "query" && hasEx:
					query.Set(p["name"].(string), ex)
				case p["name"] == "If-Match":
					hdr["If-Match"] = ex
					if _, err := doc.Operation("GET", path); err == nil {
						if a := send(t, who, "GET", path, nil, nil); a.status == 200 && a.header.Get("ETag") != "" {
							hdr["If-Match"] = a.header.Get("ETag")
						}
					}
				case p["name"] == "Idempotency-Key":
					hdr["Idempotency-Key"] = ex + "-" + id
				}
			}
			if len(query) > 0 {
				path += "?" + query.Encode()
			}
			var body []byte
			if media := apicontract.AsMap(apicontract.AsMap(apicontract.AsMap(o.Op["requestBody"])["content"])["application/json"]); media != nil {
				ex, ok := media["example"]
				if !ok {
					t.Fatal("the request body has no example")
				}
				body, _ = json.Marshal(ex)
				body = liveIDs(body)
			}

			// The variations first, while what the operation changes is
			// still there: none of them may change anything.
			if !isPublic(o) {
				expect(t, "no token", send(t, nil, o.Method, path, body, hdr), 401, "")
			}
			if lower, want, problem := belowRole(o, viewer, outsider, owner); lower != nil && who != nil {
				a := send(t, lower, o.Method, path, body, withKey(hdr, "-role"))
				expect(t, "as "+lower.name, a, want, problem)
			}
			if o.Method != "GET" && o.Method != "DELETE" && who != nil {
				a := send(t, who, o.Method, path, []byte(`{"a":`), withKey(hdr, "-body"))
				expect(t, "a malformed body", a, 400, "")
			}

			if id == "drafts.delivery" {
				// Approval publishes through PublishQueue and the publisher:
				// wait for the campaign as a client polling the draft would.
				draft := fill("/v1/orgs/{orgId}/campaign-drafts/{draftId}")
				waitFor(t, "the approved draft to be published", 20*time.Second, func() bool {
					var d struct{ Status string }
					_ = json.Unmarshal(getOK(t, st.URL, owner.token, draft), &d)
					return d.Status == "published"
				})
			}
			if id == "billing.portal" {
				// The portal is for a Stripe customer, which an organization
				// is once Stripe reports its checkout completed: deliver that
				// as make stripe-event does.
				ev, err := local.SendStripeEvent(ctx, st.URL, filepath.Join(testenv.Root(), "events", "billingwebhook", "stripe"), "checkout.session.completed", demo.OrgID)
				if err != nil || ev.Status != 200 {
					t.Fatalf("checkout.session.completed: %v %d %s", err, ev.Status, ev.Body)
				}
			}
			a := send(t, who, o.Method, path, body, hdr)
			exercised[id] = true
			if a.status < 200 || a.status > 299 {
				if _, ok := notSucceededHere[id]; !ok {
					t.Errorf("%s %s as documented, as %s: %d %s", o.Method, path, callerName(who), a.status, a.body)
				}
				return
			}
			succeeded[id] = true
			if _, ok := notSucceededHere[id]; ok {
				t.Errorf("%s succeeds now: take it out of notSucceededHere", id)
			}
			if key := hdr["Idempotency-Key"]; key != "" {
				again := send(t, who, o.Method, path, body, hdr)
				if again.status != a.status || again.header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("a retry with the same Idempotency-Key: %d (Idempotent-Replayed %q), first %d", again.status, again.header.Get("Idempotent-Replayed"), a.status)
				}
			}
			// What a POST to a collection creates is the {param} of the
			// paths below it.
			if created := createdID(a.body); o.Method == "POST" && created != "" {
				for _, other := range ops {
					if rest, ok := strings.CutPrefix(other.Path, o.Path+"/{"); ok {
						if name, _, _ := strings.Cut(rest, "}"); bound[name] == "" {
							bound[name] = created
						}
					}
				}
			}
			if id == "assets.create" {
				uploadPNG(t, a.body) // the client's part: the file to the presigned POST
			}
			if id == "members.invite" {
				var inv struct{ Email string }
				_ = json.Unmarshal(body, &inv)
				invitee = mint(&contractCaller{name: "invitee", sub: "contract-invitee", email: inv.Email})
			}
		})
	}
	var missing []string
	for _, o := range ops {
		if !exercised[o.ID()] {
			missing = append(missing, o.Method+" "+o.Path+" ("+o.ID()+")")
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations of the document not exercised: %s", strings.Join(missing, ", "))
	}
	for id := range notSucceededHere {
		if _, err := findOp(ops, id); err != nil {
			t.Errorf("notSucceededHere names %s: %v", id, err)
		}
	}
	t.Logf("%d operations exercised, %d succeeded as documented, at %s", len(exercised), len(succeeded), time.Since(began))
}

// createdID is the id of what a create answered: the body's own, or that
// of the one object it holds with an id (an upload's {"asset": ...}).
func createdID(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	if id, ok := m["id"].(string); ok {
		return id
	}
	found := ""
	for _, v := range m {
		if id, ok := apicontract.AsMap(v)["id"].(string); ok {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}

// contractOrder sends what creates first, then the reads, the invitee's
// invitation, what changes, what removes, and last leaving, cancelling and
// reactivating the organization: each operation finds what the earlier
// ones left.
func contractOrder(ops []apicontract.Operation) []apicontract.Operation {
	collection := map[string]bool{}
	for _, o := range ops {
		if o.Method == "GET" {
			collection[o.Path] = true
		}
	}
	rank := func(o apicontract.Operation) int {
		switch {
		case o.Path == "/v1/me/invitations":
			return 2
		case strings.HasPrefix(o.Path, "/v1/me/invitations/"):
			return 3
		case o.Method == "POST" && (collection[o.Path] || strings.HasSuffix(o.Path, "/assets/{assetId}/complete")):
			return 0 // an upload is completed before a draft names it
		case o.Method == "GET":
			return 1
		case strings.HasSuffix(o.Path, "/leave"):
			return 6
		case strings.HasSuffix(o.Path, "/cancel") && strings.HasPrefix(o.Path, "/v1/orgs/"):
			return 7
		case strings.HasSuffix(o.Path, "/reactivate"):
			return 8
		case o.Method == "DELETE":
			return 5
		}
		return 4
	}
	out := append([]apicontract.Operation(nil), ops...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// belowRole is a caller the operation must refuse and the documented
// answer: a viewer where a stronger role is needed (403 forbidden), a
// non-member where any member may (404: other organizations do not
// exist for them), a user outside the privacy team on its routes (404).
func belowRole(o apicontract.Operation, viewer, outsider, owner *contractCaller) (*contractCaller, int, string) {
	switch role, _ := o.Op["x-min-role"].(string); {
	case strings.HasPrefix(o.Path, "/v1/privacy/"):
		return owner, 404, ""
	case role == "viewer":
		return outsider, 404, ""
	case role != "":
		return viewer, 403, "forbidden"
	}
	return nil, 0, ""
}

func isPublic(o apicontract.Operation) bool {
	sec, ok := o.Op["security"].([]any)
	return ok && len(sec) == 0
}

func params(o apicontract.Operation) []map[string]any {
	var out []map[string]any
	l, _ := o.Op["parameters"].([]any)
	for _, p := range l {
		out = append(out, apicontract.AsMap(p))
	}
	return out
}

func withKey(hdr map[string]string, suffix string) map[string]string {
	out := map[string]string{}
	for k, v := range hdr {
		out[k] = v
	}
	if k, ok := out["Idempotency-Key"]; ok {
		out["Idempotency-Key"] = k + suffix
	}
	return out
}

func callerName(c *contractCaller) string {
	if c == nil {
		return "nobody"
	}
	return c.name
}

func findOp(ops []apicontract.Operation, id string) (apicontract.Operation, error) {
	for _, o := range ops {
		if o.ID() == id {
			return o, nil
		}
	}
	return apicontract.Operation{}, fmt.Errorf("no operation %s in the document", id)
}

// newPrivacyRequest files the document's example request for a subject of
// its own (tag), as the privacy team, and returns its ID; unverified
// leaves out the verification, for an action that needs it still to come.
func newPrivacyRequest(t *testing.T, base string, doc *apicontract.Doc, token, tag string, unverified bool) string {
	t.Helper()
	op, err := doc.Operation("POST", "/v1/privacy/requests")
	if err != nil {
		t.Fatal(err)
	}
	ex := apicontract.AsMap(apicontract.AsMap(apicontract.AsMap(apicontract.AsMap(op["requestBody"])["content"])["application/json"])["example"])
	body := map[string]any{}
	for k, v := range ex {
		body[k] = v
	}
	body["subject"] = map[string]any{"email": strings.ReplaceAll(tag, ".", "-") + "@glowmedspa.example"}
	if unverified {
		delete(body, "verification")
	}
	b, _ := json.Marshal(body)
	h := testenv.Bearer(token)
	h["Content-Type"] = "application/json"
	a := testenv.Call(t, "POST", base+"/v1/privacy/requests", bytes.NewReader(b), h)
	var created struct{ ID string }
	if a.Status != 201 || json.Unmarshal(a.Body, &created) != nil || created.ID == "" {
		t.Fatalf("a privacy request for %s: %d %s", tag, a.Status, a.Body)
	}
	return created.ID
}

// uploadPNG posts a 1080x1080 PNG to the presigned S3 POST of an upload
// ticket (assets.create's answer), as a browser's form would.
func uploadPNG(t *testing.T, ticket []byte) {
	t.Helper()
	var tk struct {
		Upload struct {
			URL    string
			Fields map[string]string
		}
	}
	if err := json.Unmarshal(ticket, &tk); err != nil || tk.Upload.URL == "" {
		t.Fatalf("no upload in %s", ticket)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 1080, 1080))); err != nil {
		t.Fatal(err)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	for k, v := range tk.Upload.Fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "spring.png")
	_, _ = fw.Write(img.Bytes())
	_ = mw.Close()
	res, err := http.Post(tk.Upload.URL, mw.FormDataContentType(), &form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("the upload to %s: %d %s", tk.Upload.URL, res.StatusCode, b)
	}
}

// getOK GETs path as the bearer of token and returns the body of its 200.
func getOK(t *testing.T, base, token, path string) []byte {
	t.Helper()
	a := testenv.Call(t, http.MethodGet, base+path, nil, testenv.Bearer(token))
	if a.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, a.Status, a.Body)
	}
	return a.Body
}

// servedDocument reads the OpenAPI document the stack at base serves.
func servedDocument(t *testing.T, base string) *apicontract.Doc {
	t.Helper()
	resp, err := http.Get(base + "/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := apicontract.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
