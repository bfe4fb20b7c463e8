package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// scope says who may call a route.
type scope int

const (
	public    scope = iota // anyone (health, the OpenAPI document)
	self                   // any signed-in user, about themselves
	orgScoped              // members of the organization in the path, by permission
	team                   // the privacy team (platform group); everyone else gets 404
)

// input is a request body: it checks itself, naming each bad field.
type input interface{ check(*checker) }

// route is one operation. The route table (routes.go) is the only place
// routes are declared, and the OpenAPI document is generated from it.
type route struct {
	name   string // operationId, and the usage event's feature
	method string
	path   string
	scope  scope
	// perm and load: for org-scoped routes, what the caller needs and what
	// to read with their membership, in one request.
	perm org.Permission
	load func(*call) (org.Snapshot, error)
	// input makes the body value; nil for routes without a body.
	input func() input
	// list routes take limit and cursor; ifMatch routes need If-Match;
	// byEmail routes act on what was sent to the caller's address, so they
	// need the identity provider to have verified it.
	list    bool
	ifMatch bool
	byEmail bool
	handle  func(*call) (reply, error)
	doc     doc
	// query lists the query parameters the route takes.
	query []qparam
	// form routes take an optional HTML form body (RFC 8058's one-click
	// POST) instead of JSON; the handler reads c.form.
	form bool
}

func (rt *route) pattern() string { return rt.method + " " + rt.path }

// call is one request as it goes through the pipeline.
type call struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	ctx     context.Context
	rt      *route
	st      *reqState
	now     time.Time
	who     Principal
	orgID   string
	in      input
	raw     []byte
	ifMatch []int64
	page    page
	query   url.Values
	form    url.Values
	// snap is what the route's load read; set only once access is granted.
	snap org.Snapshot
}

// reply is a handler's success.
type reply struct {
	status   int
	body     any
	etag     string
	location string
}

func ok(body any) (reply, error)      { return reply{status: http.StatusOK, body: body}, nil }
func created(body any) (reply, error) { return reply{status: http.StatusCreated, body: body}, nil }

// okOr answers 200 with body, or err when building the body failed.
func okOr(body any, err error) (reply, error) {
	if err != nil {
		return reply{}, err
	}
	return ok(body)
}

// register puts every route on the mux, plus a method-less pattern per path
// so a wrong method gets a problem+json 405 instead of the mux's text.
func (s *Server) register() {
	methods := map[string][]string{}
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.pattern(), s.handler(rt))
		methods[rt.path] = append(methods[rt.path], rt.method)
	}
	// One fallback answers both a path no route has (404) and a method a
	// path does not take (405, with Allow), rather than a method-less
	// pattern per path: registering a pattern checks it against every one
	// before it, and half the patterns were a share of every cold start.
	var paths []pathMethods
	for path, ms := range methods {
		sort.Strings(ms)
		paths = append(paths, pathMethods{strings.Split(path, "/"), strings.Join(ms, ", ")})
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		for _, p := range paths {
			if p.matches(r.URL.EscapedPath()) {
				w.Header().Set("Allow", p.allow)
				writeProblem(w, stateOf(r.Context()).requestID, errOf(typeMethod, "This path accepts "+p.allow+"."))
				return
			}
		}
		writeProblem(w, stateOf(r.Context()).requestID, problem.NotFound("No route for "+r.Method+" "+r.URL.Path+"."))
	})
}

// pathMethods is a route path's segments and the methods it takes.
type pathMethods struct {
	segments []string
	allow    string
}

// matches reports whether the escaped path is one the route path names,
// as the mux matches it: segment by segment, a {wildcard} standing for one
// non-empty segment (an escaped "/" inside it included), a literal for
// itself unescaped.
func (p pathMethods) matches(escaped string) bool {
	segs := strings.Split(escaped, "/")
	if len(segs) != len(p.segments) {
		return false
	}
	for i, seg := range p.segments {
		if strings.HasPrefix(seg, "{") {
			if segs[i] == "" {
				return false
			}
		} else if lit, err := url.PathUnescape(segs[i]); err != nil || lit != seg {
			return false
		}
	}
	return true
}

func (s *Server) handler(rt *route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r.Context())
		st.route = rt
		c := &call{s: s, w: w, r: r, ctx: r.Context(), rt: rt, st: st, now: s.d.Now().UTC()}
		rep, err := s.run(c)
		switch {
		case err != nil:
			s.fail(c, err)
		case rep.status != alreadyWritten:
			writeReply(w, rep, nil)
		}
	}
}

// fail answers with err's problem; an unexpected error is logged (the
// error only: never a body) and becomes a 500 with the request ID.
func (s *Server) fail(c *call, err error) {
	var p *problem.Problem
	var pe *phiError
	if !errors.As(err, &p) && !errors.As(err, &pe) {
		if sp := storeProblem(err); sp != nil {
			err = sp
		} else {
			s.d.Log.ErrorContext(c.ctx, "request failed", "route", c.rt.name, "error", err.Error())
		}
	}
	writeProblem(c.w, c.st.requestID, err)
}

// run is the pipeline every route goes through, in this order: identity,
// path, usage event, query, body (size, strict decode, validation, PHI
// guard), preconditions, then idempotency around authorization and the
// handler. Everything up to the idempotency step touches no database, so a
// malformed or PHI-bearing request costs no read and is never stored.
func (s *Server) run(c *call) (reply, error) {
	rt := c.rt
	if rt.scope != public {
		p, ok := principalFrom(c.r)
		if !ok {
			return reply{}, problem.Unauthorized()
		}
		c.who, c.st.userID = p, p.UserID
		if rt.byEmail && (!p.EmailVerified || p.Email == "") {
			return reply{}, errEmailUnverified()
		}
		if rt.scope == team && !p.InGroup(PrivacyTeam) {
			// The same 404 as an unknown path: the privacy team's routes
			// are not advertised to anyone else.
			return reply{}, problem.NotFound("No route for " + c.r.Method + " " + c.r.URL.Path + ".")
		}
	}
	if strings.Contains(rt.path, "{orgId}") {
		c.orgID = c.r.PathValue("orgId")
		if !ids.ValidWithPrefix(c.orgID, "org") {
			return reply{}, errOrgNotFound()
		}
		c.st.orgID = c.orgID
	}
	if c.who.UserID != "" {
		s.startUsage(c)
	}
	if err := s.parseQuery(c); err != nil {
		return reply{}, err
	}
	if rt.input != nil {
		if err := s.readInput(c); err != nil {
			return reply{}, err
		}
	} else if rt.form {
		f, err := readForm(c.w, c.r)
		if err != nil {
			return reply{}, err
		}
		c.form = f
	} else if err := refuseBody(c.r); err != nil {
		return reply{}, err
	}
	vs, present, err := ifMatch(c.r.Header.Values("If-Match"))
	switch {
	case err != nil:
		return reply{}, err
	case rt.ifMatch && !present:
		return reply{}, errPrecondRequired()
	case !rt.ifMatch && present && len(vs) == 0:
		return reply{}, errPrecondFailed()
	}
	c.ifMatch = vs
	if rt.method == http.MethodPost && rt.scope != public {
		// Public POSTs take no Idempotency-Key: with no caller to scope a
		// key to, one caller's key could replay another's answer; the
		// public POST (one-click unsubscribe) is idempotent by itself.
		// Presence is read from the header map: an empty Idempotency-Key
		// is a malformed key, not an absent one.
		if vals, present := c.r.Header["Idempotency-Key"]; present {
			key, err := idempotencyKey(vals)
			if err != nil {
				return reply{}, err
			}
			return s.idempotent(c, key)
		}
	}
	return s.execute(c)
}

func (s *Server) readInput(c *call) error {
	raw, err := readBody(c.w, c.r)
	if err != nil {
		return err
	}
	in := c.rt.input()
	if err := decodeStrict(raw, in); err != nil {
		return err
	}
	ck := &checker{}
	in.check(ck)
	if err := ck.err(); err != nil {
		return err
	}
	if len(ck.free) > 0 {
		if fs := s.d.PHI(ck.free); len(fs) > 0 {
			// Log the field names and kinds only: never the text.
			kinds := make([]string, 0, len(fs))
			for _, f := range fs {
				kinds = append(kinds, f.Field+":"+string(f.Kind))
			}
			s.d.Log.InfoContext(c.ctx, "refused protected health information", "route", c.rt.name, "findings", kinds)
			return errPHI(fs)
		}
	}
	c.in, c.raw = in, raw
	return nil
}

// execute authorizes org-scoped routes and runs the handler.
func (s *Server) execute(c *call) (reply, error) {
	if c.rt.scope == orgScoped {
		snap, err := c.rt.load(c)
		if err != nil {
			return reply{}, err
		}
		if err := authorize(c.rt.perm, snap.Caller); err != nil {
			return reply{}, err
		}
		c.snap = snap
	}
	return c.rt.handle(c)
}

// authorize is the one place access to an organization is decided. A
// caller who is not a joined member gets the same 404 as for an
// organization that does not exist; a member whose role is too weak gets a
// 403 (they know the org exists); a cancelled org refuses writes.
func authorize(p org.Permission, caller *org.Member) error {
	switch {
	case !caller.Active():
		return errOrgNotFound()
	case !caller.Role.Can(p):
		return errRole(org.MinRole(p))
	case !p.AllowedWhenCancelled() && caller.OrgStatus == org.Cancelled:
		return errCancelled()
	}
	return nil
}

// writeReply sends a success; body, when given, is the already-encoded
// JSON (an idempotent replay).
func writeReply(w http.ResponseWriter, rep reply, body []byte) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if rep.etag != "" {
		h.Set("ETag", rep.etag)
	}
	if rep.location != "" {
		h.Set("Location", rep.location)
	}
	if body == nil && rep.body != nil {
		var err error
		if body, err = json.Marshal(rep.body); err != nil {
			writeProblem(w, "", err)
			return
		}
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
		body = append(body, '\n')
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
}
