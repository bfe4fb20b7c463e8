package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"

	"github.com/medspa-ai/backend/shared/budget"
	"github.com/medspa-ai/backend/shared/platform/htmlesc"
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

// render writes the page; html/template's escaping, by code rather than a
// template (see htmlesc for why). src maps a chart's name to its URL.
func render(r Report, charts []Chart, src map[string]string) string {
	e, v := htmlesc.Text, htmlesc.Value
	var b strings.Builder
	w := func(ss ...string) {
		for _, s := range ss {
			b.WriteString(s)
		}
	}
	org, from, to := e(r.OrgName), e(r.From), e(r.To)
	w(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>`, org, `: your week `, from, ` to `, to, `</title></head>
<body style="margin:0;padding:24px;background:#f6f5f2;font-family:Helvetica,Arial,sans-serif;color:#1f2a3a">
<table role="presentation" width="680" align="center" style="background:#fff;border-radius:8px;padding:24px">
<tr><td>
<h1 style="font-size:22px;margin:0 0 4px">`, org, `: your week</h1>
<p style="margin:0 0 20px;color:#5a6577">`, from, ` to `, to, `</p>
<table role="presentation" width="100%" style="text-align:left"><tr>
<td><div style="font-size:13px;color:#5a6577">Spend</div><div id="spend" style="font-size:22px">`, e(Dollars(r.Week.Spend)), `</div><div style="font-size:12px">`, e(Trend(r.Week.Spend.Dollars(), r.Previous.Spend.Dollars())), `</div></td>
<td><div style="font-size:13px;color:#5a6577">Leads</div><div id="leads" style="font-size:22px">`, v(r.Week.Leads), `</div><div style="font-size:12px">`, e(Trend(float64(r.Week.Leads), float64(r.Previous.Leads))), `</div></td>
<td><div style="font-size:13px;color:#5a6577">Cost per lead</div><div id="cpl" style="font-size:22px">`)
	if r.Week.Leads != 0 {
		w(e(Dollars(r.Week.CostPerLead())))
	} else {
		w(`no leads`)
	}
	w(`</div><div style="font-size:12px">`)
	if r.Week.Leads != 0 && r.Previous.Leads != 0 {
		w(e(Trend(r.Week.CostPerLead().Dollars(), r.Previous.CostPerLead().Dollars())))
	}
	w(`</div></td>
</tr></table>
`)
	for _, c := range charts {
		w(`<h2 style="font-size:16px;margin:24px 0 8px">`, e(c.Title), `</h2>
<img src="`, htmlesc.TrustedURL(src[c.Name]), `" width="`, v(c.Width), `" height="`, v(c.Height), `" alt="`, e(c.Title), `" style="display:block;max-width:100%;height:auto">
`)
	}
	w("\n")
	if c := r.Best; c != nil {
		w(`<p><strong>Best campaign:</strong> `, e(c.Name), `, `, v(c.Leads), ` leads at `, e(Dollars(c.CostPerLead())), ` a lead.</p>`)
	}
	w("\n")
	if c := r.Worst; c != nil {
		w(`<p><strong>Weakest campaign:</strong> `, e(c.Name), `, `)
		if c.Leads != 0 {
			w(v(c.Leads), ` leads at `, e(Dollars(c.CostPerLead())), ` a lead`)
		} else {
			w(`no lead for `, e(Dollars(c.Spend)))
		}
		w(`.</p>`)
	}
	w(`
<h2 style="font-size:16px;margin:24px 0 8px">Campaigns</h2>
<table role="presentation" width="100%" cellpadding="4" style="border-collapse:collapse;font-size:14px">
<tr style="text-align:left;border-bottom:1px solid #ddd"><th>Campaign</th><th>Platform</th><th style="text-align:right">Spend</th><th style="text-align:right">Leads</th><th style="text-align:right">Cost per lead</th></tr>
`)
	for _, c := range r.Campaigns {
		w(`<tr style="border-bottom:1px solid #eee"><td>`, e(c.Name), `</td><td>`, v(c.Platform), `</td><td style="text-align:right">`, e(Dollars(c.Spend)), `</td><td style="text-align:right">`, v(c.Leads), `</td><td style="text-align:right">`)
		if c.Leads != 0 {
			w(e(Dollars(c.CostPerLead())))
		} else {
			w(`–`)
		}
		w(`</td></tr>
`)
	}
	w(`</table>
<h2 style="font-size:16px;margin:24px 0 8px">Recommendations</h2>
`)
	if len(r.Recommendations) > 0 {
		w(`<ul style="padding-left:18px;font-size:14px;line-height:1.45">`)
		for _, rec := range r.Recommendations {
			w(`<li><strong>`, v(rec.Status), `</strong>: `, e(rec.Reason), `</li>`)
		}
		w(`</ul>
`)
	} else {
		w(`<p style="font-size:14px">Nothing to change this week.</p>`)
	}
	w(`
<p style="font-size:12px;color:#5a6577;margin-top:28px">Figures are as the ad platforms reported them; recent days may still be revised.
`)
	if r.UnsubscribeURL != "" {
		w(`<a href="`, htmlesc.URL(r.UnsubscribeURL), `">Unsubscribe from weekly reports</a>.`)
	}
	w(`</p>
</td></tr></table></body></html>
`)
	return b.String()
}

// HTML renders the report as one self-contained page: the charts are
// embedded as data: URIs, so the file opens anywhere.
func HTML(r Report, charts []Chart) (string, error) {
	src := map[string]string{}
	for _, c := range charts {
		src[c.Name] = "data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG)
	}
	return render(r, charts, src), nil
}

// Email is the report as a MIME message body (multipart/related): the HTML
// refers to the charts by Content-ID, as mail clients that block data:
// URIs need, with the List-Unsubscribe headers for one-click unsubscribe.
// It is what SendRawEmail sends.
func Email(from, to, subject string, r Report, charts []Chart) ([]byte, error) {
	src := map[string]string{}
	for _, c := range charts {
		src[c.Name] = "cid:" + c.Name + "@report"
	}
	html := render(r, charts, src)
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
