package fake

import (
	"context"
	"fmt"
	"sync"

	"github.com/medspa-ai/backend/shared/platform/email"
)

// Outbox is an in-memory email.Sender: it keeps what was sent, and fails
// every send while Fail is set.
type Outbox struct {
	mu   sync.Mutex
	sent []email.Message
	Fail error
}

var _ email.Sender = (*Outbox)(nil)

// Send validates m as a real sender would and records it.
func (o *Outbox) Send(_ context.Context, m email.Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.Fail != nil {
		return "", o.Fail
	}
	o.sent = append(o.sent, m)
	return fmt.Sprintf("msg-%d", len(o.sent)), nil
}

// Sent returns a copy of the messages sent so far.
func (o *Outbox) Sent() []email.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]email.Message(nil), o.sent...)
}

// To returns the messages sent to addr.
func (o *Outbox) To(addr string) []email.Message {
	var out []email.Message
	for _, m := range o.Sent() {
		for _, a := range m.To {
			if a == addr {
				out = append(out, m)
				break
			}
		}
	}
	return out
}
