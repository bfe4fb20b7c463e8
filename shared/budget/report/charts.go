package report

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart sizes in pixels: what the email lays out.
const (
	ChartWidth  = 640
	ChartHeight = 280
	dpi         = 96
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
)

// Charts renders spend per day, leads per day and cost per lead per
// campaign.
func Charts(r Report) ([]Chart, error) {
	var labels []string
	spend, leads := make(plotter.Values, len(r.Days)), make(plotter.Values, len(r.Days))
	for i, d := range r.Days {
		labels = append(labels, d.Date[5:])
		spend[i], leads[i] = d.Spend.Dollars(), float64(d.Leads)
	}
	var out []Chart
	for _, c := range []struct {
		name, title, y string
		v              plotter.Values
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
	var cpl plotter.Values
	for i := len(r.Campaigns) - 1; i >= 0; i-- { // cheapest on top
		c := r.Campaigns[i]
		if c.Leads == 0 {
			continue
		}
		names = append(names, c.Name)
		cpl = append(cpl, c.CostPerLead().Dollars())
	}
	if len(cpl) == 0 {
		names, cpl = []string{"no leads this week"}, plotter.Values{0}
	}
	png, err := bars("Cost per lead per campaign", "US dollars a lead", names, cpl, ink, true)
	if err != nil {
		return nil, fmt.Errorf("chart cpl: %w", err)
	}
	out = append(out, Chart{Name: "cpl", Title: "Cost per lead per campaign", PNG: png, Width: ChartWidth, Height: ChartHeight})
	return out, nil
}

func bars(title, axis string, labels []string, v plotter.Values, col color.Color, horizontal bool) ([]byte, error) {
	p := plot.New()
	p.Title.Text = title
	b, err := plotter.NewBarChart(v, vg.Points(22))
	if err != nil {
		return nil, err
	}
	b.Color, b.LineStyle.Width, b.Horizontal = col, 0, horizontal
	p.Add(b)
	if horizontal {
		p.NominalY(labels...)
		p.X.Label.Text = axis
		p.X.Min = 0
	} else {
		p.NominalX(labels...)
		p.Y.Label.Text = axis
		p.Y.Min = 0
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(ChartWidth)*vg.Inch/dpi, vg.Length(ChartHeight)*vg.Inch/dpi), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
