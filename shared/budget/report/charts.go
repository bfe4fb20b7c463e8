package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
)

// The charts are bar charts drawn here with the standard library's image
// packages and the Go fonts: a plotting library (gonum.org/v1/plot links
// twelve embedded fonts and PDF, SVG, EPS and TeX back ends, about 7 MiB)
// would be most of the size of every bootstrap that sends or serves a
// report, the api's and the optimizer's.

// Chart sizes in pixels: what the email lays out.
const (
	ChartWidth  = 640
	ChartHeight = 280
)

// Chart is a rendered PNG with its name in the email (its Content-ID).
type Chart struct {
	Name          string
	Title         string
	PNG           []byte
	Width, Height int
}

var (
	ink    = color.RGBA{R: 0x2f, G: 0x4b, B: 0x7c, A: 0xff}
	accent = color.RGBA{R: 0xd9, G: 0x7b, B: 0x66, A: 0xff}
	text   = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	muted  = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	grid   = color.RGBA{R: 0xe4, G: 0xe4, B: 0xe4, A: 0xff}
)

// Charts renders spend per day, leads per day and cost per lead per
// campaign.
func Charts(r Report) ([]Chart, error) {
	var labels []string
	spend, leads := make([]float64, len(r.Days)), make([]float64, len(r.Days))
	for i, d := range r.Days {
		labels = append(labels, d.Date[5:])
		spend[i], leads[i] = d.Spend.Dollars(), float64(d.Leads)
	}
	var out []Chart
	for _, c := range []struct {
		name, title, y string
		v              []float64
		col            color.Color
	}{
		{"spend", "Spend per day", "US dollars", spend, ink},
		{"leads", "Leads per day", "leads", leads, accent},
	} {
		png, err := bars(c.title, c.y, labels, c.v, c.col, false)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", c.name, err)
		}
		out = append(out, Chart{Name: c.name, Title: c.title, PNG: png, Width: ChartWidth, Height: ChartHeight})
	}
	var names []string
	var cpl []float64
	for _, c := range r.Campaigns { // cheapest on top
		if c.Leads == 0 {
			continue
		}
		names = append(names, c.Name)
		cpl = append(cpl, c.CostPerLead().Dollars())
	}
	if len(cpl) == 0 {
		names, cpl = []string{"no leads this week"}, []float64{0}
	}
	png, err := bars("Cost per lead per campaign", "US dollars a lead", names, cpl, ink, true)
	if err != nil {
		return nil, fmt.Errorf("chart cpl: %w", err)
	}
	out = append(out, Chart{Name: "cpl", Title: "Cost per lead per campaign", PNG: png, Width: ChartWidth, Height: ChartHeight})
	return out, nil
}

type faces struct{ title, label font.Face }

// chartFaces are parsed on first use: the api serves a chart rarely.
var chartFaces = sync.OnceValues(func() (faces, error) {
	b, err := truetype.Parse(gobold.TTF)
	if err != nil {
		return faces{}, err
	}
	r, err := truetype.Parse(goregular.TTF)
	if err != nil {
		return faces{}, err
	}
	return faces{
		title: truetype.NewFace(b, &truetype.Options{Size: 10.5, DPI: 96, Hinting: font.HintingFull}),
		label: truetype.NewFace(r, &truetype.Options{Size: 8.5, DPI: 96, Hinting: font.HintingFull}),
	}, nil
})

// Layout in pixels.
const (
	pad      = 12
	barWidth = 29 // 22 points at 96 dpi
	maxTicks = 5
)

// bars draws one bar per label, from zero, with a value axis of round
// ticks; horizontal bars run left to right, the first label on top.
func bars(title, axis string, labels []string, v []float64, col color.Color, horizontal bool) ([]byte, error) {
	if len(labels) != len(v) {
		return nil, fmt.Errorf("%d labels for %d values", len(labels), len(v))
	}
	f, err := chartFaces()
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, ChartWidth, ChartHeight))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	lineH := f.label.Metrics().Height.Ceil()
	titleH := f.title.Metrics().Height.Ceil()
	drawText(img, f.title, text, (ChartWidth-width(f.title, title))/2, pad+f.title.Metrics().Ascent.Ceil(), title)

	hi := 0.0
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("value %v", x)
		}
		hi = max(hi, x)
	}
	step := niceStep(hi)
	top := step * math.Ceil(hi/step)
	if top == 0 {
		top = step
	}
	ticks := []float64{}
	for t := 0.0; t <= top+step/2; t += step {
		ticks = append(ticks, t)
	}

	if !horizontal {
		// Value axis left (its name above it), labels under the bars.
		tickW := 0
		for _, t := range ticks {
			tickW = max(tickW, width(f.label, tickLabel(t, step)))
		}
		area := image.Rect(pad+tickW+6, pad+titleH+lineH+14, ChartWidth-pad, ChartHeight-pad-lineH-4)
		drawText(img, f.label, muted, pad, area.Min.Y-lineH/2-4, axis)
		for _, t := range ticks {
			y := area.Max.Y - int(math.Round(t/top*float64(area.Dy())))
			fill(img, image.Rect(area.Min.X, y, area.Max.X, y+1), grid)
			s := tickLabel(t, step)
			drawText(img, f.label, muted, area.Min.X-6-width(f.label, s), y+lineH/3, s)
		}
		slot := float64(area.Dx()) / float64(max(len(v), 1))
		bw := min(barWidth, int(slot*0.7))
		for i, x := range v {
			cx := area.Min.X + int((float64(i)+0.5)*slot)
			h := int(math.Round(x / top * float64(area.Dy())))
			fill(img, image.Rect(cx-bw/2, area.Max.Y-h, cx-bw/2+bw, area.Max.Y), col)
			s := fit(f.label, labels[i], int(slot)-2)
			drawText(img, f.label, text, cx-width(f.label, s)/2, area.Max.Y+4+f.label.Metrics().Ascent.Ceil(), s)
		}
		fill(img, image.Rect(area.Min.X, area.Max.Y, area.Max.X, area.Max.Y+1), muted)
		return encode(img)
	}

	// Horizontal: labels left of the bars (at most a third of the width),
	// the value axis below with its name under it.
	labelW := 0
	for i := range labels {
		labels[i] = fit(f.label, labels[i], ChartWidth/3)
		labelW = max(labelW, width(f.label, labels[i]))
	}
	area := image.Rect(pad+labelW+8, pad+titleH+6, ChartWidth-pad-width(f.label, tickLabel(top, step))/2, ChartHeight-pad-2*lineH-6)
	for _, t := range ticks {
		x := area.Min.X + int(math.Round(t/top*float64(area.Dx())))
		fill(img, image.Rect(x, area.Min.Y, x+1, area.Max.Y), grid)
		s := tickLabel(t, step)
		drawText(img, f.label, muted, x-width(f.label, s)/2, area.Max.Y+4+f.label.Metrics().Ascent.Ceil(), s)
	}
	drawText(img, f.label, muted, area.Min.X+(area.Dx()-width(f.label, axis))/2, ChartHeight-pad, axis)
	slot := float64(area.Dy()) / float64(max(len(v), 1))
	bh := min(barWidth, int(slot*0.7))
	for i, x := range v {
		cy := area.Min.Y + int((float64(i)+0.5)*slot)
		w := int(math.Round(x / top * float64(area.Dx())))
		fill(img, image.Rect(area.Min.X, cy-bh/2, area.Min.X+w, cy-bh/2+bh), col)
		drawText(img, f.label, text, area.Min.X-8-width(f.label, labels[i]), cy+lineH/3, labels[i])
	}
	fill(img, image.Rect(area.Min.X, area.Min.Y, area.Min.X+1, area.Max.Y), muted)
	return encode(img)
}

// niceStep is a tick step of 1, 2 or 5 times a power of ten giving at most
// maxTicks intervals up to hi (1 for nothing to show).
func niceStep(hi float64) float64 {
	if hi <= 0 {
		return 1
	}
	raw := hi / maxTicks
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func tickLabel(t, step float64) string {
	prec := 0
	if step < 1 {
		prec = int(math.Ceil(-math.Log10(step)))
	}
	return strconv.FormatFloat(t, 'f', prec, 64)
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func width(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// fit shortens s with an ellipsis to at most w pixels.
func fit(f font.Face, s string, w int) string {
	if width(f, s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && width(f, string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func drawText(img *image.RGBA, f font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
