package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/platform/envelope"
	"github.com/medspa-ai/backend/shared/retention"
)

// noRedirects is a browser that shows each redirect instead of following it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// connectThroughSimulator plays the member's browser: authorize through
// the API, the start link, consent on the simulator's page, the callback,
// back to the frontend. It returns the frontend URL the browser lands on.
func connectThroughSimulator(t *testing.T, st *local.Stack, demo local.Demo, p connector.Platform) url.Values {
	t.Helper()
	a := testenv.Call(t, http.MethodPost, st.URL+"/v1/orgs/"+demo.OrgID+"/connections/"+string(p)+"/authorize", nil, testenv.Bearer(demo.Token))
	var auth struct{ AuthorizationURL string }
	_ = json.Unmarshal(a.Body, &auth)
	if a.Status != 200 || !strings.HasPrefix(auth.AuthorizationURL, st.URL+"/oauth/"+string(p)+"/start?state=") {
		t.Fatalf("authorize: %d %q", a.Status, auth.AuthorizationURL)
	}
	step := func(method, target string, body io.Reader, cookies []*http.Cookie) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, target, body)
		if body != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		return resp
	}
	start := step(http.MethodGet, auth.AuthorizationURL, nil, nil)
	consent := start.Header.Get("Location")
	if start.StatusCode != http.StatusFound || consent == "" {
		t.Fatalf("start: %d", start.StatusCode)
	}
	binding := start.Cookies()
	if page := step(http.MethodGet, consent, nil, nil); page.StatusCode != 200 {
		b, _ := io.ReadAll(page.Body)
		t.Fatalf("consent page: %d %s", page.StatusCode, b)
	}
	allowed := step(http.MethodPost, consent, strings.NewReader("decision=allow"), nil)
	callback := allowed.Header.Get("Location")
	if allowed.StatusCode != http.StatusFound || !strings.HasPrefix(callback, st.URL+"/oauth/"+string(p)+"/callback?") {
		t.Fatalf("consent: %d %q", allowed.StatusCode, callback)
	}
	back := step(http.MethodGet, callback, nil, binding)
	landing, err := url.Parse(back.Header.Get("Location"))
	if back.StatusCode != http.StatusSeeOther || err != nil || landing.Path != "/connections" {
		t.Fatalf("callback: %d %q", back.StatusCode, back.Header.Get("Location"))
	}
	if strings.Contains(landing.RawQuery, "code=") || strings.Contains(landing.RawQuery, "token") {
		t.Fatalf("the landing URL carries a secret: %s", landing)
	}
	return landing.Query()
}

// testConnectAdAccounts connects the demo organization's Meta and Google
// Ads accounts through the simulator, checks what is stored and listed,
// and scans every table, the bucket and every log line for a plaintext
// token or app secret.
func testConnectAdAccounts(t *testing.T, st *local.Stack, sim *adplatform.Server, logs *testenv.LogBuffer) {
	ctx := context.Background()
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	want := map[connector.Platform]string{connector.Meta: "3", connector.Google: "3"} // Google: the manager's three clients, not the manager
	for _, p := range []connector.Platform{connector.Meta, connector.Google} {
		q := connectThroughSimulator(t, st, demo, p)
		if q.Get("result") != "connected" || q.Get("accounts") != want[p] {
			t.Fatalf("%s: landed with %v", p, q)
		}
	}
	// Reconnecting Meta updates its three connections.
	if q := connectThroughSimulator(t, st, demo, connector.Meta); q.Get("result") != "connected" {
		t.Fatalf("reconnect: %v", q)
	}

	// Listed by the API, without tokens.
	listBody := getOK(t, st.URL, demo.Token, "/v1/orgs/"+demo.OrgID+"/connections")
	var list struct {
		Items []struct{ ID, Provider, AccountID, AccountName, Status string }
	}
	_ = json.Unmarshal(listBody, &list)
	byProvider := map[string]int{}
	for _, c := range list.Items {
		byProvider[c.Provider]++
		if c.Status != "active" || c.AccountName == "" || c.AccountID == "1000000001" {
			t.Errorf("listed %+v", c)
		}
	}
	if byProvider["meta"] != 3 || byProvider["google"] != 3 {
		t.Fatalf("list: %s", listBody)
	}

	// Stored sealed: they open with their organization and connection only.
	store, vault := connections(t, st)
	conns, err := store.List(ctx, demo.OrgID)
	if err != nil || len(conns) != 6 {
		t.Fatalf("stored %d connections, %v", len(conns), err)
	}
	secrets := []string{local.SimApps.MetaAppSecret, local.SimApps.GoogleClientSecret}
	for _, c := range conns {
		tok, err := vault.Open(ctx, c.OrgID, c.ID, c.Sealed)
		if err != nil || tok.Access == "" || (c.Platform == connector.Google && tok.Refresh == "") {
			t.Fatalf("%s %s: tokens do not open: %v", c.Platform, c.ID, err)
		}
		secrets = append(secrets, tok.Access)
		if tok.Refresh != "" {
			secrets = append(secrets, tok.Refresh)
		}
		if _, err := vault.Open(ctx, "org_other", c.ID, c.Sealed); !errors.Is(err, envelope.ErrOpen) {
			t.Errorf("%s opens for another organization: %v", c.ID, err)
		}
		other := conns[0].ID
		if other == c.ID {
			other = conns[1].ID
		}
		if _, err := vault.Open(ctx, c.OrgID, other, c.Sealed); !errors.Is(err, envelope.ErrOpen) {
			t.Errorf("%s opens as %s: %v", c.ID, other, err)
		}
	}
	scanForSecrets(t, st, logs, secrets, string(listBody))

	// Disconnecting the Google accounts through the API: each loses its
	// tokens and stays listed as revoked; the consent they share is revoked
	// at Google once, with the last.
	revokes := sim.CountRequests(http.MethodPost, "/revoke")
	for _, c := range conns {
		if c.Platform != connector.Google {
			continue
		}
		if a := testenv.Call(t, http.MethodDelete, st.URL+"/v1/orgs/"+demo.OrgID+"/connections/"+c.ID, nil, testenv.Bearer(demo.Token)); a.Status != http.StatusNoContent {
			t.Fatalf("disconnect %s: %d", c.ID, a.Status)
		}
		after, err := store.Get(ctx, c.OrgID, c.ID)
		if err != nil || after.Status != connector.Revoked || len(after.Sealed) != 0 {
			t.Fatalf("after disconnect: %+v %v", after, err)
		}
	}
	if n := sim.CountRequests(http.MethodPost, "/revoke") - revokes; n != 1 {
		t.Fatalf("%d revocations at Google, want 1 (the last account of the consent)", n)
	}
}

// connections opens the stack's connection store and token vault, to look
// at connections behind the API's back.
func connections(t *testing.T, st *local.Stack) (connectordb.Store, connector.Vault) {
	t.Helper()
	account, err := st.Provision.Table(dynamodb.NewFromConfig(st.AWS), retention.Account)
	if err != nil {
		t.Fatal(err)
	}
	store, err := connectordb.New(account)
	if err != nil {
		t.Fatal(err)
	}
	return store, connector.NewVault(envelope.Sealer{KMS: kms.NewFromConfig(st.AWS), KeyID: st.Provision.Resources["TokenKey"].Attrs["Arn"]})
}

// scanForSecrets looks for each secret in every item of every table, every
// object of the bucket, every log line and the extra texts.
func scanForSecrets(t *testing.T, st *local.Stack, logs *testenv.LogBuffer, secrets []string, extra ...string) {
	t.Helper()
	ctx := context.Background()
	var hay []string
	db := dynamodb.NewFromConfig(st.AWS)
	for c, id := range provision.TableIDs {
		tb, err := st.Provision.Table(db, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range testenv.All(t, tb) {
			hay = append(hay, id+": "+testenv.ItemText(it))
		}
	}
	if b, ok := st.Provision.Resources["AssetsBucket"]; ok {
		s3c := s3.NewFromConfig(st.AWS)
		out, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(b.Ref)})
		if err == nil {
			for _, o := range out.Contents {
				obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.Ref), Key: o.Key})
				if err == nil {
					body, _ := io.ReadAll(obj.Body)
					obj.Body.Close()
					hay = append(hay, "s3 "+aws.ToString(o.Key)+": "+string(body))
				}
			}
		}
	}
	hay = append(hay, "logs: "+logs.String())
	hay = append(hay, extra...)
	for _, s := range secrets {
		for _, h := range hay {
			if strings.Contains(h, s) {
				t.Errorf("a plaintext secret (%d chars, starts %q) is in %.60s", len(s), s[:4], h)
			}
		}
	}
	t.Logf("scanned %d items and texts for %d secrets", len(hay), len(secrets))
}
