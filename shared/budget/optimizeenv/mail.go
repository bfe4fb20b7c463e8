package optimizeenv

import (
	"context"
	"strings"

	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/lazy"
	"github.com/medspa-ai/backend/shared/profile"
)

// GatedMail sends the weekly report through the marketing gate
// (marketing.Sender): at send time the member must be subscribed to the
// reports topic, not restricted and not on the suppression list, and the
// email carries the one-click unsubscribe link of the consent it relies
// on. The signing key is read when the first report goes, not at cold
// start; a failed read is tried again on the next send.
type GatedMail struct {
	LoadKey        func(context.Context) ([]byte, error)
	Profiles       marketing.Store
	Suppressions   marketing.Suppressions
	Next           email.Sender
	UnsubscribeURL string // the public route, <PublicApiUrl>/v1/unsubscribe

	sender lazy.Value[*marketing.Sender]
}

var _ email.Sender = (*GatedMail)(nil)

func (g *GatedMail) build(ctx context.Context) (*marketing.Sender, error) {
	key, err := g.LoadKey(ctx)
	if err != nil {
		return nil, err
	}
	signer, err := marketing.NewSigner(key)
	if err != nil {
		return nil, err
	}
	return &marketing.Sender{
		Gate:  marketing.Gate{Store: g.Profiles, Suppressions: g.Suppressions, Signer: signer, UnsubscribeURL: g.UnsubscribeURL},
		Next:  g.Next,
		Kinds: map[string]profile.Topic{"weekly_report": profile.Reports},
	}, nil
}

// Send implements email.Sender.
func (g *GatedMail) Send(ctx context.Context, m email.Message) (string, error) {
	s, err := g.sender.Get(ctx, g.build)
	if err != nil {
		return "", err
	}
	return s.Send(ctx, m)
}

// Link is the report body's unsubscribe link for userID, the same one the
// headers carry; "" when the gate would not let the email go.
func (g *GatedMail) Link(ctx context.Context, userID, topic string) (string, error) {
	s, err := g.sender.Get(ctx, g.build)
	if err != nil {
		return "", err
	}
	t, ok := profile.ParseTopic(topic)
	if !ok {
		return "", nil
	}
	d, err := s.Gate.Check(ctx, userID, t)
	if err != nil || !d.Allowed {
		return "", err
	}
	return strings.Trim(d.Headers["List-Unsubscribe"], "<>"), nil
}
