// Package console is the local web console for people (make dev only,
// never deployed): sign in as the demo owner, click Connect Facebook or
// Connect Google, consent on the ad-platform simulator, and come back to a
// page listing the organization's connections with their status. It is
// the frontend the local stack's AllowedOrigin names, so the OAuth
// callback sends the browser back here (/connections?result=...).
//
// The demo owner's token stays in this server: the browser holds only a
// session cookie, and the console calls the local API on its behalf.
package console

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"time"
)

// Console serves the pages.
type Console struct {
	API   string // the local API's base URL
	OrgID string
	Token string // the demo owner's bearer token
	HTTP  *http.Client
}

const session = "medspa_console"

// Handler returns the console's routes.
func (c *Console) Handler() http.Handler {
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 20 * time.Second}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if signedIn(r) {
			http.Redirect(w, r, "/connections", http.StatusSeeOther)
			return
		}
		render(w, signInPage, nil)
	})
	mux.HandleFunc("POST /signin", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: session, Value: "demo-owner", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/connections", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /connections", c.connections)
	mux.HandleFunc("POST /connect/{provider}", c.connect)
	return mux
}

func signedIn(r *http.Request) bool {
	ck, err := r.Cookie(session)
	return err == nil && ck.Value != ""
}

// connect starts a connection through the API and sends the browser to
// the link it answers (our start step, then the platform's consent page).
func (c *Console) connect(w http.ResponseWriter, r *http.Request) {
	if !signedIn(r) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	var out struct{ AuthorizationURL string }
	if err := c.call(r.Context(), http.MethodPost, "/v1/orgs/"+c.OrgID+"/connections/"+r.PathValue("provider")+"/authorize", &out); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, out.AuthorizationURL, http.StatusSeeOther)
}

type connection struct {
	ID, Provider, AccountID, AccountName, Currency, TimeZone, Status string
}

func (c *Console) connections(w http.ResponseWriter, r *http.Request) {
	if !signedIn(r) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	var list struct{ Items []connection }
	err := c.call(r.Context(), http.MethodGet, "/v1/orgs/"+c.OrgID+"/connections?limit=50", &list)
	q := r.URL.Query()
	data := map[string]any{"Items": list.Items, "Result": q.Get("result"), "Provider": q.Get("provider"), "Accounts": q.Get("accounts"),
		"Error": q.Get("error"), "Message": q.Get("message"), "OrgID": c.OrgID}
	if err != nil {
		data["ListError"] = err.Error()
	}
	render(w, connectionsPage, data)
}

func (c *Console) call(ctx context.Context, method, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.API+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = t.Execute(w, data)
}

// Serve serves the console on ln until ctx ends.
func (c *Console) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: c.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

const style = `<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}.error{color:#a00}.ok{color:#070}</style>`

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html><html><head><meta charset="utf-8"><title>Med Spa AI (local console)</title>` + style + `</head>
<body><h1>Med Spa AI, local console</h1>
<p>Development only: this page is never deployed.</p>
<form method="post" action="/signin"><button id="signin" type="submit">Sign in as the demo owner</button></form>
</body></html>`))

var connectionsPage = template.Must(template.New("connections").Parse(`<!doctype html><html><head><meta charset="utf-8"><title>Connections (local console)</title>` + style + `</head>
<body><h1>Ad-account connections of {{.OrgID}}</h1>
{{if eq .Result "connected"}}<p id="outcome" class="ok" data-result="connected" data-provider="{{.Provider}}">Connected {{.Accounts}} {{.Provider}} ad account(s).</p>{{end}}
{{if eq .Result "error"}}<p id="outcome" class="error" data-result="error" data-error="{{.Error}}">{{.Message}}</p>{{end}}
<form method="post" action="/connect/meta" style="display:inline"><button id="connect-meta" type="submit">Connect Facebook</button></form>
<form method="post" action="/connect/google" style="display:inline"><button id="connect-google" type="submit">Connect Google</button></form>
{{if .ListError}}<p class="error">{{.ListError}}</p>{{end}}
<table id="connections"><thead><tr><th>provider</th><th>account</th><th>ID</th><th>currency</th><th>time zone</th><th>status</th></tr></thead><tbody>
{{range .Items}}<tr data-provider="{{.Provider}}" data-status="{{.Status}}"><td>{{.Provider}}</td><td>{{.AccountName}}</td><td>{{.AccountID}}</td><td>{{.Currency}}</td><td>{{.TimeZone}}</td><td>{{.Status}}</td></tr>
{{else}}<tr><td colspan="6">No connections yet.</td></tr>{{end}}
</tbody></table>
</body></html>`))
