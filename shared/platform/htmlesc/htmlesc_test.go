package htmlesc_test

import (
	"html/template"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/platform/htmlesc"
)

var samples = []string{
	"", "plain", `<b>"Glow" & 'Co'</b>`, "+12% vs the previous week", "nul\x00byte", "invalid \xff utf-8",
	"Spa ☀ Zoë", "\ufdd0\uffff", "a\nb\tc",
	"https://app.medspa.ai/unsubscribe?t=a+b&x=1#frag", "HTTPS://EXAMPLE.COM/%41%zz%", "mailto:a@b.example",
	"javascript:alert(1)", " javascript:alert(1)", "data:image/png;base64,iVBOR+/=", "cid:spend@report",
	"?token=abc%2Bdef", "/relative/path with space", "ftp://x", "a/b:c", "ünïcode?q=ü",
}

// The functions must write what html/template writes in the same place.
func TestSameAsHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("t").Parse(
		`<title>{{.S}}</title><p>{{.S}}</p><i title="{{.S}}"></i><a href="{{.S}}"></a><img src="{{.U}}">`))
	for _, s := range samples {
		var b strings.Builder
		if err := tmpl.Execute(&b, map[string]any{"S": s, "U": template.URL(s)}); err != nil {
			t.Fatal(err)
		}
		e := htmlesc.Text(s)
		want := b.String()
		got := `<title>` + e + `</title><p>` + e + `</p><i title="` + e + `"></i><a href="` + htmlesc.URL(s) + `"></a><img src="` + htmlesc.TrustedURL(s) + `">`
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
}

func TestValue(t *testing.T) {
	type platform string
	if got := htmlesc.Value(platform("me<ta")); got != "me&lt;ta" {
		t.Errorf("got %q", got)
	}
	if got := htmlesc.Value(int64(42)); got != "42" {
		t.Errorf("got %q", got)
	}
}
