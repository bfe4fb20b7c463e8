// Package localgen is the deterministic local content generator: the
// default provider when no model is configured, so the product works
// offline and in tests. Copy is composed from the brand profile and the
// request; images are real PNGs at the placement's exact size (the
// headline rendered over a brand-coloured layout with fogleman/gg); video
// is an animated GIF (decodable by every browser and by Go's image/gif, so
// its frames and duration are testable without a codec).
//
// The same request always gives the same output. Each sentence it writes
// is checked with the rule checker first: a sentence the checker would
// refuse is replaced by its suggested rewrite or dropped, and violations
// fed back from an earlier attempt are avoided the same way.
package localgen

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
)

// Name is the provider name responses show.
const Name = "local"

// Generator is the local provider.
type Generator struct{}

var _ content.Provider = Generator{}

// Name implements content.Provider.
func (Generator) Name() string { return Name }

// Generate implements content.Provider.
func (g Generator) Generate(ctx context.Context, b content.Brief) (content.Output, error) {
	r := b.Request
	out := content.Output{Model: "localgen-1"}
	for i := 0; i < r.Variants; i++ {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		// Later attempts start further along the templates, so a
		// regeneration differs from the attempt it replaces.
		n := i + max(b.Attempt-1, 0)*r.Variants
		fields := compose(r, b.Fields, n)
		v := content.Variant{Fields: fields}
		var err error
		switch r.Kind {
		case content.Image:
			v.Media, err = renderImage(r, fields["headline"], b.Width, b.Height, n)
			out.Usage.Images++
		case content.Video:
			v.Media, err = renderVideo(r, fields["headline"], b.Width, b.Height, b.Seconds, n)
			out.Usage.VideoSeconds += int64(b.Seconds)
		}
		if err != nil {
			return out, err
		}
		out.Variants = append(out.Variants, v)
	}
	return out, nil
}

// compose writes every field of one variant.
func compose(r content.Request, specs []content.FieldSpec, n int) map[string]string {
	f := facts(r)
	out := map[string]string{}
	hi, di := 0, 0
	for _, s := range specs {
		var cands []string
		switch {
		case s.Name == "primaryText":
			cands = rotate(primaryTexts(f, n), n)
		case s.Name == "headline" || strings.HasPrefix(s.Name, "headline"):
			cands = rotate(headlines(f), n+hi)
			hi++
		case strings.HasPrefix(s.Name, "description"):
			if r.Placement.Platform() == rules.Google {
				cands = rotate(googleDescriptions(f), n+di)
			} else {
				cands = rotate([]string{f.offer, f.cta, "Book a consultation", "Licensed providers", "Now booking"}, n)
			}
			di++
		case s.Name == "path1":
			cands = []string{slug(f.service), "treatments"}
		case s.Name == "path2":
			cands = []string{slug(f.city), "book"}
		}
		out[s.Name] = pick(r.Placement, s, cands, out)
	}
	return out
}

// facts are the request's and brand's words, cleaned for ads.
type adFacts struct {
	company, service, offer, tone, cta, city, voice string
}

func facts(r content.Request) adFacts {
	f := adFacts{company: r.Brand.CompanyName, service: r.Service, offer: sentence(r.Offer), tone: strings.ToLower(r.Tone), cta: sentence(r.CTA)}
	if f.company == "" {
		f.company = "our med spa"
	}
	if f.cta == "" {
		f.cta = "Book a consultation."
	}
	if len(r.Brand.Locations) > 0 {
		f.city, _, _ = strings.Cut(r.Brand.Locations[0], ",")
	}
	f.voice = strings.ToLower(r.Brand.BrandVoice)
	return f
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func opener(f adFacts, n int) string {
	var os []string
	switch {
	case strings.Contains(f.tone, "playful") || strings.Contains(f.voice, "playful"):
		os = []string{"Glow season is here.", "Treat yourself this month.", "A little refresh goes a long way."}
	case strings.Contains(f.tone, "luxur") || strings.Contains(f.voice, "luxur"):
		os = []string{"Refined care, unhurried.", "An elevated skincare experience.", "Quiet luxury for your routine."}
	default:
		os = []string{"Thoughtful care from licensed providers.", "Natural-looking results start with a conversation.", "Skincare planned around you."}
	}
	return os[n%len(os)]
}

func primaryTexts(f adFacts, n int) []string {
	where := ""
	if f.city != "" {
		where = " in " + f.city
	}
	base := []string{
		opener(f, n) + " " + f.company + " offers " + f.service + where + ". " + f.offer + " " + f.cta,
		f.company + " offers " + f.service + where + ". " + f.offer + " " + f.cta,
		opener(f, n) + " " + f.service + " at " + f.company + ". " + f.cta,
		f.service + where + ". " + f.cta,
		f.service + " at " + f.company + ".",
	}
	return base
}

func headlines(f adFacts) []string {
	hs := []string{title(f.service), strings.TrimSuffix(f.offer, "."), title(f.service) + " at " + f.company}
	if f.city != "" {
		hs = append(hs, title(f.service)+" in "+f.city, "Serving "+f.city)
	}
	return append(hs, strings.TrimSuffix(f.cta, "."), f.company, "Licensed Providers", "Book a Consultation", "Evening Appointments", "New Client Offer", "Natural-Looking Results")
}

func googleDescriptions(f adFacts) []string {
	where := ""
	if f.city != "" {
		where = " in " + f.city
	}
	return []string{
		f.company + " offers " + f.service + where + ". " + f.cta,
		f.offer + " " + f.cta,
		opener(f, 0) + " Book online with our team.",
		"Experienced, licensed providers. Results vary by person.",
		"Ask about " + f.service + " at your consultation.",
	}
}

func rotate(xs []string, n int) []string {
	if len(xs) == 0 {
		return xs
	}
	n = (n%len(xs) + len(xs)) % len(xs)
	return append(append([]string{}, xs[n:]...), xs[:n]...)
}

var words = regexp.MustCompile(`[A-Za-z][A-Za-z'-]*`)

func title(s string) string {
	return words.ReplaceAllStringFunc(s, func(w string) string {
		if len(w) <= 3 && (w == "and" || w == "of" || w == "at" || w == "in" || w == "for" || w == "the") {
			return w
		}
		return strings.ToUpper(w[:1]) + w[1:]
	})
}

var slugRe = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 15 {
		s = strings.TrimRight(s[:15], "-")
	}
	return s
}

// pick returns the first candidate that fits the field and passes the
// rule checker (after its safe rewrites) and repeats no earlier field.
func pick(p rules.Placement, s content.FieldSpec, cands []string, done map[string]string) string {
	used := map[string]bool{}
	for _, v := range done {
		used[strings.ToLower(v)] = true
	}
	for _, c := range cands {
		c = clean(p, s.Name, strings.Join(strings.Fields(c), " "))
		if c == "" || utf8.RuneCountInString(c) > s.Max || used[strings.ToLower(c)] {
			continue
		}
		if !strings.HasPrefix(s.Name, "path") {
			c = strings.ToUpper(c[:1]) + c[1:]
		}
		return c
	}
	return ""
}

// clean applies the checker's suggested rewrites, drops sentences that
// still break a rule, and returns "" when nothing safe is left.
func clean(p rules.Placement, field, text string) string {
	for i := 0; i < 3; i++ {
		vs := rules.Check(p, map[string]string{field: text})
		if len(vs) == 0 {
			return text
		}
		changed := false
		for _, v := range vs {
			if v.Suggestion != "" && v.Rule != rules.RuleLength {
				text, changed = v.Suggestion, true
				break
			}
		}
		if !changed {
			// Drop the sentences that break a rule.
			var keep []string
			for _, s := range splitSentences(text) {
				if vs := rules.Check(p, map[string]string{field: s}); len(vs) == 0 {
					keep = append(keep, s)
				}
			}
			next := strings.Join(keep, " ")
			if next == text {
				return ""
			}
			text = next
		}
	}
	if len(rules.Check(p, map[string]string{field: text})) == 0 {
		return text
	}
	return ""
}

var sentenceEnd = regexp.MustCompile(`[.!?]\s+`)

func splitSentences(s string) []string {
	var out []string
	last := 0
	for _, m := range sentenceEnd.FindAllStringIndex(s, -1) {
		out = append(out, strings.TrimSpace(s[last:m[0]+1]))
		last = m[1]
	}
	if rest := strings.TrimSpace(s[last:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// Rendering.

var fonts = sync.OnceValues(func() (*truetype.Font, error) { return truetype.Parse(gobold.TTF) })
var regular = sync.OnceValues(func() (*truetype.Font, error) { return truetype.Parse(goregular.TTF) })

func face(f *truetype.Font, size float64) font.Face {
	return truetype.NewFace(f, &truetype.Options{Size: size})
}

// palette is a brand colour derived from the company name, and shades.
func brandColors(company string, n int) (bg, accent color.RGBA) {
	h := fnv.New32a()
	h.Write([]byte(company))
	sum := h.Sum32() + uint32(n)*40503
	hues := []color.RGBA{{0x7a, 0x4e, 0x6b, 255}, {0x2f, 0x5d, 0x62, 255}, {0x8c, 0x5a, 0x3c, 255}, {0x3e, 0x4a, 0x7a, 255}, {0x5b, 0x6e, 0x4a, 255}, {0x9b, 0x4d, 0x5a, 255}}
	bg = hues[sum%uint32(len(hues))]
	accent = color.RGBA{0xf3, 0xd9, 0xc4, 255}
	return bg, accent
}

// layout draws the ad's frame: brand-coloured background, a band, the
// headline, the company name and the call to action. On 9:16 the top and
// bottom 250/1920 are kept free of text.
func layout(r content.Request, headline string, w, h, n int) (*gg.Context, error) {
	bold, err := fonts()
	if err != nil {
		return nil, err
	}
	reg, err := regular()
	if err != nil {
		return nil, err
	}
	dc := gg.NewContext(w, h)
	bg, accent := brandColors(r.Brand.CompanyName, n)
	dc.SetColor(bg)
	dc.Clear()
	fw, fh := float64(w), float64(h)
	safe := 0.0
	if h > w {
		safe = fh * 250 / 1920
	}
	dc.SetColor(color.NRGBA{255, 255, 255, 28})
	dc.DrawCircle(fw*0.85, safe+fh*0.12, fw*0.35)
	dc.Fill()
	dc.SetColor(accent)
	dc.DrawRectangle(fw*0.08, safe+fh*0.08, fw*0.12, fh*0.008)
	dc.Fill()
	dc.SetColor(color.White)
	dc.SetFontFace(face(bold, fw/12))
	dc.DrawStringWrapped(headline, fw*0.08, safe+fh*0.14, 0, 0, fw*0.84, 1.25, gg.AlignLeft)
	dc.SetFontFace(face(reg, fw/26))
	dc.SetColor(accent)
	dc.DrawStringAnchored(r.Brand.CompanyName, fw*0.08, fh-safe-fh*0.16, 0, 0.5)
	cta := strings.TrimSuffix(r.CTA, ".")
	if cta == "" {
		cta = "Book now"
	}
	if len(cta) > 24 {
		cta = cta[:24]
	}
	cw, _ := dc.MeasureString(cta)
	dc.SetColor(accent)
	dc.DrawRoundedRectangle(fw*0.08, fh-safe-fh*0.11, cw+fw*0.08, fh*0.06, fh*0.02)
	dc.Fill()
	dc.SetColor(bg)
	dc.DrawStringAnchored(cta, fw*0.12, fh-safe-fh*0.08, 0, 0.35)
	return dc, nil
}

func renderImage(r content.Request, headline string, w, h, n int) (*content.Media, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("localgen: image size %dx%d", w, h)
	}
	dc, err := layout(r, headline, w, h, n)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, dc.Image()); err != nil {
		return nil, err
	}
	return &content.Media{Data: buf.Bytes(), ContentType: "image/png", Width: w, Height: h}, nil
}

// Video frames: 10 a second, a progress bar and a light sweep moving.
const fps = 10

func renderVideo(r content.Request, headline string, w, h, seconds, n int) (*content.Media, error) {
	if w <= 0 || h <= 0 || seconds <= 0 {
		return nil, fmt.Errorf("localgen: video %dx%d for %ds", w, h, seconds)
	}
	dc, err := layout(r, headline, w, h, n)
	if err != nil {
		return nil, err
	}
	bg, accent := brandColors(r.Brand.CompanyName, n)
	base, pal := quantize(dc.Image().(*image.RGBA), bg, accent)
	frames := seconds * fps
	anim := &gif.GIF{LoopCount: 0}
	barY := h - h/40
	for i := 0; i < frames; i++ {
		fr := image.NewPaletted(base.Rect, pal)
		copy(fr.Pix, base.Pix)
		// Progress bar along the bottom edge.
		for y := barY; y < h; y++ {
			for x := 0; x < w*(i+1)/frames; x++ {
				fr.SetColorIndex(x, y, 2)
			}
		}
		// A light sweep across the top band.
		sx := w * i / frames
		for y := 0; y < h/60; y++ {
			for x := sx; x < sx+w/8 && x < w; x++ {
				fr.SetColorIndex(x, y, 1)
			}
		}
		anim.Image = append(anim.Image, fr)
		anim.Delay = append(anim.Delay, 100/fps)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return nil, err
	}
	return &content.Media{Data: buf.Bytes(), ContentType: "image/gif", Width: w, Height: h, Frames: frames, DurationMs: frames * 1000 / fps}, nil
}

// quantize maps the layout onto a small palette: background, white,
// accent, and blends between them for anti-aliased edges.
func quantize(im *image.RGBA, bg, accent color.RGBA) (*image.Paletted, color.Palette) {
	pal := color.Palette{bg, color.White, accent}
	for _, to := range []color.RGBA{{255, 255, 255, 255}, accent} {
		for k := 1; k <= 6; k++ {
			t := float64(k) / 7
			pal = append(pal, color.RGBA{mix(bg.R, to.R, t), mix(bg.G, to.G, t), mix(bg.B, to.B, t), 255})
		}
	}
	out := image.NewPaletted(im.Rect, pal)
	cache := map[[3]uint8]uint8{}
	for y := im.Rect.Min.Y; y < im.Rect.Max.Y; y++ {
		row := im.Pix[(y-im.Rect.Min.Y)*im.Stride:]
		for x := 0; x < im.Rect.Dx(); x++ {
			k := [3]uint8{row[x*4], row[x*4+1], row[x*4+2]}
			idx, ok := cache[k]
			if !ok {
				idx = uint8(pal.Index(color.RGBA{k[0], k[1], k[2], 255}))
				cache[k] = idx
			}
			out.Pix[(y-im.Rect.Min.Y)*out.Stride+x] = idx
		}
	}
	return out, pal
}

func mix(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }
