package adplatform

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind names a failure the simulator can inject.
type FaultKind string

// The faults. Each applies to API calls (Graph API nodes and edges, Google
// Ads API); TokenExpired and TokenRevoked also apply to the token
// endpoints (Meta fb_exchange_token, Google refresh_token grant).
const (
	// RateLimit: Meta answers with Code (default 80000, also 4, 17, 32, 613,
	// 80000-80014) and usage headers at 100% with
	// estimated_time_to_regain_access; Google answers 429 RESOURCE_EXHAUSTED
	// with retryDelay.
	RateLimit FaultKind = "rate_limit"
	// TokenExpired: Meta error 190 subcode 463; Google 401 UNAUTHENTICATED
	// (OAUTH_TOKEN_EXPIRED), and invalid_grant on refresh.
	TokenExpired FaultKind = "token_expired"
	// TokenRevoked: Meta error 190 subcode 458; Google 401 UNAUTHENTICATED
	// (OAUTH_TOKEN_REVOKED), and invalid_grant on refresh.
	TokenRevoked FaultKind = "token_revoked"
	// ServerError: HTTP Status (default 500; Meta code 2 is_transient,
	// Google INTERNAL / 503 UNAVAILABLE).
	ServerError FaultKind = "server_error"
	// Slow delays the response by Delay, then serves it normally.
	Slow FaultKind = "slow"
	// AsyncFail makes new Meta report runs end in "Job Failed".
	AsyncFail FaultKind = "async_fail"
	// AsyncStuck makes new Meta report runs stay "Job Running".
	AsyncStuck FaultKind = "async_stuck"
)

// Fault is one switched-on failure. Empty Account and Token match any;
// Times 0 means until removed.
type Fault struct {
	Kind     FaultKind `json:"kind"`
	Platform Platform  `json:"platform"`
	// Account limits the fault to requests about one ad account / customer
	// (digits, Meta without "act_").
	Account string `json:"account,omitempty"`
	// Token limits the fault to requests carrying this access (or refresh)
	// token.
	Token string `json:"token,omitempty"`
	// Times is how many matching requests fail before the fault ends (a
	// burst of n failures, then recovery).
	Times int `json:"times,omitempty"`
	// Code is the Meta error code of a RateLimit (default 80000).
	Code int `json:"code,omitempty"`
	// RetryAfter is Meta's estimated_time_to_regain_access (rounded up to
	// minutes) and Google's retryDelay (default 1 minute).
	RetryAfter time.Duration `json:"-"`
	// Status is the HTTP status of a ServerError (default 500).
	Status int `json:"status,omitempty"`
	// Delay is how long a Slow fault holds each response.
	Delay time.Duration `json:"-"`
}

type activeFault struct {
	ID string
	Fault
	left int // remaining failures; -1 unlimited
	hits int
}

// FaultStatus is a switched-on fault and how often it struck.
type FaultStatus struct {
	ID   string
	Hits int
	Left int // -1: until removed
	Fault
}

// AddFault switches a fault on and returns its ID.
func (s *Sim) AddFault(f Fault) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultN++
	id := "f" + strconv.Itoa(s.faultN)
	left := f.Times
	if left <= 0 {
		left = -1
	}
	f.Account = strings.TrimPrefix(f.Account, "act_")
	s.faults = append(s.faults, &activeFault{ID: id, Fault: f, left: left})
	return id
}

// RemoveFault switches one fault off.
func (s *Sim) RemoveFault(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.ID == id {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return
		}
	}
}

// ClearFaults switches every fault off.
func (s *Sim) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// Faults lists the faults switched on.
func (s *Sim) Faults() []FaultStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []FaultStatus
	for _, f := range s.faults {
		out = append(out, FaultStatus{ID: f.ID, Hits: f.hits, Left: f.left, Fault: f.Fault})
	}
	return out
}

// DeclineScopes makes the platform's authorization pages grant every asked
// scope except these (a user unticking permissions); none resets it.
func (s *Sim) DeclineScopes(p Platform, scopes ...string) {
	s.mu.Lock()
	s.declined[p] = scopes
	s.mu.Unlock()
}

// strike finds the first matching fault among kinds and uses it up once.
func (s *Sim) strike(p Platform, account, tok string, kinds ...FaultKind) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Platform != p || (f.Account != "" && f.Account != account) || (f.Token != "" && f.Token != tok) {
			continue
		}
		match := false
		for _, k := range kinds {
			if f.Kind == k {
				match = true
			}
		}
		if !match {
			continue
		}
		f.hits++
		out := f.Fault
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
}

// slow sleeps for a matching Slow fault (honouring the request's context).
func (s *Sim) slow(r *http.Request, p Platform, account, tok string) {
	if f := s.strike(p, account, tok, Slow); f != nil && f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
	}
}

func retryAfter(f *Fault) time.Duration {
	if f.RetryAfter <= 0 {
		return time.Minute
	}
	return f.RetryAfter
}

// ---- HTTP control API ----

// faultWire is a Fault on the wire: durations as Go duration strings.
type faultWire struct {
	Fault
	RetryAfter string `json:"retry_after,omitempty"`
	Delay      string `json:"delay,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Sim) serveControl(w http.ResponseWriter, r *http.Request) {
	bad := func(err error) { writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()}) }
	switch {
	case r.URL.Path == "/_sim/faults" && r.Method == http.MethodPost:
		var fw faultWire
		if err := json.NewDecoder(r.Body).Decode(&fw); err != nil {
			bad(err)
			return
		}
		f := fw.Fault
		for _, d := range []struct {
			s   string
			dst *time.Duration
		}{{fw.RetryAfter, &f.RetryAfter}, {fw.Delay, &f.Delay}} {
			if d.s == "" {
				continue
			}
			v, err := time.ParseDuration(d.s)
			if err != nil {
				bad(err)
				return
			}
			*d.dst = v
		}
		switch f.Kind {
		case RateLimit, TokenExpired, TokenRevoked, ServerError, Slow, AsyncFail, AsyncStuck:
		default:
			bad(fmt.Errorf("unknown kind %q", f.Kind))
			return
		}
		if f.Platform != Meta && f.Platform != Google {
			bad(fmt.Errorf("platform must be meta or google"))
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": s.AddFault(f)})
	case r.URL.Path == "/_sim/faults" && r.Method == http.MethodGet:
		var out []map[string]any
		for _, f := range s.Faults() {
			out = append(out, map[string]any{"id": f.ID, "hits": f.Hits, "left": f.Left, "kind": f.Kind, "platform": f.Platform,
				"account": f.Account, "token": f.Token, "code": f.Code, "status": f.Status,
				"retry_after": f.RetryAfter.String(), "delay": f.Delay.String()})
		}
		writeJSON(w, http.StatusOK, map[string]any{"faults": out})
	case r.URL.Path == "/_sim/faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(r.URL.Path, "/_sim/faults/") && r.Method == http.MethodDelete:
		s.RemoveFault(strings.TrimPrefix(r.URL.Path, "/_sim/faults/"))
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_sim/requests" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"requests": s.Requests()})
	case r.URL.Path == "/_sim/requests" && r.Method == http.MethodDelete:
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_sim/revise" && r.Method == http.MethodPost:
		var body struct {
			Account string `json:"account"`
			Days    int    `json:"days"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			bad(err)
			return
		}
		if _, ok := s.Account(body.Account); !ok {
			bad(fmt.Errorf("unknown account %q", body.Account))
			return
		}
		s.Revise(body.Account, body.Days)
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_sim/vanish" && r.Method == http.MethodPost:
		var body struct {
			ID   string   `json:"id"`
			Days []string `json:"days"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.ID == "" {
			bad(fmt.Errorf("want {\"id\": \"<account, campaign, ad set or ad>\", \"days\": [\"YYYY-MM-DD\", ...]}"))
			return
		}
		s.Vanish(body.ID, body.Days...)
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_sim/declined-scopes" && r.Method == http.MethodPut:
		var body struct {
			Platform Platform `json:"platform"`
			Scopes   []string `json:"scopes"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			bad(err)
			return
		}
		s.DeclineScopes(body.Platform, body.Scopes...)
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/_sim/accounts" && r.Method == http.MethodGet:
		var out []map[string]any
		for _, a := range s.w.accounts {
			out = append(out, map[string]any{"platform": a.Platform, "id": a.ID, "name": a.Name, "currency": a.Currency,
				"time_zone": a.TimeZone, "manager": a.Manager, "parent": a.Parent, "today": s.todayIn(a.TimeZone)})
		}
		writeJSON(w, http.StatusOK, map[string]any{"accounts": out})
	case r.URL.Path == "/_sim/totals" && r.Method == http.MethodGet:
		q := r.URL.Query()
		if _, ok := s.Account(q.Get("account")); !ok {
			bad(fmt.Errorf("unknown account %q", q.Get("account")))
			return
		}
		writeJSON(w, http.StatusOK, s.Totals(q.Get("account"), q.Get("from"), q.Get("to")))
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such control endpoint"})
	}
}
