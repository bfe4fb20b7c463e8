package api

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/platform/htmlesc"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/ratelimit"
	"github.com/medspa-ai/backend/shared/privacy"
)

// The public confirmation of a privacy request by the code emailed to the
// subject (no sign-in: the requester may have no account). It reveals
// nothing about the request: an unknown request, a wrong, expired or
// locked code, a request already verified or closed all get the same
// answer (confirmation-failed); only a right code in time differs. Rate
// limits per source address and per request ID (counted for any ID, known
// or not, so the limit says nothing either) bound guessing beyond the
// code's own 3-attempt lockout.

// confirmRules are the public confirmation's limits.
var (
	confirmPerIP      = ratelimit.Rule{Limit: 20, Window: time.Hour}
	confirmPerRequest = ratelimit.Rule{Limit: 10, Window: time.Hour}
)

// confirmActor records a confirmation through the public route in the
// audit trail: the subject, proven by the code.
const confirmActor = "subject"

// privacyConfirm is POST /v1/privacy/confirm.
type privacyConfirm struct {
	RequestID string `json:"requestId"`
	Code      string `json:"code"`
}

func (in *privacyConfirm) check(c *checker) {
	if !ids.ValidWithPrefix(in.RequestID, "prq") {
		c.fail("requestId", "must be the reference in the email (prq_...)")
	}
	if len(in.Code) != 6 || strings.Trim(in.Code, "0123456789") != "" {
		c.fail("code", "must be the six digits in the email")
	}
}

type confirmView struct {
	Confirmed bool   `json:"confirmed"`
	Message   string `json:"message"`
}

func (s *Server) confirmPrivacyRequest(c *call) (reply, error) {
	in := c.in.(*privacyConfirm)
	if lim := s.d.Privacy.Limiter; lim != nil {
		for _, k := range []struct {
			key  string
			rule ratelimit.Rule
		}{{"privacy-confirm#ip#" + ratelimit.Hash(clientIP(c.r)), confirmPerIP}, {"privacy-confirm#req#" + in.RequestID, confirmPerRequest}} {
			allowed, after, err := lim.Allow(c.ctx, k.key, k.rule)
			if err != nil {
				return reply{}, err
			}
			if !allowed {
				c.w.Header().Set("Retry-After", strconv.Itoa(int(after.Round(time.Second)/time.Second)+1))
				return reply{}, errOf(typeRateLimited, "")
			}
		}
	}
	_, err := s.d.Privacy.Service.VerifyCode(c.ctx, in.RequestID, in.Code, confirmActor)
	switch {
	case err == nil:
		return ok(confirmView{Confirmed: true, Message: "Thank you: your request is confirmed. Our privacy team will now review it; we email you when it is complete."})
	case errors.Is(err, privacy.ErrNotFound), errors.Is(err, privacy.ErrCode), errors.Is(err, privacy.ErrLocked),
		errors.Is(err, privacy.ErrTransition), errors.Is(err, privacy.ErrStale):
		return reply{}, errOf(typeConfirmFailed, "")
	}
	return reply{}, err
}

var confirmQuery = []qparam{{"request", "the request's reference, as the email's link gives it (prefills the form)", schema{"type": "string"}, examplePrivacyID}}

// confirmScript posts the form as JSON (the API takes JSON bodies only)
// and shows the answer; the page's CSP allows this script by its hash and
// nothing else.
const confirmScript = `document.getElementById("f").addEventListener("submit",async function(e){e.preventDefault();` +
	`var o=document.getElementById("out");o.textContent="Checking...";` +
	`try{var r=await fetch(location.pathname,{method:"POST",headers:{"Content-Type":"application/json"},` +
	`body:JSON.stringify({requestId:this.requestId.value.trim(),code:this.code.value.trim()})});` +
	`var j=await r.json();o.textContent=r.ok?j.message:(j.detail||j.title)}catch(x){o.textContent="Something went wrong; try again."}});`

var confirmScriptHash = func() string {
	h := sha256.Sum256([]byte(confirmScript))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}()

// confirmPage is the confirmation form for request id (already checked),
// written as html/template would (see htmlesc for why not a template).
func confirmPage(id string) string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Confirm your privacy request</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem}input{font-size:1.2rem;padding:.4rem;width:100%;box-sizing:border-box}button{margin-top:1.2rem;font-size:1.1rem;padding:.5rem 1.2rem}</style>
</head><body>
<h1>Confirm your privacy request</h1>
<p>Enter the six-digit code from our email. Codes are valid for 10 minutes; three wrong codes lock the request, and our privacy team can then verify you another way.</p>
<form id="f" method="post" autocomplete="off">
<label>Reference <input name="requestId" value="` + htmlesc.Text(id) + `" required pattern="prq_[A-Za-z0-9_-]+"></label>
<label>Code <input name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autofocus></label>
<button type="submit">Confirm</button>
</form>
<p id="out" role="status"></p>
<script>` + confirmScript + `</script>
</body></html>
`
}

// confirmForm is GET /v1/privacy/confirm: the page the email links to. It
// reads nothing and consumes nothing (a link scanner that opens it costs
// the subject no attempt); only the form's POST checks the code.
func (s *Server) confirmForm(c *call) (reply, error) {
	id := c.r.URL.Query().Get("request")
	if !ids.ValidWithPrefix(id, "prq") {
		id = ""
	}
	page := confirmPage(id)
	h := c.w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src '"+confirmScriptHash+"'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write([]byte(page))
	return reply{status: alreadyWritten}, nil
}
