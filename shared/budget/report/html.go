package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"

	"github.com/medspa-ai/backend/shared/budget"
)

// Dollars formats money as $1,234.56.
func Dollars(m budget.Micros) string {
	cents := int64(math.Round(m.Dollars() * 100))
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s$%s.%02d", sign, whole, cents%100)
}

// Trend says a change in words with its sign: "+12% vs the previous week".
func Trend(cur, prev float64) string {
	if prev == 0 {
		return "no previous week to compare"
	}
	return fmt.Sprintf("%+.0f%% vs the previous week", 100*Change(cur, prev))
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"dollars": Dollars,
	"trend":   Trend,
	"f":       func(m budget.Micros) float64 { return m.Dollars() },
	"n":       func(n int64) float64 { return float64(n) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.R.OrgName}}: your week {{.R.From}} to {{.R.To}}</title></head>
<body style="margin:0;padding:24px;background:#f6f5f2;font-family:Helvetica,Arial,sans-serif;color:#1f2a3a">
<table role="presentation" width="680" align="center" style="background:#fff;border-radius:8px;padding:24px">
<tr><td>
<h1 style="font-size:22px;margin:0 0 4px">{{.R.OrgName}}: your week</h1>
<p style="margin:0 0 20px;color:#5a6577">{{.R.From}} to {{.R.To}}</p>
<table role="presentation" width="100%" style="text-align:left"><tr>
<td><div style="font-size:13px;color:#5a6577">Spend</div><div id="spend" style="font-size:22px">{{dollars .R.Week.Spend}}</div><div style="font-size:12px">{{trend (f .R.Week.Spend) (f .R.Previous.Spend)}}</div></td>
<td><div style="font-size:13px;color:#5a6577">Leads</div><div id="leads" style="font-size:22px">{{.R.Week.Leads}}</div><div style="font-size:12px">{{trend (n .R.Week.Leads) (n .R.Previous.Leads)}}</div></td>
<td><div style="font-size:13px;color:#5a6577">Cost per lead</div><div id="cpl" style="font-size:22px">{{if .R.Week.Leads}}{{dollars .R.Week.CostPerLead}}{{else}}no leads{{end}}</div><div style="font-size:12px">{{if and .R.Week.Leads .R.Previous.Leads}}{{trend (f .R.Week.CostPerLead) (f .R.Previous.CostPerLead)}}{{end}}</div></td>
</tr></table>
{{range .Charts}}<h2 style="font-size:16px;margin:24px 0 8px">{{.Title}}</h2>
<img src="{{index $.Src .Name}}" width="{{.Width}}" height="{{.Height}}" alt="{{.Title}}" style="display:block;max-width:100%;height:auto">
{{end}}
{{if .R.Best}}<p><strong>Best campaign:</strong> {{.R.Best.Name}}, {{.R.Best.Leads}} leads at {{dollars .R.Best.CostPerLead}} a lead.</p>{{end}}
{{if .R.Worst}}<p><strong>Weakest campaign:</strong> {{.R.Worst.Name}}, {{if .R.Worst.Leads}}{{.R.Worst.Leads}} leads at {{dollars .R.Worst.CostPerLead}} a lead{{else}}no lead for {{dollars .R.Worst.Spend}}{{end}}.</p>{{end}}
<h2 style="font-size:16px;margin:24px 0 8px">Campaigns</h2>
<table role="presentation" width="100%" cellpadding="4" style="border-collapse:collapse;font-size:14px">
<tr style="text-align:left;border-bottom:1px solid #ddd"><th>Campaign</th><th>Platform</th><th style="text-align:right">Spend</th><th style="text-align:right">Leads</th><th style="text-align:right">Cost per lead</th></tr>
{{range .R.Campaigns}}<tr style="border-bottom:1px solid #eee"><td>{{.Name}}</td><td>{{.Platform}}</td><td style="text-align:right">{{dollars .Spend}}</td><td style="text-align:right">{{.Leads}}</td><td style="text-align:right">{{if .Leads}}{{dollars .CostPerLead}}{{else}}–{{end}}</td></tr>
{{end}}</table>
<h2 style="font-size:16px;margin:24px 0 8px">Recommendations</h2>
{{if .R.Recommendations}}<ul style="padding-left:18px;font-size:14px;line-height:1.45">{{range .R.Recommendations}}<li><strong>{{.Status}}</strong>: {{.Reason}}</li>{{end}}</ul>
{{else}}<p style="font-size:14px">Nothing to change this week.</p>{{end}}
<p style="font-size:12px;color:#5a6577;margin-top:28px">Figures are as the ad platforms reported them; recent days may still be revised.
{{if .R.UnsubscribeURL}}<a href="{{.R.UnsubscribeURL}}">Unsubscribe from weekly reports</a>.{{end}}</p>
</td></tr></table></body></html>
`))

// HTML renders the report as one self-contained page: the charts are
// embedded as data: URIs, so the file opens anywhere.
func HTML(r Report, charts []Chart) (string, error) {
	src := map[string]template.URL{}
	for _, c := range charts {
		src[c.Name] = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG))
	}
	return render(r, charts, src)
}

func render(r Report, charts []Chart, src map[string]template.URL) (string, error) {
	var b strings.Builder
	err := page.Execute(&b, struct {
		R      Report
		Charts []Chart
		Src    map[string]template.URL
	}{r, charts, src})
	return b.String(), err
}

// Email is the report as a MIME message body (multipart/related): the HTML
// refers to the charts by Content-ID, as mail clients that block data:
// URIs need, with the List-Unsubscribe headers for one-click unsubscribe.
// It is what SendRawEmail sends.
func Email(from, to, subject string, r Report, charts []Chart) ([]byte, error) {
	src := map[string]template.URL{}
	for _, c := range charts {
		src[c.Name] = template.URL("cid:" + c.Name + "@report")
	}
	html, err := render(r, charts, src)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	var head bytes.Buffer
	fmt.Fprintf(&head, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\n", from, to, mime.QEncoding.Encode("utf-8", subject))
	if r.UnsubscribeURL != "" {
		fmt.Fprintf(&head, "List-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", r.UnsubscribeURL)
	}
	fmt.Fprintf(&head, "Content-Type: multipart/related; boundary=%q\r\n\r\n", w.Boundary())
	part, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/html; charset=utf-8"}, "Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return nil, err
	}
	writeBase64(part, []byte(html))
	for _, c := range charts {
		part, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"image/png"}, "Content-Transfer-Encoding": {"base64"},
			"Content-ID": {"<" + c.Name + "@report>"}, "Content-Disposition": {"inline; filename=\"" + c.Name + ".png\""}})
		if err != nil {
			return nil, err
		}
		writeBase64(part, c.PNG)
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return append(head.Bytes(), body.Bytes()...), nil
}

// writeBase64 writes b in base64 lines of 76 characters (RFC 2045).
func writeBase64(w interface{ Write([]byte) (int, error) }, b []byte) {
	s := base64.StdEncoding.EncodeToString(b)
	for len(s) > 76 {
		_, _ = w.Write([]byte(s[:76] + "\r\n"))
		s = s[76:]
	}
	_, _ = w.Write([]byte(s + "\r\n"))
}
