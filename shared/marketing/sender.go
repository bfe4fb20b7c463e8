package marketing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/profile"
)

// ErrSkipped: the gate did not let a marketing email go (not subscribed,
// suppressed, restricted, no address). It also wraps email.ErrRejected, so
// a queue worker records it instead of retrying.
var ErrSkipped = errors.New("marketing: send skipped")

type recipientKey struct{}

type recipient struct {
	userID string
	topic  profile.Topic
}

// For marks ctx's sends as marketing email of topic t to userID: the
// Sender checks the gate for them.
func For(ctx context.Context, userID string, t profile.Topic) context.Context {
	return context.WithValue(ctx, recipientKey{}, recipient{userID, t})
}

// Sender is an email.Sender for code that sends marketing email (the
// weekly report, product news): a message marked with For goes only if
// the gate allows it, to the profile's address, with the List-Unsubscribe
// headers of the consent it relies on. A message of a kind in Kinds that
// is not marked is refused (a marketing send that forgot its recipient
// must not go ungated); any other message (service notices, verification
// codes) passes through unchanged.
type Sender struct {
	Gate Gate
	Next email.Sender
	// Kinds maps message kinds to the topic they belong to
	// ("weekly_report": reports).
	Kinds map[string]profile.Topic
}

var _ email.Sender = Sender{}

// Send implements email.Sender.
func (s Sender) Send(ctx context.Context, m email.Message) (string, error) {
	r, marked := ctx.Value(recipientKey{}).(recipient)
	topic, marketingKind := s.Kinds[m.Kind]
	switch {
	case !marked && !marketingKind:
		return s.Next.Send(ctx, m)
	case !marked:
		return "", fmt.Errorf("%w: a %s message needs its recipient (marketing.For): %w", ErrSkipped, m.Kind, email.ErrRejected)
	case marketingKind && topic != r.topic:
		return "", fmt.Errorf("%w: a %s message is not of topic %s: %w", ErrSkipped, m.Kind, r.topic, email.ErrRejected)
	}
	d, err := s.Gate.Check(ctx, r.userID, r.topic)
	if err != nil {
		return "", err
	}
	if !d.Allowed {
		return "", fmt.Errorf("%w (%s): %w", ErrSkipped, d.Reason, email.ErrRejected)
	}
	m.To = []string{d.To}
	if m.Raw != nil {
		m.Raw = withHeaders(m.Raw, d.Headers)
	} else {
		h := make(map[string]string, len(m.Headers)+2)
		for k, v := range m.Headers {
			h[k] = v
		}
		for k, v := range d.Headers {
			h[k] = v
		}
		m.Headers = h
	}
	return s.Next.Send(ctx, m)
}

// withHeaders puts h at the top of a raw message's header section,
// dropping List-Unsubscribe fields it already had (a link made earlier
// could name a consent that has ended).
func withHeaders(raw []byte, h map[string]string) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		end = len(raw)
	}
	var out bytes.Buffer
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out.WriteString(k + ": " + h[k] + "\r\n")
	}
	drop := false
	for _, line := range strings.SplitAfter(string(raw[:end]), "\r\n") {
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !drop {
				out.WriteString(line)
			}
			continue
		}
		drop = strings.HasPrefix(strings.ToLower(line), "list-unsubscribe")
		if !drop {
			out.WriteString(line)
		}
	}
	out.Write(raw[end:])
	return out.Bytes()
}
