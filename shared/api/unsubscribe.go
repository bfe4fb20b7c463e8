package api

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/htmlesc"
	"github.com/medspa-ai/backend/shared/platform/lazy"
	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/profile"
)

// Unsubscribe is what the one-click unsubscribe route needs: the
// subscriptions and the key that signs the links' tokens (Key, or LoadKey
// to read it from Secrets Manager on the route's first request).
type Unsubscribe struct {
	Store   marketing.Store
	Key     []byte
	LoadKey func(context.Context) ([]byte, error)
}

// unsubscribeKey is the signer, loaded once per container; a failed load
// is retried on the next request.
type unsubscribeKey = lazy.Value[marketing.Signer]

func (s *Server) signer(ctx context.Context) (marketing.Signer, error) {
	return s.unsub.Get(ctx, func(ctx context.Context) (marketing.Signer, error) {
		key := s.d.Unsubscribe.Key
		if key == nil {
			var err error
			if key, err = s.d.Unsubscribe.LoadKey(ctx); err != nil {
				return marketing.Signer{}, fmt.Errorf("api: load the unsubscribe key: %w", err)
			}
		}
		return marketing.NewSigner(key)
	})
}

var qToken = qparam{"token", "The signed token of the link in the email (names the person, the topic and the consent it was sent under)", schema{"type": "string", "minLength": 1, "maxLength": 512}, "dTF8dXNyX2V4YW1wbGV8cmVwb3J0c3w.c2lnbmF0dXJl"}

// unsubscribeView is the answer of both unsubscribe routes.
type unsubscribeView struct {
	Topic profile.Topic `json:"topic"`
	// Status: "subscribed" (GET: the link would unsubscribe), "unsubscribed"
	// (POST: ended now), "not_subscribed" (the consent the link was sent
	// under has already ended).
	Status string `json:"status"`
}

func errBadUnsubscribeToken() error {
	return problem.BadRequest("This unsubscribe link is not valid: it was changed or cut short.",
		problem.FieldError{Field: "token", Reason: "is not a valid unsubscribe link"})
}

func (s *Server) claim(c *call) (marketing.Claim, error) {
	sg, err := s.signer(c.ctx)
	if err != nil {
		return marketing.Claim{}, err
	}
	cl, err := sg.Verify(c.query.Get("token"))
	if err != nil {
		return marketing.Claim{}, errBadUnsubscribeToken()
	}
	return cl, nil
}

// getUnsubscribe shows what the link would do and changes nothing: mail
// scanners and link previews fetch URLs in emails, so a GET never
// unsubscribes (RFC 8058 section 1). A browser (Accept: text/html) gets a
// page whose button sends the one-click POST.
func (s *Server) getUnsubscribe(c *call) (reply, error) {
	cl, err := s.claim(c)
	if err != nil {
		return reply{}, err
	}
	p, _, err := s.d.Unsubscribe.Store.Get(c.ctx, cl.UserID)
	if err != nil {
		return reply{}, err
	}
	v := unsubscribeView{Topic: cl.Topic, Status: "not_subscribed"}
	if p.Subscribed(cl.Topic) && p.Consents[cl.Topic].ID == cl.ConsentID {
		v.Status = "subscribed"
	}
	return s.unsubscribeReply(c, v)
}

// postUnsubscribe is RFC 8058's one-click unsubscribe: no sign-in, the
// token is the authority. It ends the consent the email was sent under;
// a repeated POST, or one for a consent already replaced by a later one,
// changes nothing and says so.
func (s *Server) postUnsubscribe(c *call) (reply, error) {
	cl, err := s.claim(c)
	if err != nil {
		return reply{}, err
	}
	ended, err := s.d.Unsubscribe.Store.Unsubscribe(c.ctx, cl.UserID, cl.Topic, cl.ConsentID, c.now)
	if err != nil {
		return reply{}, err
	}
	v := unsubscribeView{Topic: cl.Topic, Status: "not_subscribed"}
	if ended {
		v.Status = "unsubscribed"
		s.d.Log.InfoContext(c.ctx, "unsubscribed", "topic", string(cl.Topic)) // never the token or the person
	}
	return s.unsubscribeReply(c, v)
}

// unsubscribePage is the page for v in a browser, with the form that
// posts to action (a relative link the code built), written as
// html/template would (see htmlesc for why not a template).
func unsubscribePage(v unsubscribeView, action string) string {
	name := htmlesc.Text(topicNames[v.Topic])
	var p string
	switch v.Status {
	case "subscribed":
		p = `<p>Stop receiving <b>` + name + `</b> emails from Med Spa AI?</p>
<form method="post" action="` + htmlesc.TrustedURL(action) + `"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
`
	case "unsubscribed":
		p = `<p>You are unsubscribed from <b>` + name + `</b> emails. You can subscribe again under your profile's email settings.</p>
`
	default:
		p = `<p>You are not subscribed to <b>` + name + `</b> emails through this link any more.</p>`
	}
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
` + p + `
</body></html>
`
}

var topicNames = map[profile.Topic]string{profile.ProductUpdates: "product update", profile.Marketing: "marketing", profile.Reports: "performance report"}

func (s *Server) unsubscribeReply(c *call, v unsubscribeView) (reply, error) {
	if !strings.Contains(c.r.Header.Get("Accept"), "text/html") {
		return ok(v)
	}
	page := unsubscribePage(v, "?"+url.Values{"token": {c.query.Get("token")}}.Encode())
	h := c.w.Header()
	h.Set("Content-Type", "text/html") // the page declares its charset (meta); the document names the media type alone
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; form-action 'self'")
	h.Set("Referrer-Policy", "no-referrer") // the token must not leak to another site
	c.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(c.w, page)
	return reply{status: alreadyWritten}, nil
}

// maxForm bounds a one-click body: "List-Unsubscribe=One-Click" and a
// multipart envelope around it.
const maxForm = 4 << 10

// readForm reads RFC 8058's POST body: empty, or an HTML form
// (application/x-www-form-urlencoded or multipart/form-data) whose
// List-Unsubscribe field is One-Click.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	b, err := readCapped(w, r, maxForm)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return url.Values{}, nil
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var f url.Values
	switch {
	case err == nil && mt == "application/x-www-form-urlencoded":
		f, err = url.ParseQuery(string(b))
	case err == nil && mt == "multipart/form-data" && params["boundary"] != "":
		req := &http.Request{Method: http.MethodPost, Header: http.Header{"Content-Type": {r.Header.Get("Content-Type")}}, Body: io.NopCloser(strings.NewReader(string(b)))}
		if err = req.ParseMultipartForm(maxForm); err == nil {
			f = url.Values(req.MultipartForm.Value)
		}
	default:
		return nil, errOf(typeMediaType, "Send the one-click body as application/x-www-form-urlencoded or multipart/form-data, or no body.")
	}
	if err != nil {
		return nil, problem.BadRequest("The form body is malformed.")
	}
	if f.Get("List-Unsubscribe") != "One-Click" {
		return nil, problem.BadRequest("The form is not a one-click unsubscribe.", problem.FieldError{Field: "List-Unsubscribe", Reason: "must be One-Click"})
	}
	return f, nil
}
