package api_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/fake"
)

// pngOf encodes a w×h PNG.
func pngOf(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func validDraft(conn, asset string) map[string]any {
	return map[string]any{"name": "Spring facials", "goal": "leads", "connectionId": conn, "placement": "meta_feed", "dailyBudgetMinor": 2500,
		"start": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), "audience": map[string]any{"locations": []string{"Austin, TX"}},
		"creative": map[string]any{"assetId": asset, "linkUrl": "https://glowmedspa.example",
			"fields": map[string]string{"primaryText": "Spring refresh facials at Glow Med Spa.", "headline": "Book your spring facial"}}}
}

// upload sends data as the browser would: into the fake bucket, or as a
// multipart POST with the presigned policy's fields to the emulated S3.
func (w *world) upload(t testing.TB, ticket map[string]any, contentType string, data []byte) int {
	t.Helper()
	a, u := asMap(ticket["asset"]), asMap(ticket["upload"])
	if b, ok := w.deps.Campaigns.Files.(*fake.Bucket); ok {
		key, _ := asMap(u["fields"])["key"].(string)
		b.Put(key, contentType, data)
		_ = a
		return 204
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range asMap(u["fields"]) {
		mw.WriteField(k, v.(string))
	}
	fw, _ := mw.CreateFormFile("file", "upload")
	fw.Write(data)
	mw.Close()
	resp, err := http.Post(u["url"].(string), mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// newCampaign uploads a verified image for f and makes a draft with it,
// marked published (as the publisher would leave it).
func (w *world) newCampaign(t testing.TB, f *orgFixture) (asset, draft string) {
	t.Helper()
	up := must(t, w.do(t, f.owner, "POST", f.path("/assets"), map[string]any{"name": "Fixture image", "contentType": "image/png", "bytes": 2000}, nil), 201)
	a := asMap(up["asset"])
	asset = a["id"].(string)
	w.upload(t, up, "image/png", pngOf(t, 600, 600))
	must(t, w.do(t, f.owner, "POST", f.path("/assets/"+asset+"/complete"), nil, nil), 200)
	d := must(t, w.do(t, f.owner, "POST", f.path("/campaign-drafts"), validDraft(f.conn, asset), nil), 201)
	draft = d["id"].(string)
	ctx := context.Background()
	got, _, err := w.deps.Campaigns.Store.GetDraft(ctx, f.id, draft)
	if err != nil {
		t.Fatal(err)
	}
	got.Status, got.Delivery, got.Version = campaign.Published, campaign.Paused, got.Version+1
	got.Steps = []campaign.Step{{Name: campaign.StepCampaign, PlatformID: "238000000000001"}}
	if err := w.deps.Campaigns.Store.UpdateDraft(ctx, got); err != nil {
		t.Fatal(err)
	}
	return asset, draft
}
