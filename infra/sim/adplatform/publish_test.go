package adplatform_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/testenv"
)

func post(t *testing.T, u, token, contentType, body string, extra map[string]string) (int, map[string]any) {
	t.Helper()
	h := testenv.Bearer(token)
	h["Content-Type"] = contentType
	maps.Copy(h, extra)
	a := testenv.Call(t, http.MethodPost, u, strings.NewReader(body), h)
	return a.Status, a.JSON()
}

// TestPublishWritesAndErrors: Meta's write edges need ads_management and
// refuse in Meta's shape with a message for people; Google's mutate is
// atomic and refuses in Google's shape.
func TestPublishWritesAndErrors(t *testing.T) {
	srv := adplatform.StartTest(t, adplatform.Options{})
	acct := srv.Accounts(adplatform.Meta)[0].ID
	graph := srv.MetaGraphURL() + "/v24.0/act_" + acct
	form := "application/x-www-form-urlencoded"

	readOnly := srv.IssueToken(adplatform.Meta, "ads_read").AccessToken
	if code, m := post(t, graph+"/campaigns", readOnly, form, url.Values{"name": {"x"}, "objective": {"OUTCOME_LEADS"}}.Encode(), nil); code != 403 || m["error"].(map[string]any)["code"] != float64(200) {
		t.Fatalf("read-only token: %d %v", code, m)
	}
	tok := srv.IssueToken(adplatform.Meta, "ads_read", "ads_management").AccessToken
	code, m := post(t, graph+"/campaigns", tok, form, url.Values{"name": {"c [cd_1]"}, "objective": {"OUTCOME_LEADS"}, "status": {"PAUSED"}}.Encode(), nil)
	if code != 200 || m["id"] == "" {
		t.Fatalf("campaign: %d %v", code, m)
	}
	campaignID := m["id"].(string)
	code, m = post(t, graph+"/adsets", tok, form, url.Values{"name": {"s"}, "campaign_id": {campaignID}, "daily_budget": {"50"},
		"targeting": {`{"geo_locations":{"countries":["US"]},"age_min":18}`}}.Encode(), nil)
	e, _ := m["error"].(map[string]any)
	if code != 400 || e["error_user_title"] != "Your budget is too low" || e["error_subcode"] != float64(1885272) || e["fbtrace_id"] == "" {
		t.Fatalf("low budget: %d %v", code, m)
	}
	code, m = post(t, graph+"/adsets", tok, form, url.Values{"name": {"s"}, "campaign_id": {campaignID}, "daily_budget": {"500"},
		"targeting": {`{"geo_locations":{"countries":["US"]},"flexible_spec":[{"interests":[{"id":"6003","name":"Acne"}]}]}`}}.Encode(), nil)
	if code != 400 {
		t.Fatalf("health interests accepted: %d %v", code, m)
	}
	if n := srv.CountPublished(acct, "adset"); n != 0 {
		t.Fatalf("%d ad sets after refusals", n)
	}
	code, m = post(t, srv.MetaGraphURL()+"/v24.0/"+campaignID, tok, form, "status=ARCHIVED", nil)
	if code != 200 || srv.Published(acct, "campaign")[0].Status != "ARCHIVED" {
		t.Fatalf("archive: %d %v", code, m)
	}

	// Google: a responsive search ad with two headlines refuses the whole
	// request, budget and campaign included.
	var cid string
	for _, a := range srv.Accounts(adplatform.Google) {
		if a.Direct && !a.Manager {
			cid = a.ID
		}
	}
	gt := srv.IssueToken(adplatform.Google, adplatform.AdWordsScope).AccessToken
	hdr := map[string]string{"developer-token": srv.Options().GoogleDeveloperToken}
	body := `{"mutateOperations":[
	 {"campaignBudgetOperation":{"create":{"resourceName":"customers/` + cid + `/campaignBudgets/-1","name":"b [cd_2]","amountMicros":"25000000"}}},
	 {"campaignOperation":{"create":{"resourceName":"customers/` + cid + `/campaigns/-2","name":"c [cd_2]","advertisingChannelType":"SEARCH","campaignBudget":"customers/` + cid + `/campaignBudgets/-1"}}},
	 {"adGroupOperation":{"create":{"resourceName":"customers/` + cid + `/adGroups/-3","name":"g [cd_2]","campaign":"customers/` + cid + `/campaigns/-2"}}},
	 {"adGroupAdOperation":{"create":{"adGroup":"customers/` + cid + `/adGroups/-3","ad":{"finalUrls":["https://glow.example"],"responsiveSearchAd":{"headlines":[{"text":"One"},{"text":"Two"}],"descriptions":[{"text":"A"},{"text":"B"}]}}}}}]}`
	mutate := srv.GoogleAdsURL() + "/v22/customers/" + cid + "/googleAds:mutate"
	code, m = post(t, mutate, gt, "application/json", body, hdr)
	ge, _ := m["error"].(map[string]any)
	if code != 400 || ge["status"] != "INVALID_ARGUMENT" || !strings.Contains(mustJSON(ge["details"]), "TOO_FEW_HEADLINES") {
		t.Fatalf("two headlines: %d %v", code, m)
	}
	if n := srv.CountPublished(cid, ""); n != 0 {
		t.Fatalf("%d objects after an atomic refusal", n)
	}
	ok := strings.Replace(body, `{"text":"Two"}]`, `{"text":"Two"},{"text":"Three"}]`, 1)
	if code, m = post(t, mutate, gt, "application/json", ok, hdr); code != 200 || len(m["mutateOperationResponses"].([]any)) != 4 {
		t.Fatalf("mutate: %d %v", code, m)
	}
	// The same names again: Google keeps them unique.
	if code, m = post(t, mutate, gt, "application/json", ok, hdr); code != 400 || !strings.Contains(mustJSON(m), "DUPLICATE_NAME") {
		t.Fatalf("duplicate: %d %v", code, m)
	}
	code, m = post(t, srv.GoogleAdsURL()+"/v22/customers/"+cid+"/googleAds:search", gt, "application/json",
		`{"query":"SELECT campaign.resource_name FROM campaign WHERE campaign.name = 'c [cd_2]'"}`, hdr)
	if code != 200 || len(m["results"].([]any)) != 1 {
		t.Fatalf("lookup by name: %d %v", code, m)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }
