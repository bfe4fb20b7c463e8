package api_test

import "testing"

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
