package adplatform

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var versionRE = regexp.MustCompile(`^v\d+(\.\d+)?$`)

// splitVersion drops a leading API version segment.
func splitVersion(path string) []string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) > 0 && versionRE.MatchString(parts[0]) {
		parts = parts[1:]
	}
	if len(parts) == 1 && parts[0] == "" {
		return nil
	}
	return parts
}

func (s *Sim) serveMeta(w *recorder, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/meta/www/"):
		parts := splitVersion(strings.TrimPrefix(r.URL.Path, "/meta/www/"))
		if strings.Join(parts, "/") == "dialog/oauth" {
			s.metaDialog(w, r)
			return
		}
	case strings.HasPrefix(r.URL.Path, "/meta/graph/"):
		s.serveGraph(w, r, splitVersion(strings.TrimPrefix(r.URL.Path, "/meta/graph/")))
		return
	}
	s.metaError(w, 404, 803, 0, "OAuthException", "Unknown path components: "+r.URL.Path)
}

func metaToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if v, ok := strings.CutPrefix(h, "Bearer "); ok {
			return v
		}
		if v, ok := strings.CutPrefix(h, "OAuth "); ok {
			return v
		}
	}
	return r.Form.Get("access_token")
}

func (s *Sim) serveGraph(w *recorder, r *http.Request, parts []string) {
	r.ParseForm()
	if len(parts) == 2 && parts[0] == "oauth" && parts[1] == "access_token" {
		s.metaAccessToken(w, r)
		return
	}
	if len(parts) == 0 {
		s.metaError(w, 400, 100, 0, "GraphMethodException", "Unsupported get request.")
		return
	}
	if len(parts) == 1 && parts[0] == "debug_token" {
		s.metaDebugToken(w, r)
		return
	}
	account := ""
	if id, ok := strings.CutPrefix(parts[0], "act_"); ok {
		account = id
	} else if run := s.runFor(parts[0]); run != nil {
		account = run.account
	}
	w.account = account
	tok := metaToken(r)
	s.slow(r, Meta, account, tok)
	if tok == "" {
		s.metaError(w, 400, 104, 0, "OAuthException", "An access token is required to request this resource.")
		return
	}
	t, st := s.accessState(Meta, account, tok)
	if s.metaTokenRefused(w, st, true) {
		return
	}
	if f := s.strike(Meta, account, tok, ServerError); f != nil {
		status := f.Status
		if status == 0 {
			status = 500
		}
		s.metaError(w, status, 2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later.")
		return
	}
	if f := s.strike(Meta, account, tok, RateLimit); f != nil {
		s.metaThrottle(w, account, f)
		return
	}
	s.usageHeaders(w, account, 0)
	user := parts[0] == "me" || parts[0] == MetaUserID
	switch {
	case user && len(parts) == 1 && r.Method == http.MethodGet:
		writeJSON(w, 200, pick(map[string]any{"id": MetaUserID, "name": MetaUserName}, r.Form.Get("fields"), "id,name"))
	case user && len(parts) == 2 && parts[1] == "permissions" && r.Method == http.MethodGet:
		var data []map[string]any
		for _, sc := range t.grant.scopes {
			data = append(data, map[string]any{"permission": sc, "status": "granted"})
		}
		writeJSON(w, 200, map[string]any{"data": data})
	case user && len(parts) == 2 && parts[1] == "permissions" && r.Method == http.MethodDelete:
		s.mu.Lock()
		for _, g := range s.grants {
			if g.platform == Meta && g.user == MetaUserID {
				g.revoked = true
			}
		}
		s.mu.Unlock()
		writeJSON(w, 200, map[string]any{"success": true})
	case user && len(parts) == 2 && parts[1] == "adaccounts" && r.Method == http.MethodGet:
		if !hasAdsScope(t) {
			s.metaError(w, 400, 200, 0, "OAuthException", "(#200) Requires ads_read or ads_management permission to manage the object")
			return
		}
		var items []map[string]any
		for _, a := range s.Accounts(Meta) {
			items = append(items, s.metaAccountNode(a))
		}
		s.metaPage(w, r, items, "account_id,id")
	case account != "" && strings.HasPrefix(parts[0], "act_"):
		if !hasAdsScope(t) {
			s.metaError(w, 400, 200, 0, "OAuthException", "(#200) Ad account owner has NOT grant ads_management or ads_read permission")
			return
		}
		a, ok := s.Account(account)
		if !ok || a.Platform != Meta {
			s.metaError(w, 400, 100, 33, "GraphMethodException", fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", parts[0]))
			return
		}
		if s.serveMetaWrite(w, r, a, parts[1:], t) {
			return
		}
		s.serveAdAccount(w, r, a, parts[1:], tok)
	case len(parts) == 1 && s.metaBudgeted(parts[0]):
		s.metaBudgetNode(w, r, t, parts[0])
	default:
		if s.serveMetaObject(w, r, parts, t) {
			return
		}
		if run := s.runFor(parts[0]); run != nil && r.Method == http.MethodGet {
			s.serveReportRun(w, r, run, parts[1:])
			return
		}
		s.metaError(w, 400, 100, 33, "GraphMethodException", fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", strings.ToLower(r.Method), parts[0]))
	}
}

func hasAdsScope(t *token) bool {
	return slices.Contains(t.grant.scopes, "ads_read") || slices.Contains(t.grant.scopes, "ads_management")
}

func (s *Sim) metaAccountNode(a Account) map[string]any {
	_, off := s.Now().In(s.locs[a.TimeZone]).Zone()
	return map[string]any{
		"id": "act_" + a.ID, "account_id": a.ID, "name": a.Name, "account_status": 1,
		"currency": a.Currency, "timezone_name": a.TimeZone, "timezone_offset_hours_utc": float64(off) / 3600,
	}
}

// usageHeaders writes the rate-limit headers; pct overrides the computed
// usage (a throttled account shows 100 and more).
func (s *Sim) usageHeaders(w http.ResponseWriter, account string, regainMinutes int) {
	s.mu.Lock()
	s.usage["app"]++
	app := min(99, s.usage["app"]*s.opts.MetaUsageStep/4)
	acc := 0
	if account != "" {
		s.usage[account]++
		acc = min(99, s.usage[account]*s.opts.MetaUsageStep)
	}
	s.mu.Unlock()
	if regainMinutes > 0 {
		acc, app = 100, max(app, 100)
	}
	j := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	w.Header().Set("x-app-usage", j(map[string]int{"call_count": app, "total_cputime": app / 2, "total_time": app / 2}))
	if account != "" {
		w.Header().Set("x-ad-account-usage", j(map[string]any{"acc_id_util_pct": acc, "reset_time_duration": regainMinutes * 60, "ads_api_access_tier": "standard_access"}))
		w.Header().Set("x-business-use-case-usage", j(map[string]any{account: []map[string]any{{
			"type": "ads_insights", "call_count": acc, "total_cputime": acc / 2, "total_time": acc / 2,
			"estimated_time_to_regain_access": regainMinutes, "ads_api_access_tier": "standard_access",
		}}}))
	}
	w.Header().Set("x-fb-trace-id", s.opaque("trace", s.nextID())[:11])
}

var metaThrottleMessages = map[int]string{
	4:   "(#4) Application request limit reached",
	17:  "(#17) User request limit reached",
	32:  "(#32) Page request limit reached",
	613: "(#613) Calls to this api have exceeded the rate limit.",
}

func (s *Sim) metaThrottle(w http.ResponseWriter, account string, f *Fault) {
	code := f.Code
	if code == 0 {
		code = 80000
	}
	minutes := int((retryAfter(f) + time.Minute - 1) / time.Minute)
	s.usageHeaders(w, account, minutes)
	msg, ok := metaThrottleMessages[code]
	sub := 0
	if !ok {
		msg = fmt.Sprintf("(#%d) There have been too many calls from this ad-account. Please wait a bit and try again.", code)
		sub = 2446079
	}
	s.metaError(w, 400, code, sub, "OAuthException", msg)
}

// pick keeps the requested fields of a node (defaults when none asked).
func pick(node map[string]any, fields, defaults string) map[string]any {
	if fields == "" {
		fields = defaults
	}
	out := map[string]any{}
	for _, f := range strings.Split(fields, ",") {
		f = strings.TrimSpace(f)
		if v, ok := node[f]; ok {
			out[f] = v
		}
	}
	return out
}

// metaPage writes a cursor-paged edge of nodes, keeping the asked fields.
func (s *Sim) metaPage(w http.ResponseWriter, r *http.Request, items []map[string]any, defaults string) {
	fields := r.Form.Get("fields")
	var out []map[string]any
	for _, it := range items {
		out = append(out, pick(it, fields, defaults))
	}
	s.metaPageRaw(w, r, out)
}

func encodeCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("sim:" + strconv.Itoa(off)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "sim:") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "sim:"))
	return n, err == nil && n >= 0
}

func (s *Sim) metaPageRaw(w http.ResponseWriter, r *http.Request, items []map[string]any) {
	limit := 25
	if v := r.Form.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			s.metaError(w, 400, 100, 0, "OAuthException", "(#100) Param limit must be a positive integer")
			return
		}
		limit = n
	}
	off := 0
	if c := r.Form.Get("after"); c != "" {
		n, ok := decodeCursor(c)
		if !ok {
			s.metaError(w, 400, 100, 0, "OAuthException", "(#100) Invalid after cursor")
			return
		}
		off = n
	}
	off = min(off, len(items))
	end := min(off+limit, len(items))
	data := items[off:end]
	if data == nil {
		data = []map[string]any{}
	}
	resp := map[string]any{"data": data}
	if len(data) > 0 {
		paging := map[string]any{"cursors": map[string]string{"before": encodeCursor(off), "after": encodeCursor(end)}}
		if end < len(items) {
			q := url.Values{}
			for k, v := range r.Form {
				q[k] = v
			}
			q.Set("after", encodeCursor(end))
			q.Set("limit", strconv.Itoa(limit))
			paging["next"] = "http://" + r.Host + r.URL.Path + "?" + q.Encode()
		}
		if off > 0 {
			q := url.Values{}
			for k, v := range r.Form {
				q[k] = v
			}
			q.Del("after")
			q.Set("before", encodeCursor(off))
			paging["previous"] = "http://" + r.Host + r.URL.Path + "?" + q.Encode()
		}
		resp["paging"] = paging
	}
	writeJSON(w, 200, resp)
}

func (s *Sim) serveAdAccount(w http.ResponseWriter, r *http.Request, a Account, rest []string, tok string) {
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		writeJSON(w, 200, pick(s.metaAccountNode(a), r.Form.Get("fields"), "id"))
	case len(rest) == 1 && rest[0] == "insights" && r.Method == http.MethodGet:
		q, err := s.parseInsights(a, r.Form)
		if err != nil {
			s.metaError(w, 400, err.code, err.sub, "OAuthException", err.msg)
			return
		}
		s.metaPageRaw(w, r, s.insightRows(a, q))
	case len(rest) == 1 && rest[0] == "insights" && r.Method == http.MethodPost:
		q, err := s.parseInsights(a, r.Form)
		if err != nil {
			s.metaError(w, 400, err.code, err.sub, "OAuthException", err.msg)
			return
		}
		run := &reportRun{id: fmt.Sprintf("6%015d", s.nextID()), account: a.ID, q: q, created: s.Now()}
		if s.strike(Meta, a.ID, tok, AsyncFail) != nil {
			run.fail = true
		} else if s.strike(Meta, a.ID, tok, AsyncStuck) != nil {
			run.stuck = true
		}
		s.mu.Lock()
		s.runs[run.id] = run
		s.mu.Unlock()
		writeJSON(w, 200, map[string]string{"report_run_id": run.id})
	case len(rest) == 1 && (rest[0] == "campaigns" || rest[0] == "adsets" || rest[0] == "ads") && r.Method == http.MethodGet:
		var items []map[string]any
		for _, c := range s.Campaigns(a.ID) {
			if rest[0] == "campaigns" {
				items = append(items, map[string]any{"id": c.ID, "name": c.Name, "status": "ACTIVE", "effective_status": "ACTIVE", "objective": c.Objective, "account_id": a.ID, "start_time": c.Start + "T00:00:00+0000"})
				continue
			}
			for _, set := range s.AdSets(c.ID) {
				if rest[0] == "adsets" {
					items = append(items, map[string]any{"id": set.ID, "name": set.Name, "status": "ACTIVE", "effective_status": "ACTIVE", "campaign_id": c.ID, "account_id": a.ID})
					continue
				}
				for _, ad := range s.Ads(set.ID) {
					items = append(items, map[string]any{"id": ad.ID, "name": ad.Name, "status": "ACTIVE", "effective_status": "ACTIVE", "adset_id": set.ID, "campaign_id": c.ID, "account_id": a.ID})
				}
			}
		}
		s.metaPage(w, r, items, "id")
	default:
		s.metaError(w, 400, 100, 0, "GraphMethodException", fmt.Sprintf("Unsupported %s request.", strings.ToLower(r.Method)))
	}
}

// ---- insights ----

type insightsQuery struct {
	level      Level
	since      string
	until      string
	daily      bool
	fields     []string
	breakdowns []string
}

type graphErr struct {
	code, sub int
	msg       string
}

var metaInsightFields = map[string]bool{
	"account_id": true, "account_name": true, "account_currency": true,
	"campaign_id": true, "campaign_name": true, "adset_id": true, "adset_name": true, "ad_id": true, "ad_name": true,
	"spend": true, "impressions": true, "reach": true, "clicks": true, "ctr": true, "cpc": true, "cpm": true, "frequency": true,
	"actions": true, "action_values": true, "date_start": true, "date_stop": true, "objective": true,
}

func (s *Sim) parseInsights(a Account, f url.Values) (insightsQuery, *graphErr) {
	bad := func(msg string) (insightsQuery, *graphErr) { return insightsQuery{}, &graphErr{code: 100, msg: msg} }
	q := insightsQuery{level: LevelAccount}
	if l := f.Get("level"); l != "" {
		switch Level(l) {
		case LevelAccount, LevelCampaign, LevelAdSet, LevelAd:
			q.level = Level(l)
		default:
			return bad("(#100) level must be one of the following values: ad, adset, campaign, account")
		}
	}
	fields := f.Get("fields")
	if fields == "" {
		fields = "spend,impressions"
	}
	for _, fl := range strings.Split(fields, ",") {
		fl = strings.TrimSpace(fl)
		if !metaInsightFields[fl] {
			return bad(fmt.Sprintf("(#100) %s is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values", fl))
		}
		q.fields = append(q.fields, fl)
	}
	today := s.todayIn(a.TimeZone)
	if tr := f.Get("time_range"); tr != "" {
		var v struct{ Since, Until string }
		if err := json.Unmarshal([]byte(tr), &v); err != nil || !isDate(v.Since) || !isDate(v.Until) || v.Since > v.Until {
			return bad("(#100) Param time_range is invalid: must be {\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"} with since <= until")
		}
		q.since, q.until = v.Since, v.Until
	} else {
		preset := f.Get("date_preset")
		if preset == "" {
			preset = "last_30d"
		}
		n := map[string]int{"last_3d": 3, "last_7d": 7, "last_14d": 14, "last_28d": 28, "last_30d": 30, "last_90d": 90}
		switch {
		case preset == "today":
			q.since, q.until = today, today
		case preset == "yesterday":
			q.since, q.until = addDays(today, -1), addDays(today, -1)
		case preset == "maximum":
			q.since, q.until = addDays(today, -(DataDays-1)), today
		case n[preset] > 0:
			q.since, q.until = addDays(today, -n[preset]), addDays(today, -1)
		default:
			return bad("(#100) date_preset must be one of the following values: today, yesterday, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d, maximum")
		}
	}
	t, _ := time.Parse(time.DateOnly, today)
	if q.since < t.AddDate(0, -37, 0).Format(time.DateOnly) {
		return insightsQuery{}, &graphErr{code: 3018, msg: "The start date of the time range cannot be beyond 37 months from the current date"}
	}
	switch ti := f.Get("time_increment"); ti {
	case "", "all_days":
	case "1":
		q.daily = true
	default:
		return bad("(#100) time_increment supports 1 and all_days in this simulator")
	}
	if b := f.Get("breakdowns"); b != "" {
		q.breakdowns = strings.Split(b, ",")
		if _, err := familyFor(Meta, q.breakdowns); err != nil {
			return bad("(#100) Current combination of data breakdown columns (action_type, " + b + ") is invalid")
		}
	}
	return q, nil
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// money formats micros with two decimals ("12.34").
func money(micros int64) string {
	cents := (micros + 5000) / 10000
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

func ratio(num, den float64) string {
	if den == 0 {
		return "0"
	}
	return strconv.FormatFloat(num/den, 'f', 6, 64)
}

func (s *Sim) metaRows(a Account, q insightsQuery) []Row {
	rows, _ := s.rows(a.ID, q.level, q.since, q.until, q.daily)
	if len(q.breakdowns) > 0 {
		f, _ := familyFor(Meta, q.breakdowns)
		rows = breakdown(rows, f, q.breakdowns)
	}
	return rows
}

func (s *Sim) insightRows(a Account, q insightsQuery) []map[string]any {
	rows := s.metaRows(a, q)
	out := make([]map[string]any, 0, len(rows))
	objective := map[string]string{}
	for _, c := range s.w.campaigns[a.ID] {
		objective[c.ID] = c.Objective
	}
	for _, r := range rows {
		m := map[string]any{"date_start": r.Date, "date_stop": r.DateStop}
		spend := float64(r.CostMicros) / 1e6
		for _, f := range q.fields {
			var v any
			switch f {
			case "account_id":
				v = a.ID
			case "account_name":
				v = a.Name
			case "account_currency":
				v = a.Currency
			case "campaign_id", "campaign_name", "objective":
				if r.CampaignID != "" {
					v = map[string]string{"campaign_id": r.CampaignID, "campaign_name": r.CampaignName, "objective": objective[r.CampaignID]}[f]
				}
			case "adset_id", "adset_name":
				if r.AdSetID != "" {
					v = map[string]string{"adset_id": r.AdSetID, "adset_name": r.AdSetName}[f]
				}
			case "ad_id", "ad_name":
				if r.AdID != "" {
					v = map[string]string{"ad_id": r.AdID, "ad_name": r.AdName}[f]
				}
			case "spend":
				v = money(r.CostMicros)
			case "impressions":
				v = strconv.FormatInt(r.Impressions, 10)
			case "reach":
				v = strconv.FormatInt(r.Reach, 10)
			case "clicks":
				v = strconv.FormatInt(r.Clicks, 10)
			case "ctr":
				v = ratio(float64(r.Clicks)*100, float64(r.Impressions))
			case "cpc":
				v = ratio(spend, float64(r.Clicks))
			case "cpm":
				v = ratio(spend*1000, float64(r.Impressions))
			case "frequency":
				v = ratio(float64(r.Impressions), float64(r.Reach))
			case "actions":
				if len(r.Actions) > 0 {
					var l []map[string]string
					for _, k := range slices.Sorted(maps.Keys(r.Actions)) {
						l = append(l, map[string]string{"action_type": k, "value": strconv.FormatInt(r.Actions[k], 10)})
					}
					v = l
				}
			case "action_values":
				if len(r.ActionValuesMicros) > 0 {
					var l []map[string]string
					for _, k := range slices.Sorted(maps.Keys(r.ActionValuesMicros)) {
						l = append(l, map[string]string{"action_type": k, "value": money(r.ActionValuesMicros[k])})
					}
					v = l
				}
			}
			if v != nil {
				m[f] = v
			}
		}
		for k, v := range r.Segments {
			m[k] = v
		}
		out = append(out, m)
	}
	return out
}

// ---- async report runs ----

type reportRun struct {
	id          string
	account     string
	q           insightsQuery
	created     time.Time
	polls       int
	fail, stuck bool
}

func (s *Sim) runFor(id string) *reportRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[id]
}

func (s *Sim) serveReportRun(w http.ResponseWriter, r *http.Request, run *reportRun, rest []string) {
	s.mu.Lock()
	if len(rest) == 0 {
		run.polls++
	}
	polls := run.polls
	s.mu.Unlock()
	status, pct := "Job Completed", 100
	switch {
	case run.fail:
		status, pct = "Job Failed", 0
	case run.stuck:
		status, pct = "Job Running", 50
	case polls <= s.opts.AsyncPolls && len(rest) == 0:
		status, pct = "Job Running", 100*polls/(s.opts.AsyncPolls+1)
	case polls <= s.opts.AsyncPolls:
		status = "Job Running"
	}
	a, _ := s.Account(run.account)
	if len(rest) == 0 {
		node := map[string]any{
			"id": run.id, "account_id": run.account, "async_status": status, "async_percent_completion": pct,
			"date_start": run.q.since, "date_stop": run.q.until, "time_ref": run.created.Unix(), "is_running": status == "Job Running",
		}
		if status == "Job Completed" {
			node["time_completed"] = run.created.Unix() + 1
		}
		writeJSON(w, 200, node)
		return
	}
	if len(rest) == 1 && rest[0] == "insights" {
		if status != "Job Completed" {
			s.metaError(w, 400, 100, 0, "OAuthException", "(#100) The report run "+run.id+" is not completed (async_status: "+status+")")
			return
		}
		s.metaPageRaw(w, r, s.insightRows(a, run.q))
		return
	}
	s.metaError(w, 400, 100, 0, "GraphMethodException", "Unsupported get request.")
}

// metaDebugToken serves GET /debug_token?input_token=...: what a user token
// grants, authorized by the app token "{app-id}|{app-secret}" (or a user
// token of the app).
func (s *Sim) metaDebugToken(w http.ResponseWriter, r *http.Request) {
	app := s.opts.MetaApp
	caller := metaToken(r)
	if caller != app.ClientID+"|"+app.ClientSecret {
		if _, st := s.check(caller, kindAccess, Meta); st != tokOK {
			s.metaError(w, 400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
			return
		}
	}
	in := r.Form.Get("input_token")
	t, st := s.check(in, kindAccess, Meta)
	if st == tokUnknown {
		writeJSON(w, 200, map[string]any{"data": map[string]any{"error": map[string]any{"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"}, "is_valid": false, "scopes": []string{}}})
		return
	}
	s.mu.Lock()
	expires := t.expires.Unix()
	s.mu.Unlock()
	data := map[string]any{
		"app_id": app.ClientID, "type": "USER", "application": "Med Spa AI", "user_id": t.grant.user,
		"expires_at": expires, "data_access_expires_at": expires + 30*24*3600,
		"is_valid": st == tokOK, "scopes": append([]string{}, t.grant.scopes...),
	}
	switch st {
	case tokExpired:
		data["error"] = map[string]any{"code": 190, "subcode": 463, "message": "Error validating access token: Session has expired."}
	case tokRevoked:
		data["error"] = map[string]any{"code": 190, "subcode": 458, "message": "Error validating access token: The user has not authorized application " + app.ClientID + "."}
	}
	writeJSON(w, 200, map[string]any{"data": data})
}
