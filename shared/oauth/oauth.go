// Package oauth serves the ad platforms' OAuth browser steps (/oauth/...):
//
//	GET /oauth/{provider}/start?state=S    binds the state to this browser (a cookie), then redirects to the consent page
//	GET /oauth/{provider}/callback         the platform's redirect: checks the state, connects the ad accounts
//
// The state is created by the API (POST /v1/orgs/{orgId}/connections/
// {provider}/authorize) for a member, an organization and a platform, lives
// 10 minutes and is single-use: it is bound once, to the browser that opens
// the start link, and consumed once, with conditional writes. A callback in
// another browser, with another platform's state, a forged, replayed or
// expired one, stores nothing.
//
// Every outcome goes back to the frontend (AllowedOrigin) as a redirect to
// /connections with provider, result (connected or error), accounts or
// error (a stable slug) and message: never a token or a code.
package oauth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// Handler serves the /oauth routes.
type Handler struct {
	States    connector.States
	Connect   func(ctx context.Context, st connector.State, code, redirect string) ([]connector.Connection, error)
	Providers connector.Providers
	// Frontend is the web app's origin (AllowedOrigin): where the browser
	// goes back to.
	Frontend string
	Log      *slog.Logger
}

// CookiePrefix names the browser-binding cookie (one per provider).
const CookiePrefix = "medspa_oauth_"

// New returns the /oauth routes.
func New(h Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/{provider}/start", h.start)
	mux.HandleFunc("GET /oauth/{provider}/callback", h.callback)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, problem.NotFound("No OAuth route for "+r.Method+" "+r.URL.Path+"."))
	})
	return mux
}

// Outcome slugs the frontend gets in error=.
const (
	ErrState       = "oauth-state"
	ErrBrowser     = "oauth-browser"
	ErrDenied      = "oauth-denied"
	ErrBadCallback = "oauth-bad-callback"
	ErrInvalidCode = "oauth-invalid-code"
	ErrScope       = "oauth-scope"
	ErrNoAccounts  = "oauth-no-accounts"
	ErrTaken       = "connection-taken"
	ErrUnavailable = "oauth-unavailable"
)

var messages = map[string]string{
	ErrState:       "This authorization link is unknown, expired or already used; start the connection again.",
	ErrBrowser:     "This authorization was started in another browser or by another user; start the connection again here.",
	ErrDenied:      "Authorization was not granted on the platform; nothing was connected.",
	ErrBadCallback: "The platform's answer was incomplete; start the connection again.",
	ErrInvalidCode: "The platform refused the authorization code (invalid, used or expired); start the connection again.",
	ErrScope:       "A permission we need was not granted; connect again and keep every permission ticked.",
	ErrNoAccounts:  "No ad account is reachable with this authorization.",
	ErrTaken:       "An ad account of this authorization is connected to another organization; nothing was connected.",
	ErrUnavailable: "The platform could not be reached; try again in a few minutes.",
}

func platformOf(w http.ResponseWriter, r *http.Request) (connector.Platform, bool) {
	p := connector.Platform(r.PathValue("provider"))
	if !p.Valid() {
		problem.Write(w, problem.NotFound("Unknown provider "+string(p)+"; use meta or google."))
		return "", false
	}
	return p, true
}

// Callback is the redirect URI registered with the platforms, from this
// request's scheme and host (API Gateway sets X-Forwarded-Proto).
func Callback(r *http.Request, p connector.Platform) string {
	scheme := r.Header.Get("X-Forwarded-Proto")
	if scheme == "" {
		scheme = "https"
		if r.TLS == nil && (strings.HasPrefix(r.Host, "127.0.0.1") || strings.HasPrefix(r.Host, "localhost")) {
			scheme = "http"
		}
	}
	return scheme + "://" + r.Host + "/oauth/" + string(p) + "/callback"
}

func (h Handler) start(w http.ResponseWriter, r *http.Request) {
	p, ok := platformOf(w, r)
	if !ok {
		return
	}
	state := r.URL.Query().Get("state")
	if state == "" || len(state) > 256 {
		h.back(w, r, p, ErrState, 0)
		return
	}
	nonce, hash := connector.NewBinding()
	st, ok, err := h.States.Bind(r.Context(), state, p, hash)
	if err != nil {
		h.fail(w, r, p, "oauth state bind failed", err)
		return
	}
	if !ok {
		h.back(w, r, p, ErrState, 0)
		return
	}
	prs, err := h.Providers(r.Context())
	if err != nil {
		h.fail(w, r, p, "connector credentials unavailable", err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookiePrefix + string(p), Value: nonce, Path: "/oauth/" + string(p) + "/",
		MaxAge: int(connector.StateTTL.Seconds()), HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, prs[p].AuthCodeURL(st.Value, st.Challenge(), Callback(r, p), st.Scopes), http.StatusFound)
}

func (h Handler) callback(w http.ResponseWriter, r *http.Request) {
	p, ok := platformOf(w, r)
	if !ok {
		return
	}
	// The binding cookie has done its work whatever happens next.
	http.SetCookie(w, &http.Cookie{Name: CookiePrefix + string(p), Value: "", Path: "/oauth/" + string(p) + "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	q := r.URL.Query()
	state, code := q.Get("state"), q.Get("code")
	if len(state) > 256 || len(code) > 2048 {
		h.back(w, r, p, ErrBadCallback, 0)
		return
	}
	if state == "" {
		h.back(w, r, p, ErrState, 0)
		return
	}
	// Consume first, whatever the platform answered: a state is good for
	// one answer only.
	st, ok, err := h.States.Consume(r.Context(), state, p)
	if err != nil {
		h.fail(w, r, p, "oauth state lookup failed", err)
		return
	}
	if !ok {
		h.back(w, r, p, ErrState, 0)
		return
	}
	var nonce string
	if c, err := r.Cookie(CookiePrefix + string(p)); err == nil {
		nonce = c.Value
	}
	switch {
	case !st.BoundTo(nonce):
		h.back(w, r, p, ErrBrowser, 0)
		return
	case q.Get("error") != "":
		// Declined, or the platform refused: nothing to store.
		h.back(w, r, p, ErrDenied, 0)
		return
	case code == "":
		h.back(w, r, p, ErrBadCallback, 0)
		return
	}
	cs, err := h.Connect(r.Context(), st, code, Callback(r, p))
	switch {
	case err == nil:
		h.Log.InfoContext(r.Context(), "ad accounts connected", "provider", string(p), "orgId", st.OrgID, "userId", st.UserID, "accounts", len(cs))
		h.back(w, r, p, "", len(cs))
	case errors.Is(err, connector.ErrDenied):
		h.back(w, r, p, ErrDenied, 0)
	case errors.Is(err, connector.ErrInvalidCode):
		h.back(w, r, p, ErrInvalidCode, 0)
	case errors.Is(err, connector.ErrScope):
		h.back(w, r, p, ErrScope, 0)
	case errors.Is(err, connector.ErrNoAccounts):
		h.back(w, r, p, ErrNoAccounts, 0)
	case errors.Is(err, connector.ErrTaken):
		h.Log.InfoContext(r.Context(), "ad account held by another organization", "provider", string(p), "orgId", st.OrgID)
		h.back(w, r, p, ErrTaken, 0)
	default:
		h.fail(w, r, p, "connect failed", err)
	}
}

// fail logs the error (never a token: errors carry none) and sends the
// browser back with a generic outcome.
func (h Handler) fail(w http.ResponseWriter, r *http.Request, p connector.Platform, msg string, err error) {
	h.Log.ErrorContext(r.Context(), msg, "provider", string(p), "error", err.Error())
	h.back(w, r, p, ErrUnavailable, 0)
}

// back redirects to the frontend with the outcome.
func (h Handler) back(w http.ResponseWriter, r *http.Request, p connector.Platform, slug string, accounts int) {
	v := url.Values{"provider": {string(p)}}
	if slug == "" {
		v.Set("result", "connected")
		v.Set("accounts", strconv.Itoa(accounts))
	} else {
		v.Set("result", "error")
		v.Set("error", slug)
		v.Set("message", messages[slug])
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, strings.TrimSuffix(h.Frontend, "/")+"/connections?"+v.Encode(), http.StatusSeeOther)
}
