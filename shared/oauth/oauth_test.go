package oauth_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/connector/connectordb"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/oauth"
	"github.com/medspa-ai/backend/shared/platform/envelope"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/retention"
)

const frontend = "https://app.example"

// rig is the oauth handler on the emulators' tables, with in-memory
// platforms and the fake cipher.
type rig struct {
	h      http.Handler
	states connectordb.States
	store  connectordb.Store
	svc    connector.Service
	meta   *fake.Provider
	google *fake.Provider
	logs   *bytes.Buffer
}

func newRig(t *testing.T) *rig {
	t.Helper()
	account, ephemeral := testenv.Table(t, retention.Account), testenv.Table(t, retention.Ephemeral)
	store, states, err := connectordb.Open(account, ephemeral)
	if err != nil {
		t.Fatal(err)
	}
	tag := strings.TrimPrefix(ids.New("x"), "x_")[:10]
	r := &rig{states: states, store: store, logs: &bytes.Buffer{},
		meta:   &fake.Provider{Name: connector.Meta, Listed: []connector.Account{{ID: "1" + tag, Name: "Glow Spa Ads", Currency: "USD", TimeZone: "America/Chicago"}, {ID: "2" + tag, Name: "Glow Spa IG", Currency: "USD", TimeZone: "America/Chicago"}}},
		google: &fake.Provider{Name: connector.Google, Listed: []connector.Account{{ID: "3" + tag, Name: "Glow Spa Search", Currency: "USD", TimeZone: "America/New_York"}}},
	}
	providers := connector.StaticProviders(r.meta, r.google)
	r.svc = connector.Service{Store: store, Vault: connector.NewVault(fake.Cipher{}), Providers: providers}
	r.h = oauth.New(oauth.Handler{States: states, Connect: r.svc.Connect, Providers: providers, Frontend: frontend, Log: logging.New(r.logs, "DEBUG")})
	return r
}

// authorize stores a state as the API does.
func (r *rig) authorize(t *testing.T, p connector.Platform, orgID, userID string) connector.State {
	t.Helper()
	st := connector.NewState(p, orgID, userID, false, time.Now())
	if err := r.states.Create(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

func (r *rig) get(t *testing.T, target string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "https://api.example"+target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	return rec
}

// start opens the start link and returns the binding cookie and the
// consent URL.
func (r *rig) start(t *testing.T, st connector.State) (*http.Cookie, *url.URL) {
	t.Helper()
	rec := r.get(t, "/oauth/"+string(st.Platform)+"/start?state="+url.QueryEscape(st.Value))
	if rec.Code != http.StatusFound {
		t.Fatalf("start: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	loc, _ := url.Parse(rec.Header().Get("Location"))
	if !strings.HasPrefix(loc.String(), "https://consent.invalid/") || loc.Query().Get("state") != st.Value {
		t.Fatalf("start redirected to %s", loc)
	}
	cs := rec.Result().Cookies()
	if len(cs) != 1 || !cs[0].HttpOnly || !cs[0].Secure || cs[0].SameSite != http.SameSiteLaxMode || cs[0].Path != "/oauth/"+string(st.Platform)+"/" {
		t.Fatalf("binding cookie %+v", cs)
	}
	return cs[0], loc
}

// outcome reads the redirect back to the frontend.
func outcome(t *testing.T, rec *httptest.ResponseRecorder) url.Values {
	t.Helper()
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, frontend+"/connections?") {
		t.Fatalf("callback answered %d %q, want a redirect to the frontend", rec.Code, loc)
	}
	u, _ := url.Parse(loc)
	return u.Query()
}

func wantError(t *testing.T, rec *httptest.ResponseRecorder, slug string) {
	t.Helper()
	q := outcome(t, rec)
	if q.Get("result") != "error" || q.Get("error") != slug || q.Get("message") == "" {
		t.Fatalf("outcome %v, want error %s", q, slug)
	}
}

func (r *rig) count(t *testing.T, orgID string) int {
	t.Helper()
	cs, err := r.store.List(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

func TestConnectStoresOneConnectionPerAccount(t *testing.T) {
	r := newRig(t)
	orgID, user := ids.New("org"), ids.UserID("owner-"+ids.New("s"))
	st := r.authorize(t, connector.Meta, orgID, user)
	cookie, _ := r.start(t, st)
	q := outcome(t, r.get(t, "/oauth/meta/callback?code=ok&state="+url.QueryEscape(st.Value), cookie))
	if q.Get("result") != "connected" || q.Get("accounts") != "2" || q.Get("provider") != "meta" {
		t.Fatalf("outcome %v", q)
	}
	cs, err := r.store.List(context.Background(), orgID)
	if err != nil || len(cs) != 2 {
		t.Fatalf("stored %d connections, %v", len(cs), err)
	}
	for _, c := range cs {
		if c.Status != connector.Active || c.ConnectedBy != user || len(c.Sealed) == 0 || c.AccountName == "" {
			t.Errorf("connection %+v", c)
		}
		tok, err := r.svc.Vault.Open(context.Background(), orgID, c.ID, c.Sealed)
		if err != nil || !strings.HasPrefix(tok.Access, "fake-access-meta-") {
			t.Errorf("tokens do not open: %v", err)
		}
		for _, other := range cs {
			if other.ID == c.ID {
				continue
			}
			if _, err := r.svc.Vault.Open(context.Background(), orgID, other.ID, c.Sealed); !errors.Is(err, envelope.ErrOpen) {
				t.Errorf("tokens open as another connection's: %v", err)
			}
		}
		if _, err := r.svc.Vault.Open(context.Background(), ids.New("org"), c.ID, c.Sealed); !errors.Is(err, envelope.ErrOpen) {
			t.Errorf("tokens open for another organization: %v", err)
		}
	}
	// Reconnecting updates the same connections.
	st2 := r.authorize(t, connector.Meta, orgID, user)
	cookie2, _ := r.start(t, st2)
	if q := outcome(t, r.get(t, "/oauth/meta/callback?code=ok&state="+url.QueryEscape(st2.Value), cookie2)); q.Get("result") != "connected" {
		t.Fatalf("reconnect: %v", q)
	}
	after, _ := r.store.List(context.Background(), orgID)
	if len(after) != 2 || after[0].ID != cs[0].ID || after[0].Version <= cs[0].Version || bytes.Equal(after[0].Sealed, cs[0].Sealed) {
		t.Fatalf("reconnect made %d connections (%+v)", len(after), after)
	}
	if strings.Contains(r.logs.String(), "fake-access") {
		t.Fatal("a token reached the logs")
	}
}

func TestBadCallbacksStoreNothing(t *testing.T) {
	r := newRig(t)
	orgID, user := ids.New("org"), ids.UserID("m-"+ids.New("s"))
	cb := func(p connector.Platform, q string, c ...*http.Cookie) *httptest.ResponseRecorder {
		return r.get(t, "/oauth/"+string(p)+"/callback?"+q, c...)
	}
	started := func(p connector.Platform) (connector.State, *http.Cookie) {
		st := r.authorize(t, p, orgID, user)
		c, _ := r.start(t, st)
		return st, c
	}
	t.Run("state missing", func(t *testing.T) { wantError(t, cb(connector.Meta, "code=ok"), oauth.ErrState) })
	t.Run("state forged", func(t *testing.T) {
		wantError(t, cb(connector.Meta, "code=ok&state=forged-"+ids.New("s")), oauth.ErrState)
	})
	t.Run("state reused", func(t *testing.T) {
		st, c := started(connector.Google)
		// The first use connects; the replay is refused.
		first := outcome(t, cb(connector.Google, "code=ok&state="+url.QueryEscape(st.Value), c))
		if first.Get("result") != "connected" {
			t.Fatalf("first use: %v", first)
		}
		wantError(t, cb(connector.Google, "code=ok&state="+url.QueryEscape(st.Value), c), oauth.ErrState)
	})
	t.Run("state expired", func(t *testing.T) {
		st, c := started(connector.Meta)
		late := *r
		tbl := testenv.Table(t, retention.Ephemeral)
		tbl.Now = func() time.Time { return time.Now().Add(connector.StateTTL + time.Minute) }
		lateStates, _ := connectordb.NewStates(tbl)
		late.h = oauth.New(oauth.Handler{States: lateStates, Connect: r.svc.Connect, Providers: r.svc.Providers, Frontend: frontend, Log: logging.New(r.logs, "DEBUG")})
		wantError(t, late.get(t, "/oauth/meta/callback?code=ok&state="+url.QueryEscape(st.Value), c), oauth.ErrState)
	})
	t.Run("another provider's state", func(t *testing.T) {
		st, c := started(connector.Meta)
		wantError(t, cb(connector.Google, "code=ok&state="+url.QueryEscape(st.Value), c), oauth.ErrState)
		if rec := r.get(t, "/oauth/google/start?state="+url.QueryEscape(st.Value)); outcome(t, rec).Get("error") != oauth.ErrState {
			t.Fatal("a Meta state started a Google consent")
		}
	})
	t.Run("another user's browser", func(t *testing.T) {
		st, _ := started(connector.Meta)
		wantError(t, cb(connector.Meta, "code=ok&state="+url.QueryEscape(st.Value)), oauth.ErrBrowser)
		st2, _ := started(connector.Meta)
		wantError(t, cb(connector.Meta, "code=ok&state="+url.QueryEscape(st2.Value), &http.Cookie{Name: oauth.CookiePrefix + "meta", Value: "someone-else"}), oauth.ErrBrowser)
	})
	t.Run("start link used twice", func(t *testing.T) {
		st, _ := started(connector.Meta)
		wantError(t, r.get(t, "/oauth/meta/start?state="+url.QueryEscape(st.Value)), oauth.ErrState)
	})
	t.Run("code invalid", func(t *testing.T) {
		st, c := started(connector.Meta)
		wantError(t, cb(connector.Meta, "code=bad&state="+url.QueryEscape(st.Value), c), oauth.ErrInvalidCode)
	})
	t.Run("code missing", func(t *testing.T) {
		st, c := started(connector.Meta)
		wantError(t, cb(connector.Meta, "state="+url.QueryEscape(st.Value), c), oauth.ErrBadCallback)
	})
	t.Run("user denied", func(t *testing.T) {
		st, c := started(connector.Meta)
		wantError(t, cb(connector.Meta, "error=access_denied&error_reason=user_denied&state="+url.QueryEscape(st.Value), c), oauth.ErrDenied)
	})
	t.Run("scope not granted", func(t *testing.T) {
		r.meta.Fail = map[string]error{"exchange": connector.ErrScope}
		defer func() { r.meta.Fail = nil }()
		st, c := started(connector.Meta)
		wantError(t, cb(connector.Meta, "code=ok&state="+url.QueryEscape(st.Value), c), oauth.ErrScope)
	})
	if n := r.count(t, orgID); n != 1 { // the one Google account of "state reused"
		t.Fatalf("bad callbacks stored connections: %d", n)
	}
	t.Run("account of another organization", func(t *testing.T) {
		mine := ids.New("org")
		st := r.authorize(t, connector.Meta, mine, user)
		c, _ := r.start(t, st)
		if q := outcome(t, cb(connector.Meta, "code=ok&state="+url.QueryEscape(st.Value), c)); q.Get("result") != "connected" {
			t.Fatalf("first org: %v", q)
		}
		theirs := ids.New("org")
		st2 := r.authorize(t, connector.Meta, theirs, ids.UserID("intruder"))
		c2, _ := r.start(t, st2)
		wantError(t, cb(connector.Meta, "code=ok&state="+url.QueryEscape(st2.Value), c2), oauth.ErrTaken)
		if n := r.count(t, theirs); n != 0 {
			t.Fatalf("the other organization got %d connections", n)
		}
	})
	t.Run("unknown provider", func(t *testing.T) {
		if rec := cb("tiktok", "code=ok&state=x"); rec.Code != 404 || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
		}
	})
}
