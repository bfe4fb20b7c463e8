package api_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/medspa-ai/backend/shared/connector"
)

func TestCampaignSettings(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	r := w.do(t, f.viewer, "GET", f.path("/campaign-settings"), nil, nil)
	s := must(t, r, 200)
	if r.header("ETag") != `"1"` || s["targetCostPerLeadCents"] != nil || s["currency"] != "USD" {
		t.Fatalf("defaults: %v %v", s, r.headers)
	}
	put := must(t, w.do(t, f.market, "PUT", f.path("/campaign-settings"), validSettings(), map[string]string{"If-Match": `"1"`}), 200)
	if put["targetCostPerLeadCents"] != float64(4500) || put["automations"].(map[string]any)["campaignOptimization"] != true || put["version"] != float64(2) {
		t.Fatalf("put: %v", put)
	}
	if r := w.do(t, f.market, "PUT", f.path("/campaign-settings"), validSettings(), map[string]string{"If-Match": `"1"`}); r.status != 412 {
		t.Fatalf("stale put: %s", r)
	}
	if r := w.do(t, f.market, "PUT", f.path("/campaign-settings"), validSettings(), map[string]string{"If-Match": `W/"2"`}); r.status != 412 {
		t.Fatalf("a weak ETag matched: %s", r)
	}
	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"goals": []string{}}, "goals"},
		{map[string]any{"goals": []string{"leads", "leads"}}, "goals"},
		{map[string]any{"goals": []string{"fame"}}, "goals"},
		{map[string]any{"goals": []string{"leads"}, "targetCostPerLeadCents": 0}, "targetCostPerLeadCents"},
		{map[string]any{"goals": []string{"leads"}, "monthlyBudgetCapsCents": map[string]any{"meta": -1}}, "monthlyBudgetCapsCents.meta"},
		{map[string]any{"goals": []string{"leads"}, "monthlyBudgetCapsCents": map[string]any{"tiktok": 1}}, "monthlyBudgetCapsCents.tiktok"},
		{map[string]any{"goals": []string{"leads"}, "automations": map[string]any{"autopilot": true}}, "automations.autopilot"},
		{map[string]any{"goals": []string{"leads"}, "targetCostPerLeadCents": 12.5}, "targetCostPerLeadCents"},
	}
	for _, b := range bad {
		r := w.do(t, f.market, "PUT", f.path("/campaign-settings"), b.body, map[string]string{"If-Match": `"2"`})
		if r.status != 422 && r.status != 400 {
			t.Errorf("%v: %s", b.body, r)
			continue
		}
		if errs, _ := r.json(t)["errors"].([]any); len(errs) == 0 || str(errs[0].(map[string]any), "field") != b.field {
			t.Errorf("%v: field not named: %s", b.body, r.body)
		}
	}
	if got := must(t, w.do(t, f.viewer, "GET", f.path("/campaign-settings"), nil, nil), 200); got["version"] != float64(2) {
		t.Fatalf("refused writes changed the settings: %v", got)
	}
}

// TestAutoApplyOnlyOwners: owners let budget changes apply themselves
// within limits; a marketer neither grants nor changes it, and a PUT
// without autoApply keeps it; the next connect asks for the write scope.
func TestAutoApplyOnlyOwners(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	s := must(t, w.do(t, f.viewer, "GET", f.path("/campaign-settings"), nil, nil), 200)
	b := s["autoApply"].(map[string]any)["budget"].(map[string]any)
	if b["enabled"] != false || b["maxChangePercent"] != float64(20) || b["maxDailyBudgetCents"] != nil || b["updatedBy"] != nil {
		t.Fatalf("default auto-apply %v", b)
	}
	on := noAutomations()
	on["autoApply"] = map[string]any{"budget": map[string]any{"enabled": true, "maxChangePercent": 10, "maxDailyBudgetCents": 15000}}
	for _, m := range []*user{f.market, f.admin} {
		if r := w.do(t, m, "PUT", f.path("/campaign-settings"), on, versionOf(t, w, f, "/campaign-settings")); r.status != 403 {
			t.Fatalf("auto-apply by a non-owner: %s", r)
		}
	}
	got := must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), on, versionOf(t, w, f, "/campaign-settings")), 200)
	b = got["autoApply"].(map[string]any)["budget"].(map[string]any)
	if b["enabled"] != true || b["maxChangePercent"] != float64(10) || b["maxDailyBudgetCents"] != float64(15000) || b["updatedBy"] != f.owner.id() {
		t.Fatalf("auto-apply %v", b)
	}
	// A marketer's PUT without the field (or repeating it) keeps it.
	got = must(t, w.do(t, f.market, "PUT", f.path("/campaign-settings"), noAutomations(), versionOf(t, w, f, "/campaign-settings")), 200)
	if got["autoApply"].(map[string]any)["budget"].(map[string]any)["enabled"] != true {
		t.Fatalf("a PUT without autoApply changed it: %v", got["autoApply"])
	}
	must(t, w.do(t, f.market, "PUT", f.path("/campaign-settings"), on, versionOf(t, w, f, "/campaign-settings")), 200)
	for _, bad := range []struct {
		rule  map[string]any
		field string
	}{
		{map[string]any{"budget": map[string]any{"enabled": true, "maxChangePercent": 25}}, "autoApply.budget.maxChangePercent"},
		{map[string]any{"budget": map[string]any{"enabled": true, "maxChangePercent": 0}}, "autoApply.budget.maxChangePercent"},
		{map[string]any{"budget": map[string]any{"enabled": true, "maxDailyBudgetCents": 5}}, "autoApply.budget.maxDailyBudgetCents"},
		{map[string]any{"bid": map[string]any{"enabled": true}}, "autoApply.bid"},
	} {
		body := noAutomations()
		body["autoApply"] = bad.rule
		r := w.do(t, f.owner, "PUT", f.path("/campaign-settings"), body, versionOf(t, w, f, "/campaign-settings"))
		if r.status != 422 && r.status != 400 {
			t.Errorf("%v: %s", bad.rule, r)
			continue
		}
		if errs, _ := r.json(t)["errors"].([]any); len(errs) == 0 || str(errs[0].(map[string]any), "field") != bad.field {
			t.Errorf("%v: field not named: %s", bad.rule, r.body)
		}
	}
	// Auto-apply changes campaigns: the next Meta connect asks to manage ads.
	r := must(t, w.do(t, f.market, "POST", f.path("/connections/meta/authorize"), nil, nil), 200)
	u, err := url.Parse(str(r, "authorizationUrl"))
	if err != nil {
		t.Fatal(err)
	}
	st, ok, err := w.deps.OAuthStates.Consume(context.Background(), u.Query().Get("state"), connector.Meta)
	if err != nil || !ok || !slices.Contains(st.Scopes, "ads_management") {
		t.Fatalf("auto-apply on, scopes %v (%v)", st.Scopes, err)
	}
	// The owner switches it off again.
	off := noAutomations()
	off["autoApply"] = map[string]any{}
	got = must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), off, versionOf(t, w, f, "/campaign-settings")), 200)
	if got["autoApply"].(map[string]any)["budget"].(map[string]any)["enabled"] != false {
		t.Fatalf("switched off: %v", got["autoApply"])
	}
}

// noAutomations are settings with every automation off, so only
// auto-apply can ask for the write scope.
func noAutomations() map[string]any {
	s := validSettings()
	s["automations"] = map[string]any{}
	return s
}
