package report_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/budget/report"
)

// barHeights finds the bars of col in a vertical bar chart, left to right,
// and returns each one's height in pixels.
func barHeights(t *testing.T, b []byte, col color.RGBA) []int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var heights []int
	in := false
	for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
		h := 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			if color.RGBAModel.Convert(img.At(x, y)) == col {
				h++
			}
		}
		switch {
		case h > 0 && !in:
			heights, in = append(heights, h), true
		case h == 0:
			in = false
		}
	}
	return heights
}

func TestChartBarsAreTheDaysFigures(t *testing.T) {
	r := sample()
	r.Days[2].Leads, r.Days[4].Leads = 0, 6
	charts, err := report.Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 3 || charts[1].Name != "leads" {
		t.Fatalf("charts %v", charts)
	}
	accent := color.RGBA{R: 0xd9, G: 0x7b, B: 0x66, A: 0xff}
	h := barHeights(t, charts[1].PNG, accent)
	if len(h) != 6 { // the day without leads has no bar
		t.Fatalf("bar heights %v, want six bars for %+v", h, r.Days)
	}
	// Heights are proportional to leads (to the pixel): the 6-lead day's
	// bar is six times the 1-lead day's.
	var withLeads []int64
	for _, d := range r.Days {
		if d.Leads > 0 {
			withLeads = append(withLeads, d.Leads)
		}
	}
	for i, l := range withLeads {
		want := float64(h[3]) * float64(l) / float64(withLeads[3])
		if math.Abs(float64(h[i])-want) > 1.5 {
			t.Errorf("bar %d: %d px for %d leads, want about %.0f (%v for %v)", i, h[i], l, want, h, withLeads)
		}
	}
}

func TestChartsOfAnEmptyWeek(t *testing.T) {
	charts, err := report.Charts(report.Report{Campaigns: []report.Campaign{{Platform: budget.Meta, ID: "m1", Name: "No leads"}}})
	if err != nil || len(charts) != 3 {
		t.Fatalf("%d charts, %v", len(charts), err)
	}
	for _, c := range charts {
		cfg, err := png.DecodeConfig(bytes.NewReader(c.PNG))
		if err != nil || cfg.Width != report.ChartWidth || cfg.Height != report.ChartHeight {
			t.Fatalf("%s: %v %dx%d", c.Name, err, cfg.Width, cfg.Height)
		}
		img, _ := png.Decode(bytes.NewReader(c.PNG))
		if isBlank(img) {
			t.Errorf("%s: blank image", c.Name)
		}
	}
}

func isBlank(img image.Image) bool {
	first := img.At(0, 0)
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}
