package report_test

import (
	"bytes"
	"encoding/base64"
	stdhtml "html"
	"image"
	_ "image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/report"
)

var monday = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)

func sample() report.Report {
	var days []budget.CampaignDay
	for d := -7; d < 7; d++ {
		date := monday.AddDate(0, 0, d).Format(time.DateOnly)
		days = append(days,
			budget.CampaignDay{Platform: budget.Meta, CampaignID: "m1", Date: date, Spend: budget.FromDollars(40), Leads: int64(1 + (d+7)%2)},
			budget.CampaignDay{Platform: budget.Google, CampaignID: "g1", Date: date, Spend: budget.FromDollars(25.5), Leads: int64((d + 7) % 3 / 2)},
			budget.CampaignDay{Platform: budget.Meta, CampaignID: "m2", Date: date, Spend: budget.FromDollars(12), Leads: 0},
		)
	}
	names := map[budget.Key]string{{Platform: budget.Meta, CampaignID: "m1"}: "HydraFacial spring", {Platform: budget.Google, CampaignID: "g1"}: "Search: Botox Austin"}
	recs := budget.FromPlan(budget.Plan{OrgID: "org_a", WeekStart: "2026-03-16", Changes: []budget.BudgetChange{
		{Platform: budget.Meta, CampaignID: "m1", Current: budget.FromDollars(40), Recommended: budget.FromDollars(48), Reason: "Raise the daily budget from $40.00 to $48.00 (+20%)."}}}, monday)
	r := report.Build("Glow Med Spa", monday, days, names, recs)
	r.UnsubscribeURL = "https://app.medspa.ai/unsubscribe?t=abc"
	return r
}

func TestReportFigures(t *testing.T) {
	r := sample()
	if r.Week.Spend != budget.FromDollars(7*(40+25.5+12)) || r.Previous.Spend != r.Week.Spend {
		t.Fatalf("spend %v prev %v", r.Week.Spend.Dollars(), r.Previous.Spend.Dollars())
	}
	if r.Best == nil || r.Best.ID != "m1" || r.Worst == nil || r.Worst.ID != "m2" || len(r.Days) != 7 {
		t.Fatalf("best %+v worst %+v", r.Best, r.Worst)
	}
	charts, err := report.Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	page, err := report.HTML(r, charts)
	if err != nil {
		t.Fatal(err)
	}
	// As a browser reads it: entities decoded.
	html := stdhtml.UnescapeString(page)
	for _, want := range []string{
		"Glow Med Spa", "2026-03-09 to 2026-03-15", report.Dollars(r.Week.Spend), "$542.50",
		">" + itoa(r.Week.Leads) + "<", report.Dollars(r.Week.CostPerLead()), report.Trend(float64(r.Week.Leads), float64(r.Previous.Leads)),
		"HydraFacial spring", "Search: Botox Austin", "Best campaign:</strong> HydraFacial spring", "no lead for $84.00",
		"Raise the daily budget from $40.00 to $48.00", "Unsubscribe from weekly reports", r.UnsubscribeURL,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	// Every chart is in the page, decodes as PNG, at its size.
	imgs := regexp.MustCompile(`src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)"`).FindAllStringSubmatch(html, -1)
	if len(imgs) != 3 || len(charts) != 3 {
		t.Fatalf("%d images in the page, %d charts", len(imgs), len(charts))
	}
	for _, m := range imgs {
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || format != "png" || cfg.Width != report.ChartWidth || cfg.Height != report.ChartHeight || m[2] != itoa(report.ChartWidth) {
			t.Fatalf("chart: %v %s %dx%d (page says %sx%s)", err, format, cfg.Width, cfg.Height, m[2], m[3])
		}
	}
}

func TestReportEmail(t *testing.T) {
	r := sample()
	charts, err := report.Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := report.Email("Med Spa AI <reports@medspa.ai>", "owner@glowmedspa.example", "Your week: 2026-03-09 to 2026-03-15", r, charts)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("List-Unsubscribe") != "<"+r.UnsubscribeURL+">" || msg.Header.Get("List-Unsubscribe-Post") == "" {
		t.Errorf("unsubscribe headers: %v", msg.Header)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var html string
	pngs := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		switch p.Header.Get("Content-Type") {
		case "image/png":
			cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
			if err != nil || cfg.Width != report.ChartWidth || !strings.Contains(html, "cid:"+strings.Trim(strings.Split(p.Header.Get("Content-ID"), "@")[0], "<")) {
				t.Fatalf("image part %v: %v", p.Header, err)
			}
			pngs++
		default:
			html = stdhtml.UnescapeString(string(b))
		}
	}
	if pngs != 3 || !strings.Contains(html, "$542.50") {
		t.Fatalf("%d images; html %d bytes", pngs, len(html))
	}
}

func itoa[T int | int64](n T) string { return strconv.FormatInt(int64(n), 10) }
