package api

import (
	"html/template"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/profile"
)

// The templates the pages were written with: the code that replaced them
// must write exactly what they wrote. The confirmation page's template is
// the page itself with the request's reference as its one action, so the
// test checks that the reference is escaped as html/template escapes it
// in that attribute.
var (
	templateConfirm     = template.Must(template.New("confirm").Parse(confirmPage("{{.}}")))
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

// confirmMarker is a request ID that escaping leaves as it is.
const confirmMarker = "prq_pageTemplateMarker"

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
