package adplatform_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
)

var fixedNow = time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)

func start(t *testing.T, opts adplatform.Options) *adplatform.Server {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	return adplatform.StartTest(t, opts)
}

// noFollow does not follow redirects, so a test sees the callback URL.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func decode(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decode %s: %v: %s", resp.Request.URL.Path, err, b)
	}
	return m
}

func get(t *testing.T, u string) map[string]any {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func postForm(t *testing.T, u string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, decode(t, resp)
}

// consent loads the authorization page, then posts the decision to it and
// returns the callback URL it redirects to.
func consent(t *testing.T, page, decision string) *url.URL {
	t.Helper()
	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `name="decision" value="allow"`) {
		t.Fatalf("authorization page: %d %s", resp.StatusCode, body)
	}
	resp, err = noFollow.PostForm(page, url.Values{"decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("decision: status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

const callback = "https://app.example.com/oauth/callback"

func metaDialog(srv *adplatform.Server, scope string) string {
	return srv.MetaWWWURL() + "/" + adplatform.MetaVersion + "/dialog/oauth?" + url.Values{
		"client_id": {srv.Options().MetaApp.ClientID}, "redirect_uri": {callback}, "state": {"st-1"}, "scope": {scope}, "response_type": {"code"},
	}.Encode()
}

func metaExchange(srv *adplatform.Server, code, secret, redirect string) url.Values {
	return url.Values{"client_id": {srv.Options().MetaApp.ClientID}, "client_secret": {secret}, "redirect_uri": {redirect}, "code": {code}}
}

func metaErr(t *testing.T, m map[string]any) (code, sub float64) {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("want a Graph error, got %v", m)
	}
	if e["type"] == nil || e["fbtrace_id"] == nil || e["message"] == nil {
		t.Fatalf("error without type/message/fbtrace_id: %v", e)
	}
	sub, _ = e["error_subcode"].(float64)
	return e["code"].(float64), sub
}

func TestMetaOAuthAllowExchangeAndRevoke(t *testing.T) {
	srv := start(t, adplatform.Options{})
	loc := consent(t, metaDialog(srv, "ads_read,business_management"), "allow")
	if loc.Host != "app.example.com" || loc.Query().Get("state") != "st-1" || loc.Query().Get("code") == "" {
		t.Fatalf("callback %s", loc)
	}
	tokURL := srv.MetaGraphURL() + "/v23.0/oauth/access_token"
	code := loc.Query().Get("code")
	st, m := postForm(t, tokURL, metaExchange(srv, code, srv.Options().MetaApp.ClientSecret, callback))
	if st != 200 || !strings.HasPrefix(m["access_token"].(string), "EAA") || m["expires_in"].(float64) != 7200 || m["token_type"] != "bearer" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	short := m["access_token"].(string)
	// the code is single-use
	st, m = postForm(t, tokURL, metaExchange(srv, code, srv.Options().MetaApp.ClientSecret, callback))
	if c, sub := metaErr(t, m); st != 400 || c != 100 || sub != 36009 {
		t.Fatalf("reused code: %d %v", st, m)
	}
	// long-lived exchange
	long := get(t, tokURL+"?"+url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {srv.Options().MetaApp.ClientID},
		"client_secret": {srv.Options().MetaApp.ClientSecret}, "fb_exchange_token": {short}}.Encode())
	if long["expires_in"].(float64) != 60*24*3600 || !strings.HasPrefix(long["access_token"].(string), "EAA") {
		t.Fatalf("long-lived: %v", long)
	}
	lt := long["access_token"].(string)
	perms := get(t, srv.MetaGraphURL()+"/v23.0/me/permissions?access_token="+lt)
	if len(perms["data"].([]any)) != 2 {
		t.Fatalf("permissions: %v", perms)
	}
	// an expired short-lived token cannot be exchanged
	srv.Advance(3 * time.Hour)
	m = get(t, tokURL+"?"+url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {srv.Options().MetaApp.ClientID},
		"client_secret": {srv.Options().MetaApp.ClientSecret}, "fb_exchange_token": {short}}.Encode())
	if c, sub := metaErr(t, m); c != 190 || sub != 463 {
		t.Fatalf("expired exchange: %v", m)
	}
	// revoke
	req, _ := http.NewRequest(http.MethodDelete, srv.MetaGraphURL()+"/v23.0/"+adplatform.MetaUserID+"/permissions?access_token="+lt, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if m := decode(t, resp); m["success"] != true {
		t.Fatalf("revoke: %v", m)
	}
	m = get(t, srv.MetaGraphURL()+"/v23.0/me/adaccounts?access_token="+lt)
	if c, sub := metaErr(t, m); c != 190 || sub != 458 {
		t.Fatalf("after revoke: %v", m)
	}
}

func TestMetaOAuthFailures(t *testing.T) {
	srv := start(t, adplatform.Options{})
	loc := consent(t, metaDialog(srv, "ads_read"), "deny")
	if q := loc.Query(); q.Get("error") != "access_denied" || q.Get("error_description") == "" || q.Get("state") != "st-1" || q.Get("code") != "" {
		t.Fatalf("deny: %s", loc)
	}
	tokURL := srv.MetaGraphURL() + "/v24.0/oauth/access_token"
	code := consent(t, metaDialog(srv, "ads_read"), "allow").Query().Get("code")
	if st, m := postForm(t, tokURL, metaExchange(srv, code, "wrong", callback)); st != 400 || m["error"] == nil {
		t.Fatalf("wrong secret: %d %v", st, m)
	}
	st, m := postForm(t, tokURL, metaExchange(srv, code, srv.Options().MetaApp.ClientSecret, "https://evil.example.com/cb"))
	if c, sub := metaErr(t, m); st != 400 || c != 100 || sub != 36008 {
		t.Fatalf("redirect mismatch: %v", m)
	}
	// codes are short-lived
	code = consent(t, metaDialog(srv, "ads_read"), "allow").Query().Get("code")
	srv.Advance(11 * time.Minute)
	_, m = postForm(t, tokURL, metaExchange(srv, code, srv.Options().MetaApp.ClientSecret, callback))
	if c, sub := metaErr(t, m); c != 100 || sub != 36007 {
		t.Fatalf("expired code: %v", m)
	}
	// scope not granted
	srv.DeclineScopes(adplatform.Meta, "ads_read")
	code = consent(t, metaDialog(srv, "ads_read,business_management"), "allow").Query().Get("code")
	_, m = postForm(t, tokURL, metaExchange(srv, code, srv.Options().MetaApp.ClientSecret, callback))
	tok := m["access_token"].(string)
	perms := get(t, srv.MetaGraphURL()+"/v24.0/me/permissions?access_token="+tok)
	if b, _ := json.Marshal(perms); strings.Contains(string(b), "ads_read") {
		t.Fatalf("declined scope granted: %s", b)
	}
	if c, _ := metaErr(t, get(t, srv.MetaGraphURL()+"/v24.0/me/adaccounts?access_token="+tok)); c != 200 {
		t.Fatalf("ad accounts without ads_read: code %v", c)
	}
	// unknown app
	resp, _ := http.Get(strings.Replace(metaDialog(srv, "ads_read"), "client_id=", "client_id=9", 1))
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("unknown app: %d", resp.StatusCode)
	}
}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP"

func googleAuthURL(srv *adplatform.Server, challenge string) string {
	return srv.GoogleAccountsURL() + "/o/oauth2/v2/auth?" + url.Values{
		"client_id": {srv.Options().GoogleApp.ClientID}, "redirect_uri": {callback}, "response_type": {"code"},
		"scope": {adplatform.AdWordsScope + " openid"}, "state": {"gs"}, "access_type": {"offline"}, "prompt": {"consent"},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"},
	}.Encode()
}

func googleExchange(srv *adplatform.Server, code, secret, redirect, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {srv.Options().GoogleApp.ClientID},
		"client_secret": {secret}, "redirect_uri": {redirect}, "code_verifier": {verifier}}
}

func TestGoogleOAuthFlow(t *testing.T) {
	srv := start(t, adplatform.Options{})
	tokURL := srv.GoogleOAuth2URL() + "/token"
	loc := consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "allow")
	code := loc.Query().Get("code")
	if loc.Query().Get("state") != "gs" || !strings.HasPrefix(code, "4/0A") || !strings.Contains(loc.Query().Get("scope"), adplatform.AdWordsScope) {
		t.Fatalf("callback %s", loc)
	}
	secret := srv.Options().GoogleApp.ClientSecret
	// PKCE mismatch
	st, m := postForm(t, tokURL, googleExchange(srv, code, secret, callback, strings.Repeat("x", 50)))
	if st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("pkce mismatch: %d %v", st, m)
	}
	st, m = postForm(t, tokURL, googleExchange(srv, code, "wrong", callback, verifier))
	if st != 401 || m["error"] != "invalid_client" {
		t.Fatalf("wrong secret: %d %v", st, m)
	}
	st, m = postForm(t, tokURL, googleExchange(srv, code, secret, "https://other.example.com/cb", verifier))
	if st != 400 || m["error"] != "redirect_uri_mismatch" {
		t.Fatalf("redirect mismatch: %d %v", st, m)
	}
	st, m = postForm(t, tokURL, googleExchange(srv, code, secret, callback, verifier))
	if st != 200 || !strings.HasPrefix(m["access_token"].(string), "ya29.") || !strings.HasPrefix(m["refresh_token"].(string), "1//") ||
		m["expires_in"].(float64) != 3599 || m["token_type"] != "Bearer" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	refresh := m["refresh_token"].(string)
	st, m = postForm(t, tokURL, googleExchange(srv, code, secret, callback, verifier))
	if st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("reused code: %d %v", st, m)
	}
	// the replay revoked the grant, as Google does; start again
	code = consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "allow").Query().Get("code")
	_, m = postForm(t, tokURL, googleExchange(srv, code, secret, callback, verifier))
	refresh = m["refresh_token"].(string)
	refreshForm := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {srv.Options().GoogleApp.ClientID}, "client_secret": {secret}}
	st, m = postForm(t, tokURL, refreshForm)
	if st != 200 || !strings.HasPrefix(m["access_token"].(string), "ya29.") || m["refresh_token"] != nil {
		t.Fatalf("refresh: %d %v", st, m)
	}
	access := m["access_token"].(string)
	st, _ = postForm(t, srv.GoogleOAuth2URL()+"/revoke", url.Values{"token": {access}})
	if st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	st, m = postForm(t, tokURL, refreshForm)
	if st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("refresh after revoke: %d %v", st, m)
	}
	// deny
	loc = consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "deny")
	if loc.Query().Get("error") != "access_denied" || loc.Query().Get("code") != "" {
		t.Fatalf("deny: %s", loc)
	}
	// missing verifier, and a code past its ten minutes
	code = consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "allow").Query().Get("code")
	if st, m = postForm(t, tokURL, googleExchange(srv, code, secret, callback, "")); st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("missing verifier: %d %v", st, m)
	}
	code = consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "allow").Query().Get("code")
	srv.Advance(11 * time.Minute)
	if st, m = postForm(t, tokURL, googleExchange(srv, code, secret, callback, verifier)); st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("expired code: %d %v", st, m)
	}
	// scope not granted
	srv.DeclineScopes(adplatform.Google, adplatform.AdWordsScope)
	loc = consent(t, googleAuthURL(srv, adplatform.PKCEChallenge(verifier)), "allow")
	if strings.Contains(loc.Query().Get("scope"), "adwords") {
		t.Fatalf("declined scope granted: %s", loc)
	}
}

func TestMetaDebugToken(t *testing.T) {
	srv := start(t, adplatform.Options{})
	app := srv.Options().MetaApp
	srv.DeclineScopes(adplatform.Meta, "business_management")
	code := consent(t, metaDialog(srv, "ads_read,business_management"), "allow").Query().Get("code")
	_, m := postForm(t, srv.MetaGraphURL()+"/v23.0/oauth/access_token", metaExchange(srv, code, app.ClientSecret, callback))
	tok := m["access_token"].(string)
	debug := func() map[string]any {
		return get(t, srv.MetaGraphURL()+"/v23.0/debug_token?"+url.Values{"input_token": {tok}, "access_token": {app.ClientID + "|" + app.ClientSecret}}.Encode())["data"].(map[string]any)
	}
	d := debug()
	if d["is_valid"] != true || d["user_id"] != adplatform.MetaUserID || fmt.Sprint(d["scopes"]) != "[ads_read]" ||
		int64(d["expires_at"].(float64)) != fixedNow.Add(2*time.Hour).Unix() {
		t.Fatalf("debug_token: %v", d)
	}
	srv.Advance(3 * time.Hour)
	if d := debug(); d["is_valid"] != false || d["error"] == nil {
		t.Fatalf("expired: %v", d)
	}
}
