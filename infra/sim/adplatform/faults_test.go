package adplatform_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
)

func TestMetaFaults(t *testing.T) {
	srv := start(t, adplatform.Options{MetaUsageStep: 30})
	tok := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	insights := srv.MetaGraphURL() + "/v23.0/act_" + laMeta + "/insights?access_token=" + tok
	usage := func(h http.Header) int {
		var v map[string][]map[string]any
		if err := json.Unmarshal([]byte(h.Get("x-business-use-case-usage")), &v); err != nil {
			t.Fatalf("x-business-use-case-usage %q: %v", h.Get("x-business-use-case-usage"), err)
		}
		if h.Get("x-app-usage") == "" || h.Get("x-ad-account-usage") == "" {
			t.Fatal("usage headers missing")
		}
		return int(v[laMeta][0]["call_count"].(float64))
	}
	var seen []int
	for range 4 {
		resp, err := http.Get(insights)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		seen = append(seen, usage(resp.Header))
	}
	if !reflect.DeepEqual(seen, []int{30, 60, 90, 99}) {
		t.Fatalf("usage climbs %v", seen)
	}

	// a throttle on one account only, for two calls
	srv.AddFault(adplatform.Fault{Kind: adplatform.RateLimit, Platform: adplatform.Meta, Account: laMeta, Code: 17, Times: 2, RetryAfter: 5 * time.Minute})
	resp, _ := http.Get(insights)
	h := resp.Header
	m := decode(t, resp)
	if c, _ := metaErr(t, m); c != 17 || usage(h) != 100 || !strings.Contains(h.Get("x-business-use-case-usage"), `"estimated_time_to_regain_access":5`) {
		t.Fatalf("throttle: %v %v", m, h)
	}
	if other := get(t, srv.MetaGraphURL()+"/v23.0/act_"+sydneyMeta+"/insights?access_token="+tok); other["error"] != nil {
		t.Fatalf("other account throttled: %v", other)
	}
	get(t, insights)
	if m := get(t, insights); m["error"] != nil {
		t.Fatalf("throttle did not end: %v", m)
	}
	srv.AddFault(adplatform.Fault{Kind: adplatform.RateLimit, Platform: adplatform.Meta})
	m = get(t, insights)
	if c, sub := metaErr(t, m); c != 80000 || sub != 2446079 {
		t.Fatalf("default throttle: %v", m)
	}
	srv.ClearFaults()

	// 5xx burst then recovery
	srv.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Meta, Times: 2})
	for i := range 3 {
		resp, _ := http.Get(insights)
		resp.Body.Close()
		if want := map[bool]int{true: 500, false: 200}[i < 2]; resp.StatusCode != want {
			t.Fatalf("call %d: %d", i, resp.StatusCode)
		}
	}
	// token faults for one token
	srv.AddFault(adplatform.Fault{Kind: adplatform.TokenExpired, Platform: adplatform.Meta, Token: tok, Times: 1})
	if c, sub := metaErr(t, get(t, insights)); c != 190 || sub != 463 {
		t.Fatal("expired-token fault")
	}
	srv.Revoke(tok)
	if c, sub := metaErr(t, get(t, insights)); c != 190 || sub != 458 {
		t.Fatal("revoked token")
	}
	// slow responses
	srv.AddFault(adplatform.Fault{Kind: adplatform.Slow, Platform: adplatform.Meta, Delay: 150 * time.Millisecond, Times: 1})
	began := time.Now()
	get(t, insights)
	if time.Since(began) < 150*time.Millisecond {
		t.Fatal("slow fault did not delay")
	}
}

func TestGoogleFaultsAndRefreshFaults(t *testing.T) {
	srv := start(t, adplatform.Options{})
	toks := srv.IssueToken(adplatform.Google, adplatform.AdWordsScope)
	c := adsClient{t: t, srv: srv, token: toks.AccessToken, dev: srv.Options().GoogleDeveloperToken}
	srv.AddFault(adplatform.Fault{Kind: adplatform.RateLimit, Platform: adplatform.Google, Account: laGoogle, RetryAfter: 30 * time.Second, Times: 1})
	q := map[string]any{"query": "SELECT campaign.id FROM campaign"}
	st, b := c.do("POST", "customers/"+laGoogle+"/googleAds:search", "", q)
	if st != 429 || adsErrorCode(t, b) != "RESOURCE_EXHAUSTED RESOURCE_EXHAUSTED" || !bytes.Contains(b, []byte(`"retryDelay":"30s"`)) {
		t.Fatalf("429: %d %s", st, b)
	}
	if st, _ := c.do("POST", "customers/"+laGoogle+"/googleAds:search", "", q); st != 200 {
		t.Fatalf("after the burst: %d", st)
	}
	srv.AddFault(adplatform.Fault{Kind: adplatform.ServerError, Platform: adplatform.Google, Status: 503, Times: 1})
	if st, b := c.do("POST", "customers/"+laGoogle+"/googleAds:searchStream", "", q); st != 503 || adsErrorCode(t, b) != "UNAVAILABLE TRANSIENT_ERROR" {
		t.Fatalf("503: %d %s", st, b)
	}
	srv.AddFault(adplatform.Fault{Kind: adplatform.TokenRevoked, Platform: adplatform.Google, Token: toks.AccessToken, Times: 1})
	if st, b := c.do("GET", "customers:listAccessibleCustomers", "", nil); st != 401 || adsErrorCode(t, b) != "UNAUTHENTICATED OAUTH_TOKEN_REVOKED" {
		t.Fatalf("revoked: %d %s", st, b)
	}
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {toks.RefreshToken},
		"client_id": {srv.Options().GoogleApp.ClientID}, "client_secret": {srv.Options().GoogleApp.ClientSecret}}
	srv.AddFault(adplatform.Fault{Kind: adplatform.TokenExpired, Platform: adplatform.Google, Token: toks.RefreshToken, Times: 1})
	if st, m := postForm(t, srv.GoogleOAuth2URL()+"/token", refresh); st != 400 || m["error"] != "invalid_grant" {
		t.Fatalf("refresh fault: %d %v", st, m)
	}
	if st, m := postForm(t, srv.GoogleOAuth2URL()+"/token", refresh); st != 200 {
		t.Fatalf("refresh after the fault: %d %v", st, m)
	}
}

func TestControlAPIAndRecording(t *testing.T) {
	srv := start(t, adplatform.Options{})
	tok := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	body := `{"kind":"rate_limit","platform":"meta","account":"act_` + laMeta + `","code":613,"times":1,"retry_after":"2m"}`
	resp, err := http.Post(srv.URL+"/_sim/faults", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("add fault: %v %v", err, resp.StatusCode)
	}
	resp.Body.Close()
	list := get(t, srv.URL+"/_sim/faults")
	if f := list["faults"].([]any); len(f) != 1 || f[0].(map[string]any)["retry_after"] != "2m0s" {
		t.Fatalf("faults: %v", list)
	}
	if c, _ := metaErr(t, get(t, srv.MetaGraphURL()+"/v23.0/act_"+laMeta+"/insights?access_token="+tok)); c != 613 {
		t.Fatal("fault from the control API did not strike")
	}
	if resp, _ := http.Post(srv.URL+"/_sim/faults", "application/json", strings.NewReader(`{"kind":"boom","platform":"meta"}`)); resp.StatusCode != 400 {
		t.Fatal("unknown kind accepted")
	}
	get(t, srv.MetaGraphURL()+"/v23.0/act_"+laMeta+"/insights?level=campaign&access_token="+tok)
	if n := srv.CountRequests("GET", "/insights"); n != 2 {
		t.Fatalf("%d insight calls recorded", n)
	}
	for _, r := range srv.Requests() {
		if r.Query.Get("access_token") != "REDACTED" {
			t.Fatalf("token recorded: %v", r.Query)
		}
		if r.Account != laMeta || r.Platform != adplatform.Meta || r.Status == 0 {
			t.Fatalf("request record %+v", r)
		}
	}
	rec := get(t, srv.URL+"/_sim/requests")
	if len(rec["requests"].([]any)) != 2 {
		t.Fatalf("recorded over HTTP: %v", rec)
	}
	before := srv.Totals(laMeta, srv.Today(laMeta), srv.Today(laMeta))
	resp, _ = http.Post(srv.URL+"/_sim/revise", "application/json", strings.NewReader(`{"account":"`+laMeta+`","days":28}`))
	if resp.StatusCode != 204 {
		t.Fatalf("revise: %d", resp.StatusCode)
	}
	if after := srv.Totals(laMeta, srv.Today(laMeta), srv.Today(laMeta)); reflect.DeepEqual(before, after) {
		t.Fatal("revise changed nothing")
	}
	tot := get(t, srv.URL+"/_sim/totals?account="+laMeta+"&from=2026-01-01&to=2026-01-31")
	if tot["CostMicros"].(float64) != float64(srv.Totals(laMeta, "2026-01-01", "2026-01-31").CostMicros) {
		t.Fatalf("totals over HTTP: %v", tot)
	}
}

func TestDeterminismTimeZonesAndRevise(t *testing.T) {
	a := adplatform.New(adplatform.Options{Seed: 7, Now: func() time.Time { return fixedNow }})
	b := adplatform.New(adplatform.Options{Seed: 7, Now: func() time.Time { return fixedNow }})
	c := adplatform.New(adplatform.Options{Seed: 8, Now: func() time.Time { return fixedNow }})
	for _, p := range []adplatform.Platform{adplatform.Meta, adplatform.Google} {
		accts := a.Accounts(p)
		if len(accts) < 3 {
			t.Fatalf("%s: %d accounts", p, len(accts))
		}
		for _, acct := range accts {
			ra := a.Rows(acct.ID, adplatform.LevelAd, "2025-01-01", "2026-12-31")
			if !reflect.DeepEqual(ra, b.Rows(acct.ID, adplatform.LevelAd, "2025-01-01", "2026-12-31")) {
				t.Fatalf("%s: same seed, different rows", acct.ID)
			}
			if acct.Manager {
				if len(ra) != 0 {
					t.Fatal("the manager has metrics")
				}
				continue
			}
			if reflect.DeepEqual(ra, c.Rows(acct.ID, adplatform.LevelAd, "2025-01-01", "2026-12-31")) {
				t.Fatalf("%s: different seeds, same rows", acct.ID)
			}
			// a year of days, ending on the account's own today
			days := map[string]bool{}
			for _, r := range ra {
				days[r.Date] = true
			}
			last := ra[len(ra)-1].Date
			if len(days) != adplatform.DataDays || last != a.Today(acct.ID) {
				t.Fatalf("%s: %d days, last %s, today %s", acct.ID, len(days), last, a.Today(acct.ID))
			}
		}
	}
	// 2026-03-10 02:00 UTC is still the 9th in Los Angeles, already the 10th in Sydney
	if a.Today(laMeta) != "2026-03-09" || a.Today(sydneyMeta) != "2026-03-10" || a.Today(akGoogle) != "2026-03-10" {
		t.Fatalf("todays: %s %s %s", a.Today(laMeta), a.Today(sydneyMeta), a.Today(akGoogle))
	}
	// Revise changes the last n days only
	old := a.Rows(laMeta, adplatform.LevelCampaign, "2026-01-01", "2026-03-09")
	a.Revise(laMeta, 28)
	now := a.Rows(laMeta, adplatform.LevelCampaign, "2026-01-01", "2026-03-09")
	first := "2026-02-10" // 28 days back from 2026-03-09
	for i := range old {
		same := reflect.DeepEqual(old[i], now[i])
		if old[i].Date < first && !same || old[i].Date >= first && same {
			t.Fatalf("revise: %s changed=%v", old[i].Date, !same)
		}
	}
}

func TestTruthBreakdownsAndLimits(t *testing.T) {
	srv := start(t, adplatform.Options{})
	rows, err := srv.Breakdown(laGoogle, adplatform.LevelCampaign, "2026-02-01", "2026-02-07", "device")
	if err != nil {
		t.Fatal(err)
	}
	var cost int64
	devices := map[string]bool{}
	for _, r := range rows {
		cost += r.CostMicros
		devices[r.Segments["device"]] = true
	}
	if cost != srv.Totals(laGoogle, "2026-02-01", "2026-02-07").CostMicros || len(devices) != 3 {
		t.Fatalf("device breakdown: cost %d, devices %v", cost, devices)
	}
	if _, err := srv.Breakdown(laMeta, adplatform.LevelCampaign, "2026-02-01", "2026-02-07", "age", "device"); err == nil {
		t.Fatal("mixed breakdown accepted")
	}
	by := srv.TotalsBy(laMeta, adplatform.LevelCampaign, "2026-02-01", "2026-02-07")
	if len(by) != len(srv.Campaigns(laMeta)) {
		t.Fatalf("TotalsBy: %v", by)
	}
	// Meta refuses ranges older than 37 months; Google queries are recorded
	tok := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	m := get(t, srv.MetaGraphURL()+"/v23.0/act_"+laMeta+"/insights?"+url.Values{"access_token": {tok}, "time_range": {`{"since":"2022-01-01","until":"2022-01-31"}`}}.Encode())
	if c, _ := metaErr(t, m); c != 3018 {
		t.Fatalf("37 months: %v", m)
	}
	c := adsClient{t: t, srv: srv, token: srv.IssueToken(adplatform.Google, adplatform.AdWordsScope).AccessToken, dev: srv.Options().GoogleDeveloperToken}
	c.do("POST", "customers/"+laGoogle+"/googleAds:search", "", map[string]any{"query": "SELECT campaign.id FROM campaign"})
	last := srv.Requests()[len(srv.Requests())-1]
	if last.GAQL != "SELECT campaign.id FROM campaign" || last.Account != laGoogle || last.Status != 200 {
		t.Fatalf("recorded %+v", last)
	}
}
