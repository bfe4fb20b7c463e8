package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
)

// TestUploadsRefusedLeaveNothing: an oversized upload is refused before a
// policy is signed; a file whose bytes are not its declared type, and an
// image too small, are refused at completion and deleted with their
// record.
func TestUploadsRefusedLeaveNothing(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	bucket := w.deps.Campaigns.Files.(*fake.Bucket)
	before := bucket.Len()
	list := func() int {
		return len(must(t, w.do(t, f.owner, "GET", f.path("/assets"), nil, nil), 200)["items"].([]any))
	}
	n := list()

	r := w.do(t, f.market, "POST", f.path("/assets"), map[string]any{"name": "huge", "contentType": "image/png", "bytes": campaign.MaxImageBytes + 1}, nil)
	if r.status != 422 || !strings.Contains(string(r.body), `"bytes"`) {
		t.Fatalf("oversized: %s", r)
	}
	r = w.do(t, f.market, "POST", f.path("/assets"), map[string]any{"name": "gif", "contentType": "image/gif", "bytes": 10}, nil)
	if r.status != 422 || !strings.Contains(string(r.body), `"contentType"`) {
		t.Fatalf("gif: %s", r)
	}
	for name, c := range map[string]struct {
		ct   string
		data []byte
	}{
		"jpeg bytes declared png": {"image/png", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}},
		"text declared mp4":       {"video/mp4", []byte("hello, this is not a video at all")},
		"png too small":           {"image/png", pngOf(t, 100, 100)},
		"oversized after policy":  {"image/png", make([]byte, campaign.MaxImageBytes+1)},
	} {
		up := must(t, w.do(t, f.market, "POST", f.path("/assets"), map[string]any{"name": name, "contentType": c.ct, "bytes": 1000}, nil), 201)
		id := str(asMap(up["asset"]), "id")
		key := campaign.AssetKey(f.id, id, c.ct)
		bucket.Put(key, c.ct, c.data)
		r := w.do(t, f.market, "POST", f.path("/assets/"+id+"/complete"), nil, nil)
		if r.status != 422 || problemType(t, r) != "upload-refused" {
			t.Fatalf("%s: %s", name, r)
		}
		if bucket.Has(key) {
			t.Errorf("%s: the file was kept", name)
		}
		if r := w.do(t, f.market, "GET", f.path("/assets/"+id), nil, nil); r.status != 404 {
			t.Errorf("%s: the record was kept: %s", name, r)
		}
	}
	if bucket.Len() != before || list() != n {
		t.Fatalf("something was kept: %d files (before %d), %d assets (before %d)", bucket.Len(), before, list(), n)
	}
}

// TestDraftWithPHIIsRefusedUnstored: copy with PHI in a draft is refused
// by the PHI guard before anything is stored.
func TestDraftWithPHIIsRefusedUnstored(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	count := func() int {
		return len(must(t, w.do(t, f.owner, "GET", f.path("/campaign-drafts"), nil, nil), 200)["items"].([]any))
	}
	n := count()
	d := validDraft(f.conn, f.asset)
	d["creative"].(map[string]any)["fields"] = map[string]string{"primaryText": "Jane Doe, DOB 04/12/1980, loved her Botox results. MRN 4481923.", "headline": "Real results"}
	r := w.do(t, f.market, "POST", f.path("/campaign-drafts"), d, nil)
	if r.status != 422 || problemType(t, r) != "phi-detected" || strings.Contains(string(r.body), "Jane") {
		t.Fatalf("PHI draft: %s", r)
	}
	if count() != n {
		t.Fatal("a draft was stored")
	}
	// Under-18 audiences are refused at the field.
	d = validDraft(f.conn, f.asset)
	d["audience"].(map[string]any)["ageMin"] = 16
	if r := w.do(t, f.market, "POST", f.path("/campaign-drafts"), d, nil); r.status != 422 || !strings.Contains(string(r.body), "audience.ageMin") {
		t.Fatalf("ageMin 16: %s", r)
	}
	if r := w.do(t, f.market, "PUT", f.path("/campaign-drafts/"+f.draft+"/delivery"), map[string]any{"delivery": "deleted"}, nil); r.status != 422 {
		t.Fatalf("bad delivery: %s", r)
	}
}

// TestDraftChecksAndApproval: a draft shows its checks and plan; one that
// breaks a rule cannot be approved; one that passes is queued once, with
// who approved it recorded.
func TestDraftChecksAndApproval(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	bad := validDraft(f.conn, f.asset)
	bad["creative"].(map[string]any)["fields"] = map[string]string{"primaryText": "Guaranteed results, permanently wrinkle free.", "headline": "Fix your wrinkles"}
	d := must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts"), bad, nil), 201)
	if len(d["violations"].([]any)) == 0 || len(d["plan"].([]any)) != 5 {
		t.Fatalf("draft: %v", d)
	}
	r := w.do(t, f.market, "POST", f.path("/campaign-drafts/"+str(d, "id")+"/approve"), nil, nil)
	if r.status != 422 || problemType(t, r) != "draft-checks-failed" {
		t.Fatalf("approving a failing draft: %s", r)
	}
	good := must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts"), validDraft(f.conn, f.asset), nil), 201)
	if v := good["violations"].([]any); len(v) != 0 {
		t.Fatalf("violations: %v", v)
	}
	before := len(w.published.jobs)
	if r := w.do(t, f.viewer, "POST", f.path("/campaign-drafts/"+str(good, "id")+"/approve"), nil, nil); r.status != 403 {
		t.Fatalf("viewer approving: %s", r)
	}
	got := must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts/"+str(good, "id")+"/approve"), nil, nil), 202)
	if str(got, "status") != "approved" || str(got, "approvedBy") != f.market.id() {
		t.Fatalf("approved: %v", got)
	}
	must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts/"+str(good, "id")+"/approve"), nil, nil), 202)
	if n := len(w.published.jobs) - before; n != 1 {
		t.Fatalf("%d publish jobs, want 1", n)
	}
	if j := w.published.jobs[len(w.published.jobs)-1]; j.DraftID != str(good, "id") || j.Action != jobs.PublishDraft {
		t.Fatalf("job %+v", j)
	}
}

// TestOptedOutOrgPublishesOnlyItsOwn: with AI processing opted out, a
// draft with a generated creative is refused at approval; one with the
// organization's own upload and words is approved.
func TestOptedOutOrgPublishesOnlyItsOwn(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	ctx := context.Background()
	// A ready generated copy result.
	r := content.Request{OrgID: f.id, ID: "cr_aaaaaaaaaaaaaaaaaaaaaaaaab", Kind: content.Copy, Placement: "meta_feed", Status: content.Ready, Variants: 1,
		Results: []content.Result{{Fields: map[string]string{"primaryText": "Spring facials at Glow Med Spa.", "headline": "Spring facials"}}}}
	if err := w.deps.Content.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	gen := validDraft(f.conn, f.asset)
	gen["creative"] = map[string]any{"assetId": f.asset, "contentRequestId": r.ID, "linkUrl": "https://glowmedspa.example"}
	g := must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts"), gen, nil), 201)
	if asMap(g["creative"])["origin"] != "generated" || asMap(asMap(g["creative"])["fields"])["headline"] != "Spring facials" {
		t.Fatalf("generated draft: %v", g)
	}
	own := must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts"), validDraft(f.conn, f.asset), nil), 201)
	set := validSettings()
	set["aiOptOut"] = true
	must(t, w.do(t, f.owner, "PUT", f.path("/campaign-settings"), set, versionOf(t, w, f, "/campaign-settings")), 200)
	if r := w.do(t, f.market, "POST", f.path("/campaign-drafts/"+str(g, "id")+"/approve"), nil, nil); r.status != 403 || problemType(t, r) != "ai-opt-out" {
		t.Fatalf("generated, opted out: %s", r)
	}
	must(t, w.do(t, f.market, "POST", f.path("/campaign-drafts/"+str(own, "id")+"/approve"), nil, nil), 202)
}
