package adplatform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // account time zones resolve on any machine

	"github.com/medspa-ai/backend/shared/platform/httpstatus"
)

// App is the OAuth client an ad platform knows: what the simulator accepts.
type App struct {
	ClientID     string
	ClientSecret string
	// RedirectURIs, when set, are the only redirect URIs the authorization
	// pages accept (as the platforms' app settings do). Empty accepts any.
	RedirectURIs []string
}

// Options configure a simulator. The zero value works: every field has a
// default.
type Options struct {
	// Seed fixes every generated number; the same seed gives the same data.
	// Default 1.
	Seed uint64
	// Now is the simulator's clock (default time.Now). Advance moves it on.
	Now func() time.Time
	// MetaApp is the Meta app (default ID "1234567890123456", secret
	// "sim-meta-app-secret").
	MetaApp App
	// GoogleApp is the Google OAuth client (default ID
	// "sim-client.apps.googleusercontent.com", secret "GOCSPX-sim-secret").
	GoogleApp App
	// GoogleDeveloperToken is the developer-token header the Google Ads API
	// accepts (default "sim-developer-token").
	GoogleDeveloperToken string
	// GoogleSearchPageSize is the rows per googleAds:search page (the real
	// API's fixed 10000 by default).
	GoogleSearchPageSize int
	// GoogleStreamBatchSize is the rows per searchStream batch (default 10000).
	GoogleStreamBatchSize int
	// AsyncPolls is how many GETs of a Meta report run see it unfinished
	// before it reports "Job Completed" (default 2; negative: completed at
	// the first poll).
	AsyncPolls int
	// MetaUsageStep is how many percentage points each Graph API call adds to
	// the usage headers of its ad account and app (default 1, capped at 99
	// unless a rate-limit fault is active).
	MetaUsageStep int
	// BenchAds, when set, adds a large Meta ad account (BenchAccountID,
	// America/Chicago) with about this many ads (20 a campaign), every
	// one delivering every day, for make bench-sync.
	BenchAds int
	// CodeTTL is how long an authorization code can be exchanged (default 10
	// minutes, as on both platforms).
	CodeTTL time.Duration
}

func (o *Options) defaults() {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MetaApp.ClientID == "" {
		o.MetaApp.ClientID = "1234567890123456"
	}
	if o.MetaApp.ClientSecret == "" {
		o.MetaApp.ClientSecret = "sim-meta-app-secret"
	}
	if o.GoogleApp.ClientID == "" {
		o.GoogleApp.ClientID = "sim-client.apps.googleusercontent.com"
	}
	if o.GoogleApp.ClientSecret == "" {
		o.GoogleApp.ClientSecret = "GOCSPX-sim-secret"
	}
	if o.GoogleDeveloperToken == "" {
		o.GoogleDeveloperToken = "sim-developer-token"
	}
	if o.GoogleSearchPageSize <= 0 {
		o.GoogleSearchPageSize = 10000
	}
	if o.GoogleStreamBatchSize <= 0 {
		o.GoogleStreamBatchSize = 10000
	}
	if o.AsyncPolls == 0 {
		o.AsyncPolls = 2
	}
	if o.MetaUsageStep <= 0 {
		o.MetaUsageStep = 1
	}
	if o.CodeTTL <= 0 {
		o.CodeTTL = 10 * time.Minute
	}
}

// Versions the simulator names in its documentation and error details. Any
// "v<digits>[.<digits>]" path prefix is accepted.
const (
	MetaVersion      = "v26.0"
	GoogleAdsVersion = "v26"
)

// Sim simulates the Meta Graph/Marketing API and the Google OAuth and Google
// Ads APIs. It is an http.Handler; it is safe for concurrent use.
type Sim struct {
	opts Options
	w    *world
	locs map[string]*time.Location

	mu       sync.Mutex
	offset   time.Duration
	rev      map[string]map[string]int  // account → day → revision
	vanished map[string]map[string]bool // account, campaign, ad set or ad → days without delivery ("" all)
	tokens   map[string]*token
	grants   []*grant
	declined map[Platform][]string
	faults   []*activeFault
	faultN   int
	requests []Request
	usage    map[string]int // meta account or "app" → calls
	runs     map[string]*reportRun
	budgets  map[string]int64 // daily budgets written, micros, by campaign or ad set
	serial   int
	pub      publishState // publish.go
}

// New builds a simulator. Entities are made at once; metrics are computed
// per day when asked for.
func New(opts Options) *Sim {
	opts.defaults()
	s := &Sim{
		opts: opts, locs: map[string]*time.Location{},
		rev: map[string]map[string]int{}, vanished: map[string]map[string]bool{}, tokens: map[string]*token{},
		declined: map[Platform][]string{}, usage: map[string]int{}, runs: map[string]*reportRun{},
	}
	for _, g := range [][]accountSeed{metaSeeds, googleSeeds} {
		for _, a := range g {
			loc, err := time.LoadLocation(a.acct.TimeZone)
			if err != nil {
				loc = time.UTC
			}
			s.locs[a.acct.TimeZone] = loc
		}
	}
	s.w = newWorld(opts.Seed, s.todayIn, opts.BenchAds)
	return s
}

// Now is the simulator's current time (Options.Now plus any Advance).
func (s *Sim) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Sim) nowLocked() time.Time { return s.opts.Now().Add(s.offset) }

// Advance moves the simulator's clock on by d: tokens and codes expire,
// and each account's today moves with it.
func (s *Sim) Advance(d time.Duration) {
	s.mu.Lock()
	s.offset += d
	s.mu.Unlock()
}

func (s *Sim) todayIn(tz string) string {
	loc := s.locs[tz]
	if loc == nil {
		loc = time.UTC
	}
	return s.Now().In(loc).Format(time.DateOnly)
}

// Options returns the options in effect (defaults filled in).
func (s *Sim) Options() Options { return s.opts }

// ---- truth API ----

// Accounts lists the seeded accounts of a platform (Google's manager first).
func (s *Sim) Accounts(p Platform) []Account {
	var out []Account
	for _, a := range s.w.accounts {
		if a.Platform == p {
			out = append(out, *a)
		}
	}
	return out
}

// Account finds a seeded account by ID (Meta IDs with or without "act_").
func (s *Sim) Account(id string) (Account, bool) {
	a := s.w.byID[strings.TrimPrefix(id, "act_")]
	if a == nil {
		return Account{}, false
	}
	return *a, true
}

// Campaigns lists an account's campaigns.
func (s *Sim) Campaigns(accountID string) []Campaign {
	var out []Campaign
	for _, c := range s.w.campaigns[strings.TrimPrefix(accountID, "act_")] {
		out = append(out, *c)
	}
	return out
}

// AdSets lists a campaign's ad sets (Google: ad groups).
func (s *Sim) AdSets(campaignID string) []AdSet {
	var out []AdSet
	for _, a := range s.w.adsets[campaignID] {
		out = append(out, *a)
	}
	return out
}

// Ads lists an ad set's ads (Google: ad group ads).
func (s *Sim) Ads(adSetID string) []Ad {
	var out []Ad
	for _, a := range s.w.ads[adSetID] {
		out = append(out, *a)
	}
	return out
}

// Today is the account's current day in its own time zone.
func (s *Sim) Today(accountID string) string {
	a, ok := s.Account(accountID)
	if !ok {
		return ""
	}
	return s.todayIn(a.TimeZone)
}

// Rows returns the account's daily rows at a level for the days from..to
// (YYYY-MM-DD, inclusive, the account's days), exactly as the HTTP APIs
// report them. Days with no delivery have no row.
func (s *Sim) Rows(accountID string, level Level, from, to string) []Row {
	rows, _ := s.rows(strings.TrimPrefix(accountID, "act_"), level, from, to, true)
	return rows
}

// Totals sums the account's metrics over from..to.
func (s *Sim) Totals(accountID string, from, to string) Metrics {
	var m Metrics
	for _, r := range s.Rows(accountID, LevelCampaign, from, to) {
		m.add(r.Metrics)
	}
	return m
}

// TotalsBy sums the account's metrics over from..to per entity of the level
// (campaign, ad set or ad ID).
func (s *Sim) TotalsBy(accountID string, level Level, from, to string) map[string]Metrics {
	out := map[string]Metrics{}
	for _, r := range s.Rows(accountID, level, from, to) {
		id := map[Level]string{LevelAccount: r.AccountID, LevelCampaign: r.CampaignID, LevelAdSet: r.AdSetID, LevelAd: r.AdID}[level]
		m := out[id]
		m.add(r.Metrics)
		out[id] = m
	}
	return out
}

// Breakdown returns the account's daily rows at a level split by segment
// dimensions, as the HTTP APIs report them: Meta "age", "gender",
// "publisher_platform", "platform_position" (age and gender combine, and
// the two placement dimensions); Google "device", "ad_network_type".
func (s *Sim) Breakdown(accountID string, level Level, from, to string, dims ...string) ([]Row, error) {
	a, ok := s.Account(accountID)
	if !ok {
		return nil, errNoAccount
	}
	f, err := familyFor(a.Platform, dims)
	if err != nil {
		return nil, err
	}
	return breakdown(s.Rows(a.ID, level, from, to), f, dims), nil
}

// Revise changes the numbers of the account's last n days (today
// included), as the platforms do while conversions keep arriving. Each call
// gives those days new values.
func (s *Sim) Revise(accountID string, lastNDays int) {
	id := strings.TrimPrefix(accountID, "act_")
	today := s.Today(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rev[id] == nil {
		s.rev[id] = map[string]int{}
	}
	for i := range lastNDays {
		s.rev[id][addDays(today, -i)]++
	}
}

// Vanish makes an entity (an account, campaign, ad set or ad ID; Meta
// accounts with or without "act_") report no delivery on the days given,
// or on every day when none is given: an ad deleted, or days revised to
// no delivery. Its rows disappear from every report and from Rows and
// Totals, and the levels above it lose its share.
func (s *Sim) Vanish(id string, days ...string) {
	id = strings.TrimPrefix(id, "act_")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vanished[id] == nil {
		s.vanished[id] = map[string]bool{}
	}
	if len(days) == 0 {
		days = []string{""}
	}
	for _, d := range days {
		s.vanished[id][d] = true
	}
}

var errNoAccount = errors.New("no such account")

// rows computes rows of one account; daily=false sums each entity over the
// range (Date=from, DateStop=to).
func (s *Sim) rows(acctID string, level Level, from, to string, daily bool) ([]Row, error) {
	a := s.w.byID[acctID]
	if a == nil {
		return nil, errNoAccount
	}
	today := s.todayIn(a.TimeZone)
	first := addDays(today, -(DataDays - 1))
	if from < first {
		from = first
	}
	if to > today {
		to = today
	}
	s.mu.Lock()
	rev := map[string]int{}
	for k, v := range s.rev[acctID] {
		rev[k] = v
	}
	gone := map[string]map[string]bool{}
	for k, v := range s.vanished {
		gone[k] = maps.Clone(v)
	}
	s.mu.Unlock()
	off := func(id, day string) bool { return gone[id] != nil && (gone[id][""] || gone[id][day]) }
	type key struct{ date, id string }
	var order []key
	agg := map[key]*Row{}
	if from > to {
		return nil, nil
	}
	for _, day := range days(from, to) {
		if off(acctID, day) {
			continue
		}
		for _, c := range s.w.campaigns[acctID] {
			if day < c.Start || off(c.ID, day) {
				continue
			}
			for _, set := range s.w.adsets[c.ID] {
				if off(set.ID, day) {
					continue
				}
				for _, ad := range s.w.ads[set.ID] {
					if off(ad.ID, day) {
						continue
					}
					m := s.w.adDay(a, ad, day, rev[day])
					r := Row{Platform: a.Platform, AccountID: a.ID, Date: day, DateStop: day}
					switch level {
					case LevelCampaign, LevelAdSet, LevelAd:
						r.CampaignID, r.CampaignName = c.ID, c.Name
					}
					switch level {
					case LevelAdSet, LevelAd:
						r.AdSetID, r.AdSetName = set.ID, set.Name
					}
					if level == LevelAd {
						r.AdID, r.AdName = ad.ID, ad.Name
					}
					k := key{day, r.CampaignID + "/" + r.AdSetID + "/" + r.AdID}
					if !daily {
						k.date = ""
						r.Date, r.DateStop = from, to
					}
					if agg[k] == nil {
						r.Metrics = Metrics{}
						agg[k] = &r
						order = append(order, k)
					}
					agg[k].Metrics.add(m)
				}
			}
		}
	}
	out := make([]Row, 0, len(order))
	for _, k := range order {
		if !agg[k].Metrics.zero() {
			out = append(out, *agg[k])
		}
	}
	if !daily {
		slices.SortStableFunc(out, func(x, y Row) int {
			return strings.Compare(x.CampaignID+x.AdSetID+x.AdID, y.CampaignID+y.AdSetID+y.AdID)
		})
	}
	return out, nil
}

// ---- request recording ----

// Request is one request the simulator served. Secrets (tokens, codes,
// client secrets, verifiers) are replaced by "REDACTED" in Query.
type Request struct {
	Time     time.Time
	Platform Platform
	Method   string
	Path     string
	Query    url.Values
	Account  string // ad account / customer the request was about, if any
	GAQL     string // Google Ads search query, if any
	Status   int
}

var secretParams = []string{"access_token", "client_secret", "code", "fb_exchange_token", "refresh_token", "code_verifier", "token", "input_token", "appsecret_proof"}

// Requests returns the requests served so far (control-API calls excluded).
func (s *Sim) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// CountRequests counts served requests with the method ("" for any) whose
// path contains the fragment.
func (s *Sim) CountRequests(method, pathContains string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, pathContains) {
			n++
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Sim) ResetRequests() {
	s.mu.Lock()
	s.requests = nil
	s.mu.Unlock()
}

// recorder keeps what the request log says of a response: its status, and
// the account, API version and query the handler read from the request.
type recorder struct {
	httpstatus.Writer
	account string
	version string // Google Ads API version of the request
	gaql    string
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// ServeHTTP serves both platforms and the control API; see the package
// documentation for the path mapping.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveControl(w, r)
		return
	}
	rec := &recorder{Writer: httpstatus.Writer{ResponseWriter: w}}
	var p Platform
	switch {
	case strings.HasPrefix(r.URL.Path, "/meta/"):
		p = Meta
		s.serveMeta(rec, r)
	case strings.HasPrefix(r.URL.Path, "/google/"):
		p = Google
		s.serveGoogle(rec, r)
	default:
		http.NotFound(rec, r)
	}
	q := r.URL.Query()
	for _, k := range secretParams {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Time: s.nowLocked(), Platform: p, Method: r.Method, Path: r.URL.Path, Query: q, Account: rec.account, GAQL: rec.gaql, Status: rec.Status})
	s.mu.Unlock()
}

// nextID returns a serial number unique within this simulator.
func (s *Sim) nextID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.serial++
	return s.serial
}

// opaque derives a deterministic opaque string for a serial number.
func (s *Sim) opaque(kind string, n int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%d|%s|%d", s.opts.Seed, kind, n))
	return hex.EncodeToString(h[:])
}

// ---- listener ----

// Server is a simulator listening on a real address.
type Server struct {
	*Sim
	// URL is the base URL, e.g. "http://127.0.0.1:41234".
	URL string
	srv *http.Server
}

// Start serves the simulator on addr ("127.0.0.1:0" picks a free port).
func (s *Sim) Start(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return &Server{Sim: s, URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

// Close stops the listener.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// The real base URLs, each served by the simulator under one base URL.
// MetaGraphURL etc. give the simulator's counterpart.
func (s *Server) MetaWWWURL() string        { return s.URL + "/meta/www" }        // https://www.facebook.com
func (s *Server) MetaGraphURL() string      { return s.URL + "/meta/graph" }      // https://graph.facebook.com
func (s *Server) GoogleAccountsURL() string { return s.URL + "/google/accounts" } // https://accounts.google.com
func (s *Server) GoogleOAuth2URL() string   { return s.URL + "/google/oauth2" }   // https://oauth2.googleapis.com
func (s *Server) GoogleAdsURL() string      { return s.URL + "/google/ads" }      // https://googleads.googleapis.com

// TB is the part of testing.TB StartTest needs.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// StartTest starts a simulator with opts on a free loopback port and stops
// it when the test ends.
func StartTest(t TB, opts Options) *Server {
	t.Helper()
	srv, err := New(opts).Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("adplatform: start: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// Consent answers an authorization page at authURL (what a client's
// AuthCodeURL points to) as the user would, with decision "allow" or
// "deny", and returns the query of the redirect back to the client.
func Consent(t TB, authURL, decision string) url.Values {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Post(authURL, "application/x-www-form-urlencoded", strings.NewReader("decision="+decision))
	if err != nil {
		t.Fatalf("consent: %v", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("consent: %d %v", resp.StatusCode, err)
	}
	return loc.Query()
}
