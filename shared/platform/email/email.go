// Package email composes the messages the product sends (verification
// codes, receipts, notices, reports) and names the one thing a sender does.
// It knows no AWS: sesmail sends through Amazon SES, and tests use
// shared/fake's Outbox.
package email

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"sort"
	"strings"
	"time"
)

// Sender sends one message and returns the provider's message ID.
//
// A message the provider refuses for good (a malformed or suppressed
// address, an unverified sender) is an error wrapping ErrRejected, so a
// queue worker can record it instead of retrying it forever; any other
// error is worth a retry.
type Sender interface {
	Send(ctx context.Context, m Message) (string, error)
}

// ErrRejected marks a message that sending again will not deliver.
var ErrRejected = errors.New("email: message rejected")

// Message is one email. Text is required; HTML, when set, is sent beside it
// as multipart/alternative.
type Message struct {
	// From is the sender; empty means the Sender's configured address.
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
	// Headers are extra header fields, such as List-Unsubscribe and
	// List-Unsubscribe-Post (RFC 8058) on marketing mail.
	Headers map[string]string
	// Kind names the message for logs and the provider's tags
	// ("verification_code", "token_expiring"); never personal data.
	Kind string
	// Raw is a complete message composed elsewhere (the weekly report,
	// with its charts inline), sent as it is to To; the other fields but
	// Kind are then ignored.
	Raw []byte
}

// Validate names the first problem with m, so a caller learns it before
// the provider does.
func (m Message) Validate() error {
	if len(m.To) == 0 {
		return fmt.Errorf("%w: no recipient", ErrRejected)
	}
	for _, a := range m.To {
		if _, err := mail.ParseAddress(a); err != nil {
			return fmt.Errorf("%w: recipient %q is not an email address", ErrRejected, a)
		}
	}
	if m.Raw == nil && strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("%w: no subject", ErrRejected)
	}
	if m.Raw != nil {
		return nil
	}
	if m.Text == "" {
		return fmt.Errorf("%w: no text body", ErrRejected)
	}
	// A line break in a header value would start a header of its own.
	if strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("%w: subject has a line break", ErrRejected)
	}
	for k, v := range m.Headers {
		if k == "" || strings.ContainsAny(k, "\r\n: ") || strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("%w: header %q is malformed", ErrRejected, k)
		}
	}
	return nil
}

// Compose renders m as an RFC 5322 message from the address from, in
// UTF-8 with quoted-printable bodies.
func Compose(from string, m Message, now time.Time) ([]byte, error) {
	if m.From != "" {
		from = m.From
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("%w: sender %q is not an email address", ErrRejected, from)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Raw != nil {
		return m.Raw, nil
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from)
	header("To", strings.Join(m.To, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		header(k, m.Headers[k])
	}
	if m.HTML == "" {
		part(&b, "text/plain", m.Text)
		return b.Bytes(), nil
	}
	boundary := newBoundary()
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	fmt.Fprintf(&b, "--%s\r\n", boundary)
	part(&b, "text/plain", m.Text)
	fmt.Fprintf(&b, "\r\n--%s\r\n", boundary)
	part(&b, "text/html", m.HTML)
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	return b.Bytes(), nil
}

func part(b *bytes.Buffer, typ, body string) {
	fmt.Fprintf(b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", typ)
	w := quotedprintable.NewWriter(b)
	_, _ = w.Write([]byte(body))
	_ = w.Close()
	b.WriteString("\r\n")
}

func newBoundary() string {
	var r [12]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "medspa-" + base64.RawURLEncoding.EncodeToString([]byte(time.Now().String()))
	}
	return "medspa-" + hex.EncodeToString(r[:])
}
