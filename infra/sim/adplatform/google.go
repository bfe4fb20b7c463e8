package adplatform

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AdWordsScope is the OAuth scope the Google Ads API needs.
const AdWordsScope = "https://www.googleapis.com/auth/adwords"

func (s *Sim) serveGoogle(w *recorder, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/google/accounts/o/oauth2/v2/auth" || p == "/google/accounts/o/oauth2/auth":
		s.googleAuth(w, r)
	case p == "/google/oauth2/token":
		s.googleToken(w, r)
	case p == "/google/oauth2/revoke":
		s.googleRevoke(w, r)
	case strings.HasPrefix(p, "/google/ads/"):
		s.serveAds(w, r, splitVersion(strings.TrimPrefix(p, "/google/ads/")))
	default:
		s.adsError(w, 404, "NOT_FOUND", "The requested URL "+p+" was not found on this server.", "", "")
	}
}

var adsStatusCode = map[string]int{"INVALID_ARGUMENT": 400, "UNAUTHENTICATED": 401, "PERMISSION_DENIED": 403, "NOT_FOUND": 404, "RESOURCE_EXHAUSTED": 429, "INTERNAL": 500, "UNAVAILABLE": 503}

// adsVersion is the version segment of a Google Ads API path, for the
// failure's @type.
func adsVersion(r *http.Request) string {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/google/ads/"), "/")
	if len(parts) > 0 && versionRE.MatchString(parts[0]) {
		return parts[0]
	}
	return GoogleAdsVersion
}

// adsError writes a Google Ads API error: google.rpc.Status with a
// GoogleAdsFailure detail whose errors[].errorCode is {family: code}.
func (s *Sim) adsError(w http.ResponseWriter, status int, rpcStatus, msg, family, code string, extra ...map[string]any) {
	e := map[string]any{"code": status, "message": msg, "status": rpcStatus}
	version := GoogleAdsVersion
	if rec, ok := w.(*recorder); ok && rec.version != "" {
		version = rec.version
	}
	if family != "" {
		ge := map[string]any{"errorCode": map[string]string{family: code}, "message": msg}
		for _, x := range extra {
			for k, v := range x {
				ge[k] = v
			}
		}
		e["details"] = []any{map[string]any{
			"@type":     "type.googleapis.com/google.ads.googleads." + version + ".errors.GoogleAdsFailure",
			"errors":    []any{ge},
			"requestId": s.opaque("req", s.nextID())[:22],
		}}
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func (s *Sim) serveAds(w *recorder, r *http.Request, parts []string) {
	var cid, method string
	switch {
	case len(parts) == 1 && parts[0] == "customers:listAccessibleCustomers":
		method = "list"
	case len(parts) == 3 && parts[0] == "customers" && (parts[2] == "googleAds:search" || parts[2] == "googleAds:searchStream"):
		cid, method = parts[1], strings.TrimPrefix(parts[2], "googleAds:")
	case len(parts) == 3 && parts[0] == "customers" && parts[2] == "campaignBudgets:mutate":
		cid, method = parts[1], "mutate"
	case len(parts) == 3 && parts[0] == "customers" && parts[2] == "googleAds:mutate":
		cid, method = parts[1], "googleAdsMutate"
	default:
		s.adsError(w, 404, "NOT_FOUND", "The requested URL was not found on this server.", "", "")
		return
	}
	w.account = cid
	w.version = adsVersion(r)
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.slow(r, Google, cid, tok)
	if (method == "list") != (r.Method == http.MethodGet) {
		s.adsError(w, 405, "INVALID_ARGUMENT", "Method not allowed", "", "")
		return
	}
	const unauth = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
	if tok == "" {
		s.adsError(w, 401, "UNAUTHENTICATED", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authenticationError", "NOT_ADS_USER")
		return
	}
	t, st := s.accessState(Google, cid, tok)
	switch st {
	case tokUnknown:
		s.adsError(w, 401, "UNAUTHENTICATED", unauth, "authenticationError", "OAUTH_TOKEN_INVALID")
		return
	case tokExpired:
		s.adsError(w, 401, "UNAUTHENTICATED", unauth, "authenticationError", "OAUTH_TOKEN_EXPIRED")
		return
	case tokRevoked:
		s.adsError(w, 401, "UNAUTHENTICATED", unauth, "authenticationError", "OAUTH_TOKEN_REVOKED")
		return
	}
	if f := s.strike(Google, cid, tok, ServerError); f != nil {
		if f.Status == 503 {
			s.adsError(w, 503, "UNAVAILABLE", "The service is currently unavailable.", "internalError", "TRANSIENT_ERROR")
		} else {
			s.adsError(w, max(f.Status, 500), "INTERNAL", "Internal error encountered.", "internalError", "INTERNAL_ERROR")
		}
		return
	}
	if f := s.strike(Google, cid, tok, RateLimit); f != nil {
		d := retryAfter(f)
		s.adsError(w, 429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", "quotaError", "RESOURCE_EXHAUSTED",
			map[string]any{"message": fmt.Sprintf("Too many requests. Retry in %d seconds.", int(d.Seconds())),
				"details": map[string]any{"quotaErrorDetails": map[string]any{"rateScope": "DEVELOPER", "rateName": "Number of operations for basic access", "retryDelay": fmt.Sprintf("%ds", int(d.Seconds()))}}})
		return
	}
	if !slices.Contains(t.grant.scopes, AdWordsScope) {
		s.adsError(w, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", "authorizationError", "ACCESS_TOKEN_SCOPE_INSUFFICIENT")
		return
	}
	dev := r.Header.Get("developer-token")
	if dev == "" {
		s.adsError(w, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "requestError", "DEVELOPER_TOKEN_PARAMETER_MISSING", map[string]any{"message": "developer-token parameter is missing."})
		return
	}
	if dev != s.opts.GoogleDeveloperToken {
		s.adsError(w, 401, "UNAUTHENTICATED", "Request is missing required authentication credential.", "authenticationError", "DEVELOPER_TOKEN_INVALID", map[string]any{"message": "Developer token " + dev + " is not valid."})
		return
	}
	if method == "list" {
		var names []string
		for _, a := range s.Accounts(Google) {
			if a.Direct {
				names = append(names, "customers/"+a.ID)
			}
		}
		writeJSON(w, 200, map[string]any{"resourceNames": names})
		return
	}
	a, ok := s.Account(cid)
	login := r.Header.Get("login-customer-id")
	denied := !ok || a.Platform != Google
	if !denied {
		switch {
		case login == "":
			denied = !a.Direct
		case login != a.ID && login != a.Parent:
			denied = true
		}
	}
	if denied {
		s.adsError(w, 403, "PERMISSION_DENIED", "The caller does not have permission", "authorizationError", "USER_PERMISSION_DENIED",
			map[string]any{"message": "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header. See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid"})
		return
	}
	if method == "mutate" {
		s.googleMutateBudgets(w, r, a)
		return
	}
	if method == "googleAdsMutate" {
		s.serveMutate(w, r, a)
		return
	}
	var body struct {
		Query     string `json:"query"`
		PageToken string `json:"pageToken"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.adsError(w, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. "+err.Error(), "", "")
		return
	}
	w.gaql = body.Query
	if s.searchPublished(w, a, method, body.Query) {
		return
	}
	q, qerr := parseGAQL(body.Query)
	if qerr == nil {
		qerr = s.checkQuery(a, q)
	}
	if qerr != nil {
		s.adsError(w, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "queryError", qerr.code, map[string]any{"message": qerr.msg})
		return
	}
	results, mask := s.runGAQL(a, q)
	if method == "search" {
		off := 0
		if body.PageToken != "" {
			n, ok := decodeCursor(body.PageToken)
			if !ok {
				s.adsError(w, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "requestError", "INVALID_PAGE_TOKEN")
				return
			}
			off = min(n, len(results))
		}
		end := min(off+s.opts.GoogleSearchPageSize, len(results))
		resp := map[string]any{"fieldMask": mask}
		if end > off {
			resp["results"] = results[off:end]
		}
		if end < len(results) {
			resp["nextPageToken"] = encodeCursor(end)
		}
		writeJSON(w, 200, resp)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(200)
	reqID := s.opaque("req", s.nextID())[:22]
	w.Write([]byte("["))
	for i := 0; i == 0 || i < len(results); i += s.opts.GoogleStreamBatchSize {
		batch := map[string]any{"fieldMask": mask, "requestId": reqID}
		if len(results) > 0 {
			batch["results"] = results[i:min(i+s.opts.GoogleStreamBatchSize, len(results))]
		}
		if i > 0 {
			w.Write([]byte(",\n"))
		}
		b, _ := json.Marshal(batch)
		w.Write(b)
		w.Flush()
	}
	w.Write([]byte("]"))
}

// ---- GAQL ----

type cond struct {
	field, op string
	values    []string
}

type gaql struct {
	fields   []string
	resource string
	conds    []cond
	orderBy  string
	desc     bool
	limit    int
}

type queryErr struct{ code, msg string }

var (
	gaqlRE = regexp.MustCompile(`(?is)^\s*SELECT\s+(.+?)\s+FROM\s+([a-z_]+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+([a-z_.]+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?(?:\s+PARAMETERS\s+.+?)?\s*$`)
	condRE = regexp.MustCompile(`(?is)^\s*([a-z_.]+)\s+(?:(BETWEEN)\s+'([^']*)'\s+AND\s+'([^']*)'|(DURING)\s+([A-Z_0-9]+)|(NOT\s+IN|IN)\s+\(([^)]*)\)|(=|!=|>=|<=|>|<|LIKE|NOT\s+LIKE)\s+('[^']*'|"[^"]*"|[A-Za-z0-9_.\-]+))\s*(?:AND\s+|$)`)
)

func unquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') {
		return v[1 : len(v)-1]
	}
	return v
}

func parseGAQL(query string) (gaql, *queryErr) {
	m := gaqlRE.FindStringSubmatch(query)
	if m == nil {
		if !regexp.MustCompile(`(?i)\bFROM\b`).MatchString(query) {
			return gaql{}, &queryErr{"EXPECTED_FROM", "Error in query: expected FROM."}
		}
		return gaql{}, &queryErr{"UNEXPECTED_END_OF_QUERY", "Error in query: unexpected input."}
	}
	q := gaql{resource: strings.ToLower(m[2]), orderBy: m[4], desc: strings.EqualFold(m[5], "DESC")}
	for _, f := range strings.Split(m[1], ",") {
		q.fields = append(q.fields, strings.TrimSpace(f))
	}
	if m[6] != "" {
		q.limit, _ = strconv.Atoi(m[6])
	}
	where := m[3]
	for where != "" {
		c := condRE.FindStringSubmatch(where)
		if c == nil {
			return gaql{}, &queryErr{"UNEXPECTED_END_OF_QUERY", "Error in query: cannot parse WHERE near: " + where}
		}
		where = where[len(c[0]):]
		switch {
		case c[2] != "":
			q.conds = append(q.conds, cond{c[1], "BETWEEN", []string{c[3], c[4]}})
		case c[5] != "":
			q.conds = append(q.conds, cond{c[1], "DURING", []string{strings.ToUpper(c[6])}})
		case c[7] != "":
			var vs []string
			for _, v := range strings.Split(c[8], ",") {
				vs = append(vs, unquote(v))
			}
			q.conds = append(q.conds, cond{c[1], strings.ToUpper(strings.Join(strings.Fields(c[7]), " ")), vs})
		default:
			q.conds = append(q.conds, cond{c[1], strings.ToUpper(strings.Join(strings.Fields(c[9]), " ")), []string{unquote(c[10])}})
		}
	}
	return q, nil
}

var gaqlAttrs = map[string][]string{
	"customer":        {"id", "descriptive_name", "currency_code", "time_zone", "manager", "status", "resource_name", "test_account"},
	"customer_client": {"client_customer", "level", "manager", "descriptive_name", "currency_code", "time_zone", "id", "status", "hidden", "test_account", "resource_name"},
	"campaign":        {"id", "name", "status", "advertising_channel_type", "resource_name", "start_date", "campaign_budget"},
	"campaign_budget": {"id", "amount_micros", "resource_name"},
	"ad_group":        {"id", "name", "status", "resource_name", "campaign", "type"},
	"ad_group_ad":     {"ad.id", "ad.name", "ad.type", "status", "resource_name", "ad_group"},
}

// related lists the resources whose attributes a FROM resource can select.
var gaqlRelated = map[string][]string{
	"customer":        {"customer"},
	"customer_client": {"customer_client", "customer"},
	"campaign":        {"campaign", "campaign_budget", "customer"},
	"ad_group":        {"ad_group", "campaign", "customer"},
	"ad_group_ad":     {"ad_group_ad", "ad_group", "campaign", "customer"},
}

var gaqlMetrics = []string{"cost_micros", "impressions", "clicks", "ctr", "average_cpc", "average_cpm", "conversions", "conversions_value", "all_conversions"}
var gaqlSegments = []string{"date", "device", "ad_network_type"}

func (s *Sim) checkQuery(a Account, q gaql) *queryErr {
	rel, ok := gaqlRelated[q.resource]
	if !ok {
		return &queryErr{"INVALID_RESOURCE_NAME_IN_FROM_CLAUSE", "Error in query: unrecognized resource " + q.resource + " in FROM."}
	}
	valid := func(f string) bool {
		res, attr, _ := strings.Cut(f, ".")
		switch res {
		case "metrics":
			return q.resource != "customer_client" && slices.Contains(gaqlMetrics, attr)
		case "segments":
			return q.resource != "customer_client" && slices.Contains(gaqlSegments, attr)
		}
		return slices.Contains(rel, res) && slices.Contains(gaqlAttrs[res], attr)
	}
	hasMetrics, hasDate := false, false
	for _, f := range q.fields {
		if !valid(f) {
			return &queryErr{"UNRECOGNIZED_FIELD", "Error in query: unrecognized field in the query: '" + f + "'."}
		}
		hasMetrics = hasMetrics || strings.HasPrefix(f, "metrics.")
		hasDate = hasDate || f == "segments.date"
	}
	dateFilter := false
	for _, c := range q.conds {
		if !valid(c.field) {
			return &queryErr{"UNRECOGNIZED_FIELD", "Error in query: unrecognized field in the query: '" + c.field + "'."}
		}
		if c.field == "segments.date" {
			dateFilter = true
		}
		if c.op == "DURING" && c.field == "segments.date" {
			if _, _, ok := s.during(a, c.values[0]); !ok {
				return &queryErr{"INVALID_VALUE_WITH_DURING_OPERATOR", "Error in query: invalid date range " + c.values[0] + "."}
			}
		}
	}
	if hasDate && !dateFilter {
		return &queryErr{"EXPECTED_FILTERS_ON_DATE_RANGE", "Filters on date range are required when segments.date is selected."}
	}
	if a.Manager && hasMetrics {
		return &queryErr{"REQUESTED_METRICS_FOR_MANAGER", "Metrics cannot be requested for a manager account. To retrieve metrics, issue separate requests against each client account under the manager account."}
	}
	return nil
}

func (s *Sim) during(a Account, preset string) (string, string, bool) {
	today := s.todayIn(a.TimeZone)
	t, _ := time.Parse(time.DateOnly, today)
	n := map[string]int{"LAST_7_DAYS": 7, "LAST_14_DAYS": 14, "LAST_30_DAYS": 30}
	switch {
	case preset == "TODAY":
		return today, today, true
	case preset == "YESTERDAY":
		return addDays(today, -1), addDays(today, -1), true
	case n[preset] > 0:
		return addDays(today, -n[preset]), addDays(today, -1), true
	case preset == "THIS_MONTH":
		return t.Format("2006-01") + "-01", today, true
	case preset == "LAST_MONTH":
		first := time.Date(t.Year(), t.Month()-1, 1, 0, 0, 0, 0, time.UTC)
		return first.Format(time.DateOnly), first.AddDate(0, 1, -1).Format(time.DateOnly), true
	}
	return "", "", false
}

func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

func camelPath(f string) string {
	parts := strings.Split(f, ".")
	for i := range parts {
		parts[i] = camel(parts[i])
	}
	return strings.Join(parts, ".")
}

// gRow is one result before it is shaped: every field's value by GAQL name.
type gRow map[string]any

func i64(v int64) string { return strconv.FormatInt(v, 10) }

func (s *Sim) runGAQL(a Account, q gaql) ([]map[string]any, string) {
	var rows []gRow
	selected := func(prefix string) bool {
		for _, f := range q.fields {
			if strings.HasPrefix(f, prefix) {
				return true
			}
		}
		for _, c := range q.conds {
			if strings.HasPrefix(c.field, prefix) {
				return true
			}
		}
		return false
	}
	customerAttrs := func(x Account) gRow {
		return gRow{"customer.id": x.ID, "customer.descriptive_name": x.Name, "customer.currency_code": x.Currency, "customer.time_zone": x.TimeZone,
			"customer.manager": x.Manager, "customer.status": "ENABLED", "customer.test_account": false, "customer.resource_name": "customers/" + x.ID}
	}
	base := "customers/" + a.ID
	switch q.resource {
	case "customer_client":
		clients := []Account{a}
		if a.Manager {
			for _, c := range s.Accounts(Google) {
				if c.Parent == a.ID {
					clients = append(clients, c)
				}
			}
		}
		for _, c := range clients {
			level := int64(1)
			if c.ID == a.ID {
				level = 0
			}
			r := customerAttrs(a)
			for k, v := range map[string]any{"client_customer": "customers/" + c.ID, "level": i64(level), "manager": c.Manager, "descriptive_name": c.Name,
				"currency_code": c.Currency, "time_zone": c.TimeZone, "id": c.ID, "status": "ENABLED", "hidden": false, "test_account": false,
				"resource_name": base + "/customerClients/" + c.ID} {
				r["customer_client."+k] = v
			}
			rows = append(rows, r)
		}
	default:
		level := map[string]Level{"customer": LevelAccount, "campaign": LevelCampaign, "ad_group": LevelAdSet, "ad_group_ad": LevelAd}[q.resource]
		campaigns := map[string]Campaign{}
		for _, c := range s.Campaigns(a.ID) {
			campaigns[c.ID] = c
		}
		if !selected("metrics.") && !selected("segments.") {
			// attributes only: one row per entity
			var ents []Row
			if level == LevelAccount {
				ents = []Row{{AccountID: a.ID}}
			}
			for _, c := range s.Campaigns(a.ID) {
				if level == LevelCampaign {
					ents = append(ents, Row{CampaignID: c.ID, CampaignName: c.Name})
				}
				for _, set := range s.AdSets(c.ID) {
					if level == LevelAdSet {
						ents = append(ents, Row{CampaignID: c.ID, CampaignName: c.Name, AdSetID: set.ID, AdSetName: set.Name})
					}
					for _, ad := range s.Ads(set.ID) {
						if level == LevelAd {
							ents = append(ents, Row{CampaignID: c.ID, CampaignName: c.Name, AdSetID: set.ID, AdSetName: set.Name, AdID: ad.ID, AdName: ad.Name})
						}
					}
				}
			}
			for _, e := range ents {
				rows = append(rows, s.gEntity(a, base, campaigns, e, customerAttrs(a)))
			}
			break
		}
		from, to := addDays(s.todayIn(a.TimeZone), -(DataDays-1)), s.todayIn(a.TimeZone)
		for _, c := range q.conds {
			if c.field != "segments.date" {
				continue
			}
			switch c.op {
			case "BETWEEN":
				from, to = max(from, c.values[0]), min(to, c.values[1])
			case "DURING":
				f, t, _ := s.during(a, c.values[0])
				from, to = max(from, f), min(to, t)
			case "=":
				from, to = max(from, c.values[0]), min(to, c.values[0])
			case ">=":
				from = max(from, c.values[0])
			case ">":
				from = max(from, addDays(c.values[0], 1))
			case "<=":
				to = min(to, c.values[0])
			case "<":
				to = min(to, addDays(c.values[0], -1))
			}
		}
		daily := selected("segments.date")
		data, _ := s.rows(a.ID, level, from, to, daily)
		var dims []string
		for _, d := range []string{"device", "ad_network_type"} {
			if selected("segments." + d) {
				dims = append(dims, d)
			}
		}
		if len(dims) > 0 {
			data = breakdown(data, &googleSegments, dims)
		}
		for _, d := range data {
			r := s.gEntity(a, base, campaigns, d, customerAttrs(a))
			if daily {
				r["segments.date"] = d.Date
			}
			for k, v := range d.Segments {
				r["segments."+k] = v
			}
			cost := float64(d.CostMicros)
			r["metrics.cost_micros"] = i64(d.CostMicros)
			r["metrics.impressions"] = i64(d.Impressions)
			r["metrics.clicks"] = i64(d.Clicks)
			r["metrics.conversions"] = float64(d.ConversionsMilli) / 1000
			r["metrics.all_conversions"] = float64(d.ConversionsMilli) / 1000
			r["metrics.conversions_value"] = float64(d.ConversionsValueMicros/10000) / 100
			r["metrics.ctr"], r["metrics.average_cpc"], r["metrics.average_cpm"] = 0.0, 0.0, 0.0
			if d.Impressions > 0 {
				r["metrics.ctr"] = float64(d.Clicks) / float64(d.Impressions)
				r["metrics.average_cpm"] = cost * 1000 / float64(d.Impressions)
			}
			if d.Clicks > 0 {
				r["metrics.average_cpc"] = cost / float64(d.Clicks)
			}
			rows = append(rows, r)
		}
	}
	// other WHERE conditions
	var kept []gRow
	for _, r := range rows {
		ok := true
		for _, c := range q.conds {
			if c.field == "segments.date" {
				continue
			}
			if !condHolds(r[c.field], c) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, r)
		}
	}
	if q.orderBy != "" {
		slices.SortStableFunc(kept, func(x, y gRow) int {
			c := compareVals(x[q.orderBy], y[q.orderBy])
			if q.desc {
				return -c
			}
			return c
		})
	}
	if q.limit > 0 && len(kept) > q.limit {
		kept = kept[:q.limit]
	}
	var masks []string
	for _, f := range q.fields {
		masks = append(masks, camelPath(f))
	}
	out := make([]map[string]any, 0, len(kept))
	for _, r := range kept {
		obj := map[string]any{}
		resources := map[string]bool{}
		for _, f := range q.fields {
			setPath(obj, camelPath(f), r[f])
			if res, _, _ := strings.Cut(f, "."); res != "metrics" && res != "segments" {
				resources[res] = true
			}
		}
		resources[q.resource] = true
		for res := range resources {
			if rn, ok := r[res+".resource_name"]; ok {
				setPath(obj, camel(res)+".resourceName", rn)
			}
		}
		out = append(out, obj)
	}
	return out, strings.Join(masks, ",")
}

func (s *Sim) gEntity(a Account, base string, campaigns map[string]Campaign, e Row, r gRow) gRow {
	if e.CampaignID != "" {
		c := campaigns[e.CampaignID]
		r["campaign.id"], r["campaign.name"], r["campaign.status"] = e.CampaignID, e.CampaignName, "ENABLED"
		r["campaign.advertising_channel_type"], r["campaign.start_date"] = c.Objective, c.Start
		r["campaign.resource_name"] = base + "/campaigns/" + e.CampaignID
		r["campaign.campaign_budget"] = base + "/campaignBudgets/" + e.CampaignID
		r["campaign_budget.id"], r["campaign_budget.resource_name"] = e.CampaignID, base+"/campaignBudgets/"+e.CampaignID
		r["campaign_budget.amount_micros"] = i64(s.budgetLocked0(e.CampaignID))
	}
	if e.AdSetID != "" {
		r["ad_group.id"], r["ad_group.name"], r["ad_group.status"], r["ad_group.type"] = e.AdSetID, e.AdSetName, "ENABLED", "SEARCH_STANDARD"
		r["ad_group.campaign"] = base + "/campaigns/" + e.CampaignID
		r["ad_group.resource_name"] = base + "/adGroups/" + e.AdSetID
	}
	if e.AdID != "" {
		r["ad_group_ad.ad.id"], r["ad_group_ad.ad.name"], r["ad_group_ad.ad.type"], r["ad_group_ad.status"] = e.AdID, e.AdName, "RESPONSIVE_SEARCH_AD", "ENABLED"
		r["ad_group_ad.ad_group"] = base + "/adGroups/" + e.AdSetID
		r["ad_group_ad.resource_name"] = base + "/adGroupAds/" + e.AdSetID + "~" + e.AdID
	}
	return r
}

func setPath(obj map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[p] = next
		}
		obj = next
	}
	obj[parts[len(parts)-1]] = v
}

func valString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func compareVals(a, b any) int {
	as, bs := valString(a), valString(b)
	af, e1 := strconv.ParseFloat(as, 64)
	bf, e2 := strconv.ParseFloat(bs, 64)
	if e1 == nil && e2 == nil {
		switch {
		case af < bf:
			return -1
		case af > bf:
			return 1
		}
		return 0
	}
	return strings.Compare(as, bs)
}

func condHolds(v any, c cond) bool {
	vs := valString(v)
	switch c.op {
	case "=":
		return strings.EqualFold(vs, c.values[0]) || compareVals(v, c.values[0]) == 0
	case "!=":
		return !(strings.EqualFold(vs, c.values[0]) || compareVals(v, c.values[0]) == 0)
	case "IN", "NOT IN":
		in := false
		for _, x := range c.values {
			if strings.EqualFold(vs, x) {
				in = true
			}
		}
		return in == (c.op == "IN")
	case ">":
		return compareVals(v, c.values[0]) > 0
	case ">=":
		return compareVals(v, c.values[0]) >= 0
	case "<":
		return compareVals(v, c.values[0]) < 0
	case "<=":
		return compareVals(v, c.values[0]) <= 0
	case "LIKE", "NOT LIKE":
		pat := "^" + strings.ReplaceAll(regexp.QuoteMeta(c.values[0]), "%", ".*") + "$"
		ok, _ := regexp.MatchString("(?i)"+pat, vs)
		return ok == (c.op == "LIKE")
	}
	return true
}
