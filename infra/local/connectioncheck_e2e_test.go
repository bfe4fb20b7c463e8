package local_test

import (
	"bytes"
	"context"
	"io"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
)

// testConnectionCheckWarnsOnce: one of the demo organization's Meta
// connections (connected through the simulator before) gets a token
// expiry 6 days away, and Google is connected again with one access token
// 5 minutes from expiry; the daily check, fired twice through the local
// scheduler, refreshes that token at the simulator, flags the Meta
// connection expiring and SES (moto) accepts one email to the demo owner
// naming the account and linking to the console. No token or client
// secret is then in any table, the bucket, the logs or the email.
func testConnectionCheckWarnsOnce(t *testing.T, st *local.Stack, logs *testenv.LogBuffer, frontend string) {
	ctx := context.Background()
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if q := connectThroughSimulator(t, st, demo, connector.Google); q.Get("result") != "connected" {
		t.Fatalf("connect Google: %v", q)
	}
	store, vault := connections(t, st)
	cs, err := store.List(ctx, demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	var c connector.Connection
	for _, x := range cs {
		if x.Platform == connector.Meta && x.Status == connector.Active {
			c = x
			break
		}
	}
	if c.ID == "" {
		t.Fatal("the demo organization has no active Meta connection")
	}
	c.TokenExpiresAt = time.Now().Add(6 * 24 * time.Hour).UTC().Truncate(time.Second)
	if _, err := store.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	var g connector.Connection
	for _, x := range cs {
		if x.Platform == connector.Google {
			g = x
			break
		}
	}
	if g, err = store.Get(ctx, demo.OrgID, g.ID); err != nil || g.Status != connector.Active {
		t.Fatalf("the reconnected Google connection: %s %v", g.Status, err)
	}
	gt, err := vault.Open(ctx, g.OrgID, g.ID, g.Sealed)
	if err != nil {
		t.Fatal(err)
	}
	oldAccess := gt.Access
	gt.Expiry = time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second)
	if g.Sealed, err = vault.Seal(ctx, g.OrgID, g.ID, gt); err != nil {
		t.Fatal(err)
	}
	g.TokenExpiresAt = gt.Expiry
	if _, err := store.Update(ctx, g); err != nil {
		t.Fatal(err)
	}
	schedule := ""
	for name := range st.Schedules {
		if strings.HasSuffix(name, "connection-check") {
			schedule = name
		}
	}
	before := len(testenv.EmailsTo(t, demo.Email))
	for range 2 {
		resp, err := http.Post(st.URL+"/_local/schedules/"+schedule, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", schedule, resp.StatusCode, out)
		}
	}
	got := testenv.EmailsTo(t, demo.Email)
	if len(got) != before+1 {
		t.Fatalf("%d emails to the demo owner, want %d", len(got), before+1)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got[len(got)-1].Raw))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	text := msg.Header.Get("Subject") + "\n" + string(body)
	for _, want := range []string{c.AccountName, c.AccountID, "Meta", frontend + "/connections?provider=meta&reconnect=" + c.ID} {
		if !bytes.Contains([]byte(text), []byte(want)) {
			t.Errorf("the email lacks %q:\n%s", want, text)
		}
	}
	for _, leak := range []string{"EAA", "ya29.", "1//"} {
		if strings.Contains(got[len(got)-1].Raw, leak) {
			t.Errorf("the email holds a token (%q)", leak)
		}
	}
	stored, err := store.Get(ctx, demo.OrgID, c.ID)
	if err != nil || stored.Status != connector.Expiring || stored.ExpiryNotice.Outcome != connector.NoticeSent {
		t.Fatalf("stored %s %+v %v", stored.Status, stored.ExpiryNotice, err)
	}
	refreshed, err := store.Get(ctx, demo.OrgID, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	nt, err := vault.Open(ctx, g.OrgID, g.ID, refreshed.Sealed)
	if err != nil || nt.Access == oldAccess || !nt.Expiry.After(time.Now().Add(30*time.Minute)) || refreshed.Status != connector.Active {
		t.Fatalf("the Google token near expiry was not refreshed: %s, expiry %s, %v", refreshed.Status, nt.Expiry, err)
	}

	// Every token the organization holds now, the old Google one and the
	// app secrets: in no table, object, log line or email.
	secrets := []string{local.SimApps.MetaAppSecret, local.SimApps.GoogleClientSecret, oldAccess}
	all, err := store.List(ctx, demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range all {
		if len(x.Sealed) == 0 {
			continue
		}
		tok, err := vault.Open(ctx, x.OrgID, x.ID, x.Sealed)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, tok.Access)
		if tok.Refresh != "" {
			secrets = append(secrets, tok.Refresh)
		}
	}
	var mails []string
	for _, e := range got {
		mails = append(mails, e.Raw)
	}
	scanForSecrets(t, st, logs, secrets, mails...)
}
