package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/profile"
)

func fakeAssetURL(_ context.Context, key string) (string, time.Time, error) {
	return "https://assets.test/" + key + "?X-Amz-Signature=x", time.Now().Add(15 * time.Minute), nil
}

func init() {
	matrix["content.create"] = matrixRequest{path: fixed("/content-requests"), body: validContent()}
	matrix["content.list"] = matrixRequest{path: fixed("/content-requests")}
	matrix["content.get"] = matrixRequest{path: fixed("/content-requests/cr_aaaaaaaaaaaaaaaaaaaaaaaaaa")}
	matrix["content.check"] = matrixRequest{path: fixed("/content-checks"), body: map[string]any{"platform": "meta", "fields": map[string]any{"headline": "Glow"}}}
}

func validContent() map[string]any {
	return map[string]any{"kind": "copy", "placement": "meta_feed", "service": "HydraFacial", "offer": "20% off your first visit",
		"tone": "warm", "callToAction": "Book a consultation", "variants": 2}
}

// TestContentRequests: a marketer's request is stored, queued and
// answered 202; the generator (here the local one, on the same store)
// makes it ready; GET and the list show results, the provider and the
// rule checks; files come with short-lived URLs.
func TestContentRequests(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	r := w.do(t, f.market, "POST", f.path("/content-requests"), validContent(), nil)
	got := must(t, r, 202)
	id := str(got, "id")
	if str(got, "status") != "queued" || r.header("Location") != f.path("/content-requests/"+id) || !w.queued.has(id) || str(got, "platform") != "meta" {
		t.Fatalf("create: %v %v", got, r.headers)
	}
	img := validContent()
	img["kind"], img["placement"], img["variants"] = "image", "meta_story", 1
	imgID := str(must(t, w.do(t, f.market, "POST", f.path("/content-requests"), img, nil), 202), "id")

	g := &content.Generator{Store: w.deps.Content, Provider: localgen.Generator{}, Assets: &fake.Assets{}}
	for _, x := range []string{id, imgID} {
		if err := g.Run(context.Background(), f.id, x); err != nil {
			t.Fatal(err)
		}
	}
	one := must(t, w.do(t, f.viewer, "GET", f.path("/content-requests/"+id), nil, nil), 200)
	results := one["results"].([]any)
	if str(one, "status") != "ready" || str(one, "provider") != "local" || len(results) != 2 {
		t.Fatalf("get: %v", one)
	}
	if checks := results[0].(map[string]any)["checks"].([]any); len(checks) < 10 {
		t.Fatalf("checks: %v", checks)
	}
	im := must(t, w.do(t, f.viewer, "GET", f.path("/content-requests/"+imgID), nil, nil), 200)
	asset := im["results"].([]any)[0].(map[string]any)["asset"].(map[string]any)
	if asset["width"] != float64(1080) || asset["height"] != float64(1920) || asset["contentType"] != "image/png" || str(asset, "url") == "" {
		t.Fatalf("image: %v", asset)
	}
	list := must(t, w.do(t, f.viewer, "GET", f.path("/content-requests?limit=1"), nil, nil), 200)
	if len(list["items"].([]any)) != 1 || list["next"] == nil {
		t.Fatalf("list: %v", list)
	}
	if r := w.do(t, f.viewer, "GET", f.path("/content-requests/cr_missing"), nil, nil); r.status != 404 {
		t.Fatalf("missing: %s", r)
	}
}

func TestContentRequestValidation(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	for field, change := range map[string]map[string]any{
		"kind":         {"kind": "podcast"},
		"placement":    {"placement": "tiktok"},
		"service":      {"service": ""},
		"callToAction": {"callToAction": ""},
		"variants":     {"variants": 9},
	} {
		body := validContent()
		for k, v := range change {
			body[k] = v
		}
		if r := w.do(t, f.market, "POST", f.path("/content-requests"), body, nil); r.status != 400 && r.status != 422 {
			t.Errorf("%s: %s", field, r)
		}
	}
	body := validContent()
	body["kind"], body["placement"] = "image", "google_search"
	if r := w.do(t, f.market, "POST", f.path("/content-requests"), body, nil); r.status != 400 && r.status != 422 {
		t.Errorf("image for search: %s", r)
	}
	body = validContent()
	body["audienceNotes"] = "Patient Jane Doe, DOB 04/12/1985, had Botox on 3/4"
	r := w.do(t, f.market, "POST", f.path("/content-requests"), body, nil)
	if r.status != 422 || len(w.queued.jobs) > 0 && w.queued.has("") {
		t.Fatalf("PHI: %s", r)
	}
}

// TestAIOptOut: a user's opt-out, a privacy restriction and the
// organization's opt-out (owners only) each refuse a request with a
// problem that says why, and nothing is stored or queued.
func TestAIOptOut(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	ctx := context.Background()
	count := func() int {
		rs, _, _ := w.deps.Content.List(ctx, f.id, "", 100)
		return len(rs)
	}
	refused := func(u *user, want string) {
		t.Helper()
		before := count()
		r := w.do(t, u, "POST", f.path("/content-requests"), validContent(), nil)
		p := must(t, r, 403)
		if str(p, "type") != "https://api.medspa.ai/problems/ai-opt-out" || !contains(str(p, "detail"), want) || count() != before {
			t.Fatalf("want refusal naming %q: %v", want, p)
		}
	}
	// The user opts out.
	must(t, w.do(t, f.market, "PATCH", "/v1/me", map[string]any{"aiProcessingOptOut": true}, map[string]string{"If-Match": `"0"`}), 200)
	refused(f.market, "You opted out")
	must(t, w.do(t, f.market, "PATCH", "/v1/me", map[string]any{"aiProcessingOptOut": false}, map[string]string{"If-Match": `"1"`}), 200)
	must(t, w.do(t, f.market, "POST", f.path("/content-requests"), validContent(), nil), 202)

	// A privacy restriction on the admin.
	p := profile.Default(f.admin.id(), f.admin.email)
	p.Restricted, p.Version = true, 1
	if err := w.deps.Profiles.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	refused(f.admin, "privacy restriction")

	// The organization opts out: an admin may not change it, an owner may.
	set := validSettings()
	set["aiOptOut"] = true
	if r := w.do(t, f.admin, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")); r.status != 403 {
		t.Fatalf("admin opting the org out: %s", r)
	}
	got := must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")), 200)
	if got["aiOptOut"] != true {
		t.Fatalf("settings: %v", got)
	}
	// A marketer's settings change without the field keeps the opt-out.
	got = must(t, w.do(t, f.market, "PUT", f.path("/campaign-settings"), validSettings(), versionOf(t, w, f, "/campaign-settings")), 200)
	if got["aiOptOut"] != true {
		t.Fatalf("opt-out lost: %v", got)
	}
	refused(f.market, "organization opted out")
	set["aiOptOut"] = false
	must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")), 200)
	must(t, w.do(t, f.market, "POST", f.path("/content-requests"), validContent(), nil), 202)
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestContentChecks(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	clean := must(t, w.do(t, f.market, "POST", f.path("/content-checks"), map[string]any{"platform": "meta", "placement": "meta_feed",
		"fields": map[string]any{"primaryText": "Wrinkle-relaxing injections by licensed nurses.", "headline": "Refresh your look"}}, nil), 200)
	if clean["ok"] != true || len(clean["violations"].([]any)) != 0 {
		t.Fatalf("clean: %v", clean)
	}
	bad := must(t, w.do(t, f.market, "POST", f.path("/content-checks"), map[string]any{"platform": "google",
		"fields": map[string]any{"headline1": "Guaranteed Results!", "description1": "Pain-free laser."}}, nil), 200)
	vs := bad["violations"].([]any)
	rulesSeen := map[string]bool{}
	for _, v := range vs {
		m := v.(map[string]any)
		rulesSeen[str(m, "field")+":"+str(m, "rule")] = true
		if str(m, "message") == "" {
			t.Fatalf("no message: %v", m)
		}
	}
	if bad["ok"] != false || !rulesSeen["headline1:claims.guarantee"] || !rulesSeen["headline1:google.exclamation"] || !rulesSeen["description1:claims.pain-free"] {
		t.Fatalf("bad: %v", bad)
	}
	for _, body := range []map[string]any{
		{"platform": "tiktok", "fields": map[string]any{"headline": "x"}},
		{"platform": "meta", "placement": "google_search", "fields": map[string]any{"headline": "x"}},
		{"platform": "meta", "fields": map[string]any{"headline7": "x"}},
		{"platform": "meta", "fields": map[string]any{}},
	} {
		if r := w.do(t, f.market, "POST", f.path("/content-checks"), body, nil); r.status != 400 && r.status != 422 {
			t.Errorf("%v: %s", body, r)
		}
	}
	phi := w.do(t, f.market, "POST", f.path("/content-checks"), map[string]any{"platform": "meta", "fields": map[string]any{"primaryText": "Jane Doe had Botox with us on 3/4, DOB 04/12/1985."}}, nil)
	if p := must(t, phi, 422); str(p, "type") != "https://api.medspa.ai/problems/phi-detected" {
		t.Fatalf("PHI: %v", p)
	}
}
