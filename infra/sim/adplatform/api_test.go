package adplatform_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
)

const (
	laMeta     = "120000000000001"
	sydneyMeta = "120000000000002"
	manager    = "1000000001"
	laGoogle   = "2000000001"
	akGoogle   = "2000000002"
)

// parseMicros reads a Meta decimal string ("12.34") as micros.
func parseMicros(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(s, ".")
	frac = (frac + "000000")[:6]
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad decimal %q", s)
	}
	return w*1e6 + f
}

func atoi(t *testing.T, v any) int64 {
	t.Helper()
	n, err := strconv.ParseInt(v.(string), 10, 64)
	if err != nil {
		t.Fatalf("not an integer string: %v", v)
	}
	return n
}

// metaInsights follows paging.next from the first URL and sums the rows.
func metaInsights(t *testing.T, first string) (adplatform.Metrics, int, int) {
	t.Helper()
	var m adplatform.Metrics
	m.Actions, m.ActionValuesMicros = map[string]int64{}, map[string]int64{}
	rows, pages := 0, 0
	for next := first; next != ""; {
		page := get(t, next)
		if page["error"] != nil {
			t.Fatalf("insights: %v", page["error"])
		}
		pages++
		next = ""
		if p, ok := page["paging"].(map[string]any); ok {
			if n, ok := p["next"].(string); ok {
				next = n
			}
			if p["cursors"].(map[string]any)["after"] == "" {
				t.Fatal("no after cursor")
			}
		}
		for _, d := range page["data"].([]any) {
			r := d.(map[string]any)
			rows++
			m.CostMicros += parseMicros(t, r["spend"].(string))
			m.Impressions += atoi(t, r["impressions"])
			m.Clicks += atoi(t, r["clicks"])
			if r["reach"] != nil {
				m.Reach += atoi(t, r["reach"])
			}
			for _, a := range asList(r["actions"]) {
				m.Actions[a["action_type"].(string)] += atoi(t, a["value"])
			}
			for _, a := range asList(r["action_values"]) {
				m.ActionValuesMicros[a["action_type"].(string)] += parseMicros(t, a["value"].(string))
			}
		}
	}
	return m, rows, pages
}

func asList(v any) []map[string]any {
	l, _ := v.([]any)
	var out []map[string]any
	for _, x := range l {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestMetaAdAccountsAndInsightsMatchTruth(t *testing.T) {
	srv := start(t, adplatform.Options{})
	tok := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	g := srv.MetaGraphURL() + "/v23.0"
	accts := get(t, g+"/me/adaccounts?fields=id,account_id,name,currency,timezone_name,account_status&limit=2&access_token="+tok)
	data := accts["data"].([]any)
	if len(data) != 2 || accts["paging"].(map[string]any)["next"] == nil {
		t.Fatalf("first page: %v", accts)
	}
	rest := get(t, accts["paging"].(map[string]any)["next"].(string))
	if len(rest["data"].([]any)) != 1 {
		t.Fatalf("second page: %v", rest)
	}
	first := data[0].(map[string]any)
	if first["id"] != "act_"+laMeta || first["timezone_name"] != "America/Los_Angeles" || first["currency"] != "USD" {
		t.Fatalf("account: %v", first)
	}

	from, to := "2026-01-01", "2026-02-28"
	for _, level := range []string{"campaign", "adset", "ad"} {
		q := url.Values{"level": {level}, "time_increment": {"1"}, "limit": {"100"}, "access_token": {tok},
			"time_range": {fmt.Sprintf(`{"since":%q,"until":%q}`, from, to)},
			"fields":     {"campaign_id,campaign_name,adset_id,ad_id,spend,impressions,reach,clicks,actions,action_values"}}
		got, rows, pages := metaInsights(t, g+"/act_"+laMeta+"/insights?"+q.Encode())
		want := srv.Totals(laMeta, from, to)
		truthRows := len(srv.Rows(laMeta, adplatform.Level(level), from, to))
		if rows != truthRows || pages < 2 {
			t.Fatalf("%s: %d rows in %d pages, truth has %d", level, rows, pages, truthRows)
		}
		if got.CostMicros != want.CostMicros || got.Impressions != want.Impressions || got.Clicks != want.Clicks || got.Reach != want.Reach ||
			!reflect.DeepEqual(got.Actions, want.Actions) || !reflect.DeepEqual(got.ActionValuesMicros, want.ActionValuesMicros) {
			t.Fatalf("%s totals:\n got %+v\nwant %+v", level, got, want)
		}
		if want.Actions[adplatform.ActionLead] == 0 || want.Actions[adplatform.ActionPurchase] == 0 || want.Actions[adplatform.ActionLeadGrouped] == 0 {
			t.Fatalf("seeded data lacks actions: %v", want.Actions)
		}
	}
	// whole range without a daily split: one row per campaign, same totals
	q := url.Values{"level": {"campaign"}, "access_token": {tok}, "time_range": {fmt.Sprintf(`{"since":%q,"until":%q}`, from, to)}, "fields": {"campaign_id,spend"}}
	page := get(t, g+"/act_"+laMeta+"/insights?"+q.Encode())
	var sum int64
	for _, d := range page["data"].([]any) {
		r := d.(map[string]any)
		if r["date_start"] != from || r["date_stop"] != to || r["impressions"] != nil {
			t.Fatalf("range row: %v", r)
		}
		sum += parseMicros(t, r["spend"].(string))
	}
	if sum != srv.Totals(laMeta, from, to).CostMicros {
		t.Fatalf("range spend %d", sum)
	}
	// breakdowns add up to the campaign totals
	for _, b := range []string{"age,gender", "publisher_platform,platform_position", "publisher_platform"} {
		q := url.Values{"level": {"campaign"}, "breakdowns": {b}, "time_increment": {"1"}, "limit": {"500"}, "access_token": {tok},
			"time_range": {fmt.Sprintf(`{"since":%q,"until":%q}`, from, to)}, "fields": {"spend,impressions,clicks,actions,action_values"}}
		got, _, _ := metaInsights(t, g+"/act_"+laMeta+"/insights?"+q.Encode())
		want := srv.Totals(laMeta, from, to)
		if got.CostMicros != want.CostMicros || got.Impressions != want.Impressions || !reflect.DeepEqual(got.Actions, want.Actions) {
			t.Fatalf("breakdown %s: got %+v want %+v", b, got, want)
		}
	}
	page = get(t, g+"/act_"+laMeta+"/insights?"+url.Values{"access_token": {tok}, "fields": {"spend,nonsense"}}.Encode())
	if c, _ := metaErr(t, page); c != 100 {
		t.Fatalf("unknown field: %v", page)
	}
	page = get(t, g+"/act_999/insights?access_token="+tok)
	if c, _ := metaErr(t, page); c != 100 {
		t.Fatalf("unknown account: %v", page)
	}
}

func TestMetaAsyncReportRuns(t *testing.T) {
	srv := start(t, adplatform.Options{AsyncPolls: 2})
	tok := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	g := srv.MetaGraphURL() + "/v25.0"
	form := url.Values{"level": {"ad"}, "time_increment": {"1"}, "access_token": {tok},
		"time_range": {`{"since":"2025-12-01","until":"2026-03-09"}`}, "fields": {"ad_id,spend,impressions,clicks,actions,action_values"}}
	_, run := postForm(t, g+"/act_"+laMeta+"/insights", form)
	id, _ := run["report_run_id"].(string)
	if id == "" {
		t.Fatalf("no report_run_id: %v", run)
	}
	var statuses []string
	for range 3 {
		st := get(t, g+"/"+id+"?access_token="+tok)
		statuses = append(statuses, fmt.Sprintf("%v %v", st["async_status"], st["async_percent_completion"]))
	}
	if statuses[0] == statuses[2] || !strings.HasPrefix(statuses[0], "Job Running") || statuses[2] != "Job Completed 100" {
		t.Fatalf("statuses %v", statuses)
	}
	got, rows, _ := metaInsights(t, g+"/"+id+"/insights?limit=500&access_token="+tok)
	want := srv.Totals(laMeta, "2025-12-01", "2026-03-09")
	if rows != len(srv.Rows(laMeta, adplatform.LevelAd, "2025-12-01", "2026-03-09")) || got.CostMicros != want.CostMicros || !reflect.DeepEqual(got.Actions, want.Actions) {
		t.Fatalf("async: %d rows, %+v want %+v", rows, got, want)
	}

	srv.AddFault(adplatform.Fault{Kind: adplatform.AsyncFail, Platform: adplatform.Meta, Account: laMeta, Times: 1})
	_, run = postForm(t, g+"/act_"+laMeta+"/insights", form)
	for range 4 {
		if st := get(t, g+"/"+run["report_run_id"].(string)+"?access_token="+tok); st["async_status"] != "Job Failed" {
			t.Fatalf("failing run: %v", st)
		}
	}
	srv.AddFault(adplatform.Fault{Kind: adplatform.AsyncStuck, Platform: adplatform.Meta, Times: 1})
	_, run = postForm(t, g+"/act_"+laMeta+"/insights", form)
	for range 5 {
		if st := get(t, g+"/"+run["report_run_id"].(string)+"?access_token="+tok); st["async_status"] != "Job Running" {
			t.Fatalf("stuck run: %v", st)
		}
	}
	if c, _ := metaErr(t, get(t, g+"/"+run["report_run_id"].(string)+"/insights?access_token="+tok)); c != 100 {
		t.Fatal("results of an unfinished run")
	}
}

type adsClient struct {
	t     *testing.T
	srv   *adplatform.Server
	token string
	dev   string
}

func (c adsClient) do(method, path, login string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	h := testenv.Bearer(c.token)
	h["Content-Type"] = "application/json"
	if c.dev != "" {
		h["developer-token"] = c.dev
	}
	if login != "" {
		h["login-customer-id"] = login
	}
	a := testenv.Call(c.t, method, c.srv.GoogleAdsURL()+"/v20/"+path, r, h)
	return a.Status, a.Body
}

func adsErrorCode(t *testing.T, b []byte) string {
	t.Helper()
	var e struct {
		Error struct {
			Status  string
			Details []struct {
				Errors []struct {
					ErrorCode map[string]string
					Details   map[string]map[string]string
				}
			}
		}
	}
	if err := json.Unmarshal(b, &e); err != nil || len(e.Error.Details) == 0 || len(e.Error.Details[0].Errors) == 0 {
		t.Fatalf("not a Google Ads failure: %s", b)
	}
	for _, v := range e.Error.Details[0].Errors[0].ErrorCode {
		return e.Error.Status + " " + v
	}
	return ""
}

type gResult struct {
	Campaign struct{ ID, Name, ResourceName string }
	AdGroup  struct{ ID string }
	Segments struct{ Date, Device, AdNetworkType string }
	Metrics  struct {
		CostMicros, Impressions, Clicks string
		Conversions, ConversionsValue   float64
	}
	CustomerClient struct {
		ClientCustomer, Level, ID, TimeZone, CurrencyCode string
		Manager                                           bool
	}
}

type gBatch struct {
	Results       []gResult
	FieldMask     string
	NextPageToken string
}

func sumGoogle(t *testing.T, rs []gResult) adplatform.Metrics {
	var m adplatform.Metrics
	for _, r := range rs {
		m.CostMicros += atoi(t, r.Metrics.CostMicros)
		m.Impressions += atoi(t, r.Metrics.Impressions)
		m.Clicks += atoi(t, r.Metrics.Clicks)
		m.ConversionsMilli += int64(math.Round(r.Metrics.Conversions * 1000))
		m.ConversionsValueMicros += int64(math.Round(r.Metrics.ConversionsValue * 1e6))
	}
	return m
}

func TestGoogleAccountsAndSearch(t *testing.T) {
	srv := start(t, adplatform.Options{GoogleSearchPageSize: 50, GoogleStreamBatchSize: 40})
	c := adsClient{t: t, srv: srv, token: srv.IssueToken(adplatform.Google, adplatform.AdWordsScope).AccessToken, dev: srv.Options().GoogleDeveloperToken}
	st, b := c.do("GET", "customers:listAccessibleCustomers", "", nil)
	var list struct{ ResourceNames []string }
	json.Unmarshal(b, &list)
	if st != 200 || !reflect.DeepEqual(list.ResourceNames, []string{"customers/" + manager, "customers/" + laGoogle}) {
		t.Fatalf("listAccessibleCustomers: %d %s", st, b)
	}
	tree := map[string]any{"query": "SELECT customer_client.client_customer, customer_client.level, customer_client.manager, customer_client.id, customer_client.time_zone, customer_client.currency_code FROM customer_client WHERE customer_client.level <= 1"}
	st, b = c.do("POST", "customers/"+manager+"/googleAds:search", manager, tree)
	var page gBatch
	json.Unmarshal(b, &page)
	if st != 200 || len(page.Results) != 4 || !page.Results[0].CustomerClient.Manager || page.Results[1].CustomerClient.Level != "1" ||
		page.Results[2].CustomerClient.TimeZone != "Pacific/Auckland" || page.FieldMask == "" {
		t.Fatalf("customer_client: %d %s", st, b)
	}
	// metrics on the manager are refused
	st, b = c.do("POST", "customers/"+manager+"/googleAds:search", manager, map[string]any{"query": "SELECT metrics.clicks FROM customer WHERE segments.date DURING LAST_7_DAYS"})
	if st != 400 || adsErrorCode(t, b) != "INVALID_ARGUMENT REQUESTED_METRICS_FOR_MANAGER" {
		t.Fatalf("manager metrics: %d %s", st, b)
	}
	// a client reached through the manager needs login-customer-id
	q := map[string]any{"query": "SELECT campaign.id, campaign.name, segments.date, metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value FROM campaign WHERE segments.date BETWEEN '2026-01-01' AND '2026-02-28' ORDER BY segments.date"}
	for _, login := range []string{"", "100-000-0001", "2000000003"} {
		if st, b := c.do("POST", "customers/"+akGoogle+"/googleAds:search", login, q); st != 403 || adsErrorCode(t, b) != "PERMISSION_DENIED USER_PERMISSION_DENIED" {
			t.Fatalf("login %q: %d %s", login, st, b)
		}
	}
	want := srv.Totals(akGoogle, "2026-01-01", "2026-02-28")
	var all []gResult
	pages := 0
	for token := ""; ; pages++ {
		body := map[string]any{"query": q["query"], "pageToken": token}
		st, b := c.do("POST", "customers/"+akGoogle+"/googleAds:search", manager, body)
		var p gBatch
		if err := json.Unmarshal(b, &p); err != nil || st != 200 {
			t.Fatalf("search: %d %s", st, b)
		}
		all = append(all, p.Results...)
		if token = p.NextPageToken; token == "" {
			break
		}
	}
	if pages < 2 || len(all) != len(srv.Rows(akGoogle, adplatform.LevelCampaign, "2026-01-01", "2026-02-28")) {
		t.Fatalf("search: %d rows in %d pages", len(all), pages+1)
	}
	if got := sumGoogle(t, all); got.CostMicros != want.CostMicros || got.Impressions != want.Impressions || got.Clicks != want.Clicks ||
		got.ConversionsMilli != want.ConversionsMilli || got.ConversionsValueMicros != want.ConversionsValueMicros {
		t.Fatalf("search totals\n got %+v\nwant %+v", got, want)
	}
	if all[0].Campaign.ResourceName == "" || all[0].Segments.Date != "2026-01-01" {
		t.Fatalf("row shape: %+v", all[0])
	}
	fractional := false
	for _, r := range all {
		if r.Metrics.Conversions != math.Trunc(r.Metrics.Conversions) {
			fractional = true
		}
	}
	if !fractional {
		t.Fatal("no fractional conversions in the seeded data")
	}
	// searchStream at ad level, with device and network segments
	for _, query := range []string{
		"SELECT ad_group_ad.ad.id, ad_group.id, campaign.id, segments.date, metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value FROM ad_group_ad WHERE segments.date BETWEEN '2026-01-01' AND '2026-02-28'",
		"SELECT campaign.id, segments.date, segments.device, segments.ad_network_type, metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value FROM campaign WHERE segments.date BETWEEN '2026-01-01' AND '2026-02-28'",
	} {
		st, b = c.do("POST", "customers/"+akGoogle+"/googleAds:searchStream", manager, map[string]any{"query": query})
		var batches []gBatch
		if err := json.Unmarshal(b, &batches); err != nil || st != 200 {
			t.Fatalf("searchStream: %d %v %.300s", st, err, b)
		}
		var rs []gResult
		for _, bt := range batches {
			if len(bt.Results) > 40 || bt.FieldMask == "" {
				t.Fatalf("batch of %d", len(bt.Results))
			}
			rs = append(rs, bt.Results...)
		}
		if len(batches) < 2 {
			t.Fatalf("%d batches", len(batches))
		}
		if got := sumGoogle(t, rs); got.CostMicros != want.CostMicros || got.ConversionsMilli != want.ConversionsMilli || got.ConversionsValueMicros != want.ConversionsValueMicros {
			t.Fatalf("stream totals\n got %+v\nwant %+v", got, want)
		}
	}
	// query errors
	for query, code := range map[string]string{
		"SELECT campaign.id, segments.date, metrics.clicks FROM campaign": "EXPECTED_FILTERS_ON_DATE_RANGE",
		"SELECT campaign.bogus FROM campaign":                             "UNRECOGNIZED_FIELD",
		"SELECT campaign.id":                                              "EXPECTED_FROM",
	} {
		if st, b := c.do("POST", "customers/"+laGoogle+"/googleAds:search", "", map[string]any{"query": query}); st != 400 || adsErrorCode(t, b) != "INVALID_ARGUMENT "+code {
			t.Fatalf("%s: %d %s", query, st, b)
		}
	}
	// developer token
	bad := c
	bad.dev = ""
	if st, b := bad.do("GET", "customers:listAccessibleCustomers", "", nil); st != 400 || adsErrorCode(t, b) != "INVALID_ARGUMENT DEVELOPER_TOKEN_PARAMETER_MISSING" {
		t.Fatalf("missing developer token: %d %s", st, b)
	}
	bad.dev = "nope"
	if st, b := bad.do("GET", "customers:listAccessibleCustomers", "", nil); st != 401 || adsErrorCode(t, b) != "UNAUTHENTICATED DEVELOPER_TOKEN_INVALID" ||
		!bytes.Contains(b, []byte("google.ads.googleads.v20.errors.GoogleAdsFailure")) {
		t.Fatalf("wrong developer token: %d %s", st, b)
	}
	// attributes only: one row per entity
	st, b = c.do("POST", "customers/"+laGoogle+"/googleAds:search", "", map[string]any{"query": "SELECT ad_group.id, ad_group.name, campaign.id FROM ad_group"})
	json.Unmarshal(b, &page)
	n := 0
	for _, camp := range srv.Campaigns(laGoogle) {
		n += len(srv.AdSets(camp.ID))
	}
	if st != 200 || len(page.Results) != n {
		t.Fatalf("ad groups: %d %s", st, b)
	}
}

func TestGoogleTokenStates(t *testing.T) {
	srv := start(t, adplatform.Options{})
	toks := srv.IssueToken(adplatform.Google, adplatform.AdWordsScope)
	c := adsClient{t: t, srv: srv, token: toks.AccessToken, dev: srv.Options().GoogleDeveloperToken}
	srv.Advance(time.Hour)
	if st, b := c.do("GET", "customers:listAccessibleCustomers", "", nil); st != 401 || adsErrorCode(t, b) != "UNAUTHENTICATED OAUTH_TOKEN_EXPIRED" {
		t.Fatalf("expired: %d %s", st, b)
	}
	c.token = srv.IssueToken(adplatform.Google, "openid").AccessToken
	if st, b := c.do("GET", "customers:listAccessibleCustomers", "", nil); st != 403 || adsErrorCode(t, b) != "PERMISSION_DENIED ACCESS_TOKEN_SCOPE_INSUFFICIENT" {
		t.Fatalf("scope: %d %s", st, b)
	}
}
