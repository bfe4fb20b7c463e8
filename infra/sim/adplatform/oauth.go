package adplatform

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The simulated users who sign in on the authorization pages.
const (
	MetaUserID   = "10000000000000001"
	MetaUserName = "Sim Marketer"
	GoogleUserID = "100000000000000000001"
)

// Token lifetimes, as the platforms issue them.
const (
	MetaShortLived  = 2 * time.Hour
	MetaLongLived   = 60 * 24 * time.Hour
	GoogleAccessTTL = 3599 * time.Second
)

type grant struct {
	platform Platform
	user     string
	scopes   []string
	revoked  bool
}

type tokenKind int

const (
	kindCode tokenKind = iota
	kindAccess
	kindRefresh
)

type token struct {
	kind     tokenKind
	grant    *grant
	expires  time.Time // zero: never (Google refresh tokens)
	used     bool      // codes are single-use
	redirect string
	// PKCE (Google codes)
	challenge, method string
	offline           bool
	longLived         bool
}

// Tokens is what a token endpoint hands out.
type Tokens struct {
	AccessToken  string
	RefreshToken string // Google with access_type=offline
	ExpiresIn    int    // seconds
	Scopes       []string
}

func (s *Sim) mint(kind tokenKind, g *grant, ttl time.Duration, t token) string {
	n := s.nextID()
	raw := s.opaque("tok", n)
	var v string
	switch {
	case g.platform == Meta && kind == kindCode:
		v = "AQ" + b62(raw, 120)
	case g.platform == Meta:
		v = "EAA" + b62(raw, 180)
	case kind == kindCode:
		v = "4/0A" + b62(raw, 70)
	case kind == kindAccess:
		v = "ya29.a0" + b62(raw, 160)
	default:
		v = "1//0" + b62(raw, 100)
	}
	t.kind, t.grant = kind, g
	s.mu.Lock()
	if ttl > 0 {
		t.expires = s.nowLocked().Add(ttl)
	}
	s.tokens[v] = &t
	s.mu.Unlock()
	return v
}

// b62 stretches a hex seed into n token characters.
func b62(seed string, n int) string {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		h := sha256.Sum256([]byte(seed + string(rune('a'+i%26)) + string(rune(i))))
		for _, c := range h {
			if b.Len() < n {
				b.WriteByte(alpha[int(c)%len(alpha)])
			}
		}
	}
	return b.String()
}

// IssueToken mints an access token (and for Google a refresh token) for the
// platform's simulated user with the scopes, as a finished OAuth flow
// would: for tests that need a connection without the browser steps. Meta
// tokens are long-lived.
func (s *Sim) IssueToken(p Platform, scopes ...string) Tokens {
	g := &grant{platform: p, user: map[Platform]string{Meta: MetaUserID, Google: GoogleUserID}[p], scopes: scopes}
	s.mu.Lock()
	s.grants = append(s.grants, g)
	s.mu.Unlock()
	if p == Meta {
		return Tokens{AccessToken: s.mint(kindAccess, g, MetaLongLived, token{longLived: true}), ExpiresIn: int(MetaLongLived.Seconds()), Scopes: scopes}
	}
	return Tokens{
		AccessToken:  s.mint(kindAccess, g, GoogleAccessTTL, token{}),
		RefreshToken: s.mint(kindRefresh, g, 0, token{}),
		ExpiresIn:    int(GoogleAccessTTL.Seconds()), Scopes: scopes,
	}
}

// Expire makes a token (or code) expired now.
func (s *Sim) Expire(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[tok]; t != nil {
		t.expires = s.nowLocked().Add(-time.Second)
	}
}

// Revoke revokes the grant behind a token: every token of it stops working,
// as when the user removes the app.
func (s *Sim) Revoke(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[tok]; t != nil {
		t.grant.revoked = true
	}
}

// Scopes returns the scopes granted to a token, and whether it is known.
func (s *Sim) Scopes(tok string) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[tok]
	if t == nil {
		return nil, false
	}
	return slices.Clone(t.grant.scopes), true
}

type tokenState int

const (
	tokOK tokenState = iota
	tokUnknown
	tokExpired
	tokRevoked
)

// check looks a token of a kind up.
func (s *Sim) check(v string, kind tokenKind, p Platform) (*token, tokenState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[v]
	switch {
	case t == nil || t.kind != kind || t.grant.platform != p:
		return nil, tokUnknown
	case t.grant.revoked:
		return t, tokRevoked
	case !t.expires.IsZero() && !s.nowLocked().Before(t.expires):
		return t, tokExpired
	}
	return t, tokOK
}

// accessState is the state of access token tok at platform p, unless a
// switched-on TokenExpired or TokenRevoked fault for account (struck, so
// it counts down) says otherwise.
func (s *Sim) accessState(p Platform, account, tok string) (*token, tokenState) {
	t, st := s.check(tok, kindAccess, p)
	switch {
	case s.strike(p, account, tok, TokenExpired) != nil:
		st = tokExpired
	case s.strike(p, account, tok, TokenRevoked) != nil:
		st = tokRevoked
	}
	return t, st
}

func (s *Sim) grantedScopes(p Platform, asked []string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, sc := range asked {
		if sc != "" && !slices.Contains(s.declined[p], sc) && !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body>
<h1>{{.Title}}</h1>
<p>{{.App}} would like to access your {{.Platform}} account ({{.User}}).</p>
<ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form method="post" action="{{.Action}}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</body></html>
`))

func renderConsent(w http.ResponseWriter, r *http.Request, title, platform, app, user string, scopes []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	consentPage.Execute(w, map[string]any{"Title": title, "Platform": platform, "App": app, "User": user, "Scopes": scopes, "Action": r.URL.RequestURI()})
}

func errorPage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	template.Must(template.New("e").Parse(`<!doctype html><html><body><h1>Error</h1><p>{{.}}</p></body></html>`)).Execute(w, msg)
}

func redirectWith(w http.ResponseWriter, r *http.Request, redirect string, params url.Values, fragment string) {
	u, _ := url.Parse(redirect)
	q := u.Query()
	for k, vs := range params {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	u.RawQuery = q.Encode()
	u.Fragment = fragment
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func redirectAllowed(app App, uri string) bool {
	if uri == "" {
		return false
	}
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return len(app.RedirectURIs) == 0 || slices.Contains(app.RedirectURIs, uri)
}

// dialogClient checks a consent dialog's client_id and redirect_uri
// against app and returns the redirect; where either is wrong it answers
// the platform's own error page (an unknown client with clientStatus) and
// ok is false: a dialog never redirects to a URI the app did not register.
func dialogClient(w http.ResponseWriter, q url.Values, app App, clientStatus int, badClient, badRedirect string) (redirect string, ok bool) {
	if q.Get("client_id") != app.ClientID {
		errorPage(w, clientStatus, badClient)
		return "", false
	}
	redirect = q.Get("redirect_uri")
	if !redirectAllowed(app, redirect) {
		errorPage(w, http.StatusBadRequest, badRedirect)
		return "", false
	}
	return redirect, true
}

// decided serves a dialog's consent page (GET) and refuses any method but
// POST; it reports whether r is the POST of the user's decision, its form
// parsed.
func decided(w http.ResponseWriter, r *http.Request, title, platform, app, user string, asked []string) bool {
	switch r.Method {
	case http.MethodGet:
		renderConsent(w, r, title, platform, app, user, asked)
		return false
	case http.MethodPost:
		r.ParseForm()
		return true
	}
	errorPage(w, http.StatusMethodNotAllowed, "method not allowed")
	return false
}

// ---- Meta OAuth ----

// metaDialog serves GET/POST {v}/dialog/oauth (www.facebook.com).
func (s *Sim) metaDialog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	app := s.opts.MetaApp
	redirect, ok := dialogClient(w, q, app, http.StatusBadRequest, "Invalid App ID: the app ID passed is not valid.",
		"URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.")
	if !ok {
		return
	}
	asked := strings.FieldsFunc(q.Get("scope"), func(r rune) bool { return r == ',' || r == ' ' })
	if !decided(w, r, "Log in with Facebook", "Facebook", "Med Spa AI (app "+app.ClientID+")", MetaUserName, asked) {
		return
	}
	state := q.Get("state")
	out := url.Values{}
	if r.PostForm.Get("decision") != "allow" {
		out.Set("error", "access_denied")
		out.Set("error_code", "200")
		out.Set("error_description", "Permissions error")
		out.Set("error_reason", "user_denied")
		if state != "" {
			out.Set("state", state)
		}
		redirectWith(w, r, redirect, out, "_=_")
		return
	}
	g := &grant{platform: Meta, user: MetaUserID, scopes: s.grantedScopes(Meta, asked)}
	s.mu.Lock()
	s.grants = append(s.grants, g)
	s.mu.Unlock()
	code := s.mint(kindCode, g, s.opts.CodeTTL, token{redirect: redirect})
	out.Set("code", code)
	if state != "" {
		out.Set("state", state)
	}
	redirectWith(w, r, redirect, out, "_=_")
}

// metaError writes a Graph API error.
func (s *Sim) metaError(w http.ResponseWriter, status, code, subcode int, typ, msg string) {
	e := map[string]any{"message": msg, "type": typ, "code": code, "fbtrace_id": "A" + s.opaque("trace", s.nextID())[:22]}
	if subcode != 0 {
		e["error_subcode"] = subcode
	}
	if code == 1 || code == 2 || code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014) {
		e["is_transient"] = code == 1 || code == 2
	}
	writeJSON(w, status, map[string]any{"error": e})
}

// metaTokenRefused writes Meta's error for an access token in state st
// and reports whether it wrote one (for any state but tokOK). The Graph
// API's expired-session message says when the session expired (when is
// set); the token exchange's does not.
func (s *Sim) metaTokenRefused(w http.ResponseWriter, st tokenState, when bool) bool {
	switch st {
	case tokUnknown:
		s.metaError(w, 400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
	case tokExpired:
		expired := "Error validating access token: Session has expired"
		if when {
			expired += " on " + s.Now().Add(-time.Minute).Format("Monday, 02-Jan-06 15:04:05 MST")
		}
		s.metaError(w, 400, 190, 463, "OAuthException", expired+".")
	case tokRevoked:
		s.metaError(w, 400, 190, 458, "OAuthException", "Error validating access token: The user has not authorized application "+s.opts.MetaApp.ClientID+".")
	default:
		return false
	}
	return true
}

// metaAccessToken serves {v}/oauth/access_token: the code exchange and
// grant_type=fb_exchange_token.
func (s *Sim) metaAccessToken(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.Form
	app := s.opts.MetaApp
	if f.Get("client_id") != app.ClientID {
		s.metaError(w, 400, 101, 0, "OAuthException", "Error validating application. Invalid application ID.")
		return
	}
	if f.Get("client_secret") != app.ClientSecret {
		s.metaError(w, 400, 1, 0, "OAuthException", "Error validating client secret.")
		return
	}
	if f.Get("grant_type") == "fb_exchange_token" {
		t, st := s.accessState(Meta, "", f.Get("fb_exchange_token"))
		if s.metaTokenRefused(w, st, false) {
			return
		}
		v := s.mint(kindAccess, t.grant, MetaLongLived, token{longLived: true})
		writeJSON(w, 200, map[string]any{"access_token": v, "token_type": "bearer", "expires_in": int(MetaLongLived.Seconds())})
		return
	}
	code := f.Get("code")
	s.mu.Lock()
	t := s.tokens[code]
	var st tokenState
	switch {
	case t == nil || t.kind != kindCode || t.grant.platform != Meta:
		st = tokUnknown
	case t.used:
		st = tokRevoked
	case !s.nowLocked().Before(t.expires):
		st = tokExpired
	case t.redirect != f.Get("redirect_uri"):
		st = -1
	default:
		t.used = true
	}
	s.mu.Unlock()
	switch st {
	case tokUnknown:
		s.metaError(w, 400, 100, 36009, "OAuthException", "Invalid verification code format.")
		return
	case tokRevoked:
		s.metaError(w, 400, 100, 36009, "OAuthException", "This authorization code has been used.")
		return
	case tokExpired:
		s.metaError(w, 400, 100, 36007, "OAuthException", "This authorization code has expired.")
		return
	case -1:
		s.metaError(w, 400, 100, 36008, "OAuthException", "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request")
		return
	}
	v := s.mint(kindAccess, t.grant, MetaShortLived, token{})
	writeJSON(w, 200, map[string]any{"access_token": v, "token_type": "bearer", "expires_in": int(MetaShortLived.Seconds())})
}

// ---- Google OAuth ----

// googleAuth serves accounts.google.com /o/oauth2/v2/auth (and /o/oauth2/auth).
func (s *Sim) googleAuth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	app := s.opts.GoogleApp
	redirect, ok := dialogClient(w, q, app, http.StatusUnauthorized, "Access blocked: Authorization Error. Error 401: invalid_client. The OAuth client was not found.",
		"Access blocked: This app's request is invalid. Error 400: redirect_uri_mismatch")
	if !ok {
		return
	}
	if q.Get("response_type") != "code" {
		errorPage(w, http.StatusBadRequest, "Error 400: invalid_request. Required parameter is missing: response_type")
		return
	}
	if m := q.Get("code_challenge_method"); q.Get("code_challenge") != "" && m != "S256" && m != "plain" && m != "" {
		errorPage(w, http.StatusBadRequest, "Error 400: invalid_request. Invalid code_challenge_method")
		return
	}
	asked := strings.Fields(q.Get("scope"))
	if len(asked) == 0 {
		errorPage(w, http.StatusBadRequest, "Error 400: invalid_request. Missing required parameter: scope")
		return
	}
	if !decided(w, r, "Sign in with Google", "Google", "Med Spa AI", "sim.marketer@example.com", asked) {
		return
	}
	out := url.Values{}
	if st := q.Get("state"); st != "" {
		out.Set("state", st)
	}
	if r.PostForm.Get("decision") != "allow" {
		out.Set("error", "access_denied")
		out.Set("error_description", "The user denied access")
		redirectWith(w, r, redirect, out, "")
		return
	}
	scopes := s.grantedScopes(Google, asked)
	g := &grant{platform: Google, user: GoogleUserID, scopes: scopes}
	s.mu.Lock()
	s.grants = append(s.grants, g)
	s.mu.Unlock()
	method := q.Get("code_challenge_method")
	if method == "" && q.Get("code_challenge") != "" {
		method = "plain"
	}
	code := s.mint(kindCode, g, s.opts.CodeTTL, token{redirect: redirect, challenge: q.Get("code_challenge"), method: method, offline: q.Get("access_type") == "offline"})
	out.Set("code", code)
	out.Set("scope", strings.Join(scopes, " "))
	redirectWith(w, r, redirect, out, "")
}

func googleTokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// googleToken serves oauth2.googleapis.com /token.
func (s *Sim) googleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		googleTokenError(w, 405, "invalid_request", "Method not allowed")
		return
	}
	r.ParseForm()
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	app := s.opts.GoogleApp
	if id != app.ClientID {
		googleTokenError(w, 401, "invalid_client", "The OAuth client was not found.")
		return
	}
	if secret != app.ClientSecret {
		googleTokenError(w, 401, "invalid_client", "Unauthorized")
		return
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		code := f.Get("code")
		s.mu.Lock()
		t := s.tokens[code]
		errCode, desc := "", ""
		switch {
		case t == nil || t.kind != kindCode || t.grant.platform != Google:
			errCode, desc = "invalid_grant", "Malformed auth code."
		case t.used:
			errCode, desc = "invalid_grant", "Bad Request"
			t.grant.revoked = true // a replayed code revokes what it gave
		case !s.nowLocked().Before(t.expires):
			errCode, desc = "invalid_grant", "Bad Request"
		case t.redirect != f.Get("redirect_uri"):
			errCode, desc = "redirect_uri_mismatch", "Bad Request"
		case t.challenge != "" && f.Get("code_verifier") == "":
			errCode, desc = "invalid_grant", "Missing code verifier."
		case t.challenge != "" && !pkceOK(t.challenge, t.method, f.Get("code_verifier")):
			errCode, desc = "invalid_grant", "Invalid code verifier."
		default:
			t.used = true
		}
		s.mu.Unlock()
		if errCode != "" {
			googleTokenError(w, 400, errCode, desc)
			return
		}
		out := map[string]any{
			"access_token": s.mint(kindAccess, t.grant, GoogleAccessTTL, token{}),
			"expires_in":   int(GoogleAccessTTL.Seconds()),
			"scope":        strings.Join(t.grant.scopes, " "),
			"token_type":   "Bearer",
		}
		if t.offline {
			out["refresh_token"] = s.mint(kindRefresh, t.grant, 0, token{})
		}
		writeJSON(w, 200, out)
	case "refresh_token":
		rt := f.Get("refresh_token")
		if s.strike(Google, "", rt, TokenExpired, TokenRevoked) != nil {
			googleTokenError(w, 400, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		t, st := s.check(rt, kindRefresh, Google)
		if st != tokOK {
			googleTokenError(w, 400, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		writeJSON(w, 200, map[string]any{
			"access_token": s.mint(kindAccess, t.grant, GoogleAccessTTL, token{}),
			"expires_in":   int(GoogleAccessTTL.Seconds()),
			"scope":        strings.Join(t.grant.scopes, " "),
			"token_type":   "Bearer",
		})
	default:
		googleTokenError(w, 400, "unsupported_grant_type", "Invalid grant_type: "+f.Get("grant_type"))
	}
}

func pkceOK(challenge, method, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	if method == "plain" {
		return verifier == challenge
	}
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:]) == challenge
}

// PKCEChallenge is the S256 code_challenge of a verifier (for tests).
func PKCEChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// googleRevoke serves oauth2.googleapis.com /revoke?token=...
func (s *Sim) googleRevoke(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	v := r.Form.Get("token")
	s.mu.Lock()
	t := s.tokens[v]
	ok := t != nil && t.grant.platform == Google && t.kind != kindCode && !t.grant.revoked
	if ok {
		t.grant.revoked = true
	}
	s.mu.Unlock()
	if !ok {
		googleTokenError(w, 400, "invalid_token", "Token expired or revoked")
		return
	}
	writeJSON(w, 200, map[string]any{})
}
