package sesmail_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

// Against moto's SES: the template's sender identity is provisioned, a
// message from it is accepted with its headers intact, and a sender that is
// not an identity is a rejection, not a retry.
func TestSendThroughSES(t *testing.T) {
	st, cfg := testenv.Stack(t)
	from := testenv.Name(t, st, "SenderIdentity")
	s := sesmail.New(sesv2.NewFromConfig(cfg), from, "")
	to := strings.ToLower(ids.New("usr")) + "@spa.example"
	id, err := s.Send(context.Background(), email.Message{
		To: []string{to}, Subject: "Your Meta connection expires in 7 days", Kind: "token_expiring",
		Text: "Reconnect before it expires.", Headers: map[string]string{"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
	})
	if err != nil || id == "" {
		t.Fatalf("send: %q %v", id, err)
	}
	got := testenv.EmailsTo(t, to)
	if len(got) != 1 || got[0].Source != from || !strings.Contains(got[0].Raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") ||
		!strings.Contains(got[0].Raw, "Subject: Your Meta connection expires in 7 days") {
		t.Fatalf("moto holds %+v", got)
	}

	_, err = sesmail.New(sesv2.NewFromConfig(cfg), "someone@unverified.example", "").Send(context.Background(),
		email.Message{To: []string{to}, Subject: "s", Text: "t"})
	if !errors.Is(err, email.ErrRejected) {
		t.Fatalf("unverified sender: %v, want ErrRejected", err)
	}
}
