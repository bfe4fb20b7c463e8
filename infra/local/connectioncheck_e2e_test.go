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

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// testConnectionCheckWarnsOnce: one of the demo organization's Meta
// connections (connected through the simulator before) gets a token
// expiry 6 days away; the daily check, fired twice through the local
// scheduler, flags it expiring and SES (moto) accepts one email to the
// demo owner naming the account and linking to the console, with no token.
func testConnectionCheckWarnsOnce(t *testing.T, st *local.Stack, frontend string) {
	ctx := context.Background()
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	account, err := dynamo.NewTable(dynamodb.NewFromConfig(st.AWS), st.Provision.Resources["AccountTable"].Ref, retention.Account, retention.Default)
	if err != nil {
		t.Fatal(err)
	}
	store, err := connectordb.New(account)
	if err != nil {
		t.Fatal(err)
	}
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
}
