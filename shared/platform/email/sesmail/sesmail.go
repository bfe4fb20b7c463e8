// Package sesmail sends email through Amazon SES (the v2 API), always as a
// raw message so the headers one-click unsubscribe needs reach the
// recipient.
package sesmail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"

	"github.com/medspa-ai/backend/shared/platform/email"
)

// API is the part of the SES client the sender uses.
type API interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, opts ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// Sender sends from one verified address, optionally through a
// configuration set (bounce and complaint events, the account's
// suppression list).
type Sender struct {
	api              API
	from             string
	configurationSet string
	now              func() time.Time
}

var _ email.Sender = (*Sender)(nil)

// New returns a sender from the address from (an SES verified identity).
func New(api API, from, configurationSet string) *Sender {
	return &Sender{api: api, from: from, configurationSet: configurationSet, now: time.Now}
}

// tagValue reports whether SES accepts v as a message tag value: 1 to 256
// of A-Z, a-z, 0-9, _ and -. A loop, since the equivalent regular
// expression compiles its {1,256} into 256 states, 2.5 ms of every cold
// start that links this package.
func tagValue(v string) bool {
	if len(v) == 0 || len(v) > 256 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Send composes m and sends it.
func (s *Sender) Send(ctx context.Context, m email.Message) (string, error) {
	raw, err := email.Compose(s.from, m, s.now())
	if err != nil {
		return "", err
	}
	from := s.from
	if m.From != "" {
		from = m.From
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(from),
		Destination:      &types.Destination{ToAddresses: m.To},
		Content:          &types.EmailContent{Raw: &types.RawMessage{Data: raw}},
	}
	if s.configurationSet != "" {
		in.ConfigurationSetName = aws.String(s.configurationSet)
	}
	if tagValue(m.Kind) {
		in.EmailTags = []types.MessageTag{{Name: aws.String("kind"), Value: aws.String(m.Kind)}}
	}
	out, err := s.api.SendEmail(ctx, in)
	if err != nil {
		return "", classify(err)
	}
	return aws.ToString(out.MessageId), nil
}

// classify wraps the errors that no retry fixes in email.ErrRejected. The
// error keeps SES's code and message but never the message's content.
func classify(err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "MessageRejected", "MailFromDomainNotVerifiedException", "BadRequestException",
			"AccountSuspendedException", "SendingPausedException", "NotFoundException":
			return fmt.Errorf("%w: ses %s: %s", email.ErrRejected, ae.ErrorCode(), ae.ErrorMessage())
		}
	}
	return fmt.Errorf("ses send: %w", err)
}
