package email_test

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/platform/email"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestComposeAlternativeWithHeaders(t *testing.T) {
	raw, err := email.Compose("no-reply@medspa.example", email.Message{
		To: []string{"owner@spa.example"}, Subject: "Ihre Verbindung läuft ab",
		Text: "Reconnect Meta before 8 December.", HTML: "<p>Reconnect <b>Meta</b> before 8 December.</p>",
		Headers: map[string]string{"List-Unsubscribe": "<https://api.example/u/tok>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); got != "Ihre Verbindung läuft ab" {
		t.Fatalf("subject %q", got)
	}
	if msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || msg.Header.Get("From") != "no-reply@medspa.example" {
		t.Fatalf("headers %v", msg.Header)
	}
	typ, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if typ != "multipart/alternative" {
		t.Fatalf("content type %s", typ)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p) // quoted-printable is decoded by the reader
		types = append(types, strings.Split(p.Header.Get("Content-Type"), ";")[0])
		if !strings.Contains(string(body), "Meta") {
			t.Fatalf("part %s lost its text: %q", p.Header.Get("Content-Type"), body)
		}
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Fatalf("parts %v", types)
	}
}

func TestComposeRefusesWhatWouldBreakTheMessage(t *testing.T) {
	ok := email.Message{To: []string{"a@spa.example"}, Subject: "s", Text: "t"}
	for name, m := range map[string]func(*email.Message){
		"no recipient":        func(m *email.Message) { m.To = nil },
		"bad recipient":       func(m *email.Message) { m.To = []string{"not an address"} },
		"no subject":          func(m *email.Message) { m.Subject = " " },
		"no text":             func(m *email.Message) { m.Text = "" },
		"subject line break":  func(m *email.Message) { m.Subject = "hi\r\nBcc: x@evil.example" },
		"header value break":  func(m *email.Message) { m.Headers = map[string]string{"X-A": "v\nBcc: x@evil.example"} },
		"header name invalid": func(m *email.Message) { m.Headers = map[string]string{"Bcc: x": "v"} },
	} {
		c := ok
		m(&c)
		if _, err := email.Compose("no-reply@medspa.example", c, now); !errors.Is(err, email.ErrRejected) {
			t.Errorf("%s: err %v, want ErrRejected", name, err)
		}
	}
	if _, err := email.Compose("nobody", ok, now); !errors.Is(err, email.ErrRejected) {
		t.Errorf("bad sender: %v", err)
	}
	raw := []byte("From: x@spa.example\r\nSubject: r\r\n\r\nbody")
	got, err := email.Compose("no-reply@medspa.example", email.Message{To: []string{"a@spa.example"}, Raw: raw}, now)
	if err != nil || string(got) != string(raw) {
		t.Fatalf("raw message not sent as it is: %q %v", got, err)
	}
}
