// Package api is the public HTTP API. The same http.Handler runs in Lambda
// (through aws-lambda-go-api-proxy, HTTP API payload 2.0) and behind the
// local gateway. See README.md in this folder for the resources, the
// permission table and the rules every route follows.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/metrics"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/phi"
	"github.com/medspa-ai/backend/shared/platform/httpstatus"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention/holds"
	"github.com/medspa-ai/backend/shared/retention/report"
)

// Guard finds protected health information in free-text fields, by field
// name (shared/phi.CheckFields).
type Guard func(fields map[string]string) []phi.Finding

// Deps are what the handlers need.
type Deps struct {
	Log      *slog.Logger
	Stage    string
	Orgs     org.Store
	Profiles profile.Store
	Activity activity.Recorder
	// Idempotency runs a POST once per Idempotency-Key.
	Idempotency idempotency.Store
	// Connector changes connections (pause, resume, revoke); OAuthStates
	// holds the single-use states that start one.
	Connector   connector.Service
	OAuthStates connector.States
	// CursorKey signs list cursors (at least 32 bytes). Give it, or
	// LoadCursorKey to read it on the first list request (see LoadCursorKey).
	CursorKey     []byte
	LoadCursorKey func(context.Context) ([]byte, error)
	// Content keeps content requests; ContentJobs queues them for the
	// generator; AssetURL (optional) presigns their files.
	Content     content.Store
	ContentJobs ContentJobs
	AssetURL    AssetURL
	// Billing is the plan, invoices and processor sessions.
	Billing Billing
	// Recommendations keeps the optimiser's recommendations; BudgetApplier
	// (optional) writes budgets to the platforms: without it an approved
	// budget change is queued for the optimizer to apply (OptimizeJobs,
	// optional: without both, the optimiser's next run applies it) and a
	// revert is refused.
	Recommendations budget.Store
	BudgetApplier   budget.Applier
	OptimizeJobs    OptimizeJobs
	// Campaigns are uploads, drafts and the publish queue.
	Campaigns Campaigns
	// Privacy is the privacy requests' lifecycle.
	Privacy Privacy
	// Holds places and releases legal holds.
	Holds holds.Service
	// Unsubscribe serves the one-click unsubscribe links of marketing email.
	Unsubscribe Unsubscribe
	// Retention builds the retention report at a time (report.Build on
	// the tables).
	Retention func(ctx context.Context, now time.Time) (report.Report, error)
	// Metrics reads synced metric rows and audience cells.
	Metrics metrics.Reader
	// Policy is the privacy policy version in force; without one, /v1/me
	// shows nothing accepted and acceptance is refused.
	Policy PolicyVersion
	// PHI defaults to phi.CheckFields.
	PHI Guard
	// Now defaults to time.Now.
	Now func() time.Time
}

// Server is the API's http.Handler.
type Server struct {
	d       Deps
	mux     *http.ServeMux
	routes  []*route
	cursors cursors
	unsub   unsubscribeKey
	// openapi builds the OpenAPI document on its first request: it takes
	// about 2 ms, which every cold start would otherwise pay.
	openapi func() ([]byte, error)
}

// New builds the API. Every dependency is required: a half-wired API must
// fail at cold start, not on the first request that needs the missing piece.
func New(d Deps) (*Server, error) {
	var missing []error
	for _, dep := range []struct {
		name string
		ok   bool
	}{
		{"Log", d.Log != nil},
		{"Orgs", d.Orgs != nil},
		{"Profiles", d.Profiles != nil},
		{"Activity", d.Activity != nil},
		{"Idempotency", d.Idempotency != nil},
		{"Content", d.Content != nil},
		{"ContentJobs", d.ContentJobs != nil},
		{"Connector (Store, Vault, Providers)", d.Connector.Store != nil && d.Connector.Vault != nil && d.Connector.Providers != nil},
		{"Billing (Store, Processor, Plans)", d.Billing.Store != nil && d.Billing.Processor != nil && len(d.Billing.Plans) > 0},
		{"Recommendations", d.Recommendations != nil},
		{"Campaigns (Store, Files, Jobs)", d.Campaigns.Store != nil && d.Campaigns.Files != nil && d.Campaigns.Jobs != nil},
		{"Holds (Store, Audit, NewID)", d.Holds.Store != nil && d.Holds.Audit != nil && d.Holds.NewID != nil},
		{"Metrics", d.Metrics != nil},
		{"Retention", d.Retention != nil},
		{"Unsubscribe (Store, and Key of 32 bytes or more or LoadKey)", d.Unsubscribe.Store != nil && (len(d.Unsubscribe.Key) >= 32 || d.Unsubscribe.LoadKey != nil)},
		{"OAuthStates", d.OAuthStates != nil},
		{"Privacy (Service: Store, Queue, NewID)", d.Privacy.Service.Store != nil && d.Privacy.Service.Queue != nil && d.Privacy.Service.NewID != nil},
		{"CursorKey (32 bytes or more) or LoadCursorKey", len(d.CursorKey) >= 32 || d.LoadCursorKey != nil},
	} {
		if !dep.ok {
			missing = append(missing, errors.New(dep.name))
		}
	}
	if len(missing) > 0 {
		return nil, errors.Join(append([]error{errors.New("api: missing dependencies")}, missing...)...)
	}
	if d.PHI == nil {
		d.PHI = phi.CheckFields
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Privacy.Service.Now == nil {
		d.Privacy.Service.Now = d.Now
	}
	s := &Server{d: d, mux: http.NewServeMux()}
	s.cursors.load = d.LoadCursorKey
	if d.LoadCursorKey == nil {
		key := d.CursorKey
		s.cursors.load = func(context.Context) ([]byte, error) { return key, nil }
	}
	s.routes = s.table()
	s.register()
	s.openapi = sync.OnceValues(s.openAPIJSON)
	return s, nil
}

// ServeHTTP routes the request and records it. The request log is written
// after the handler (it needs the status and latency); the usage event was
// started concurrently with the handler's own work. Both are joined here,
// before the response goes back: Lambda freezes the process after that.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := s.begin(r)
	sw := &httpstatus.Writer{ResponseWriter: w}
	if p := r.URL.EscapedPath(); r.Method != http.MethodConnect && cleanPath(p) != p {
		// The mux would answer a text/html 307 to the cleaned path; a path
		// with an empty, "." or ".." segment names no resource of this API.
		writeProblem(sw, st.requestID, problem.NotFound("No route for "+r.Method+" "+p+": paths have no empty, \".\" or \"..\" segments (did you mean "+cleanPath(p)+"?)."))
	} else {
		s.mux.ServeHTTP(sw, r.WithContext(st.ctx))
	}
	s.finish(st, sw.Status, r)
}

// cleanPath is the path net/http's ServeMux routes p as (its unexported
// cleanPath): rooted, without "." and ".." elements or repeated slashes,
// keeping a trailing slash. The mux redirects a path that differs from it.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		if len(p) == len(np)+1 && strings.HasPrefix(p, np) {
			np = p
		} else {
			np += "/"
		}
	}
	return np
}
