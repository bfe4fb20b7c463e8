package privacyenv

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/medspa-ai/backend/shared/platform/boot"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/email/sesmail"
	"github.com/medspa-ai/backend/shared/platform/idempotency/idempotencydb"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/notify"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention"
)

// ProfileGetter reads a user's profile (profiledb.Store).
type ProfileGetter interface {
	Get(ctx context.Context, userID string) (profile.Profile, bool, error)
}

// mail is the privacy function's email configuration: the SES sender from
// EMAIL_FROM, the public API's base (PUBLIC_API_URL) for the confirmation
// link, the privacy team's address (PRIVACY_TEAM_EMAIL).
type mail struct {
	sender     email.Sender
	confirmURL string
	team       string
}

func readMail(b *boot.Boot) mail {
	from := b.Env.Required("EMAIL_FROM")
	base := strings.TrimRight(b.Env.Required("PUBLIC_API_URL"), "/")
	return mail{sender: sesmail.New(sesv2.NewFromConfig(b.AWS), from, ""), confirmURL: base + "/v1/privacy/confirm",
		team: b.Env.Required("PRIVACY_TEAM_EMAIL")}
}

// Deliverer builds the notices' sender: the address on file is the
// subject's profile email when the request names a user.
func Deliverer(store privacy.Store, profiles ProfileGetter, sender email.Sender, confirmURL string) notify.Deliverer {
	return notify.Deliverer{Store: store, Sender: sender, ConfirmURL: confirmURL, Now: time.Now,
		Address: func(ctx context.Context, userID string) (string, error) {
			p, ok, err := profiles.Get(ctx, userID)
			if err != nil || !ok {
				return "", err
			}
			return p.Email, nil
		}}
}

// Handler is the privacy function's handler: an SQS batch (it has
// Records) goes to the worker (a request's steps, or one notice), anything
// else must be the daily schedule's event.
func Handler(b *boot.Boot) func(context.Context, json.RawMessage) (any, error) {
	p := build(b)
	work := boot.QueueWorker(b, p.work)
	daily := notify.Daily{Service: p.service, Sender: p.mail.sender, Team: p.mail.team, Log: b.Log,
		Claims: idempotencydb.ForWorkers(b.Table("EPHEMERAL_TABLE", retention.Ephemeral))}
	return boot.QueueOrSchedule("privacy", work, daily.Run)
}
