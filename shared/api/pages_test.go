package api

import (
	"html/template"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/profile"
)

// The templates the pages were written with: the code that replaced them
// must write exactly what they wrote.
var (
	templateConfirm = template.Must(template.New("confirm").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Confirm your privacy request</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem}input{font-size:1.2rem;padding:.4rem;width:100%;box-sizing:border-box}button{margin-top:1.2rem;font-size:1.1rem;padding:.5rem 1.2rem}</style>
</head><body>
<h1>Confirm your privacy request</h1>
<p>Enter the six-digit code from our email. Codes are valid for 10 minutes; three wrong codes lock the request, and our privacy team can then verify you another way.</p>
<form id="f" method="post" autocomplete="off">
<label>Reference <input name="requestId" value="{{.}}" required pattern="prq_[A-Za-z0-9_-]+"></label>
<label>Code <input name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" required autofocus></label>
<button type="submit">Confirm</button>
</form>
<p id="out" role="status"></p>
<script>` + confirmScript + `</script>
</body></html>
`))
	templateUnsubscribe = template.Must(template.New("u").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
{{if eq .V.Status "subscribed"}}<p>Stop receiving <b>{{.Name}}</b> emails from Med Spa AI?</p>
<form method="post" action="{{.Action}}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
{{else if eq .V.Status "unsubscribed"}}<p>You are unsubscribed from <b>{{.Name}}</b> emails. You can subscribe again under your profile's email settings.</p>
{{else}}<p>You are not subscribed to <b>{{.Name}}</b> emails through this link any more.</p>{{end}}
</body></html>
`))
)

func execute(t *testing.T, tm *template.Template, data any) string {
	t.Helper()
	var b strings.Builder
	if err := tm.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPagesWriteWhatTheirTemplatesWrote(t *testing.T) {
	for _, id := range []string{"", "prq_abc123", `prq_"><script>x</script>&+'`} {
		if got, want := confirmPage(id), execute(t, templateConfirm, id); got != want {
			t.Errorf("confirm page for %q:\n got %s\nwant %s", id, got, want)
		}
	}
	for _, topic := range []profile.Topic{profile.ProductUpdates, profile.Marketing, profile.Reports, "unknown<&>"} {
		for _, status := range []string{"subscribed", "unsubscribed", "not_subscribed"} {
			for _, action := range []string{"?token=abc.def_ghi-jkl", "?token=a%2Bb+c%zz%22\"<>'"} {
				v := unsubscribeView{Topic: topic, Status: status}
				want := execute(t, templateUnsubscribe, map[string]any{"V": v, "Name": topicNames[v.Topic], "Action": template.URL(action)})
				if got := unsubscribePage(v, action); got != want {
					t.Errorf("unsubscribe page %s %s %q:\n got %s\nwant %s", topic, status, action, got, want)
				}
			}
		}
	}
}
