// Package htmlesc escapes values into HTML exactly as html/template does
// in a text node, a quoted attribute and a URL attribute, for pages that
// are written by code instead of by a template.
//
// Executing any template keeps every exported method of every type the
// binary links (text/template finds methods by name at run time, so the
// linker cannot drop one): about 13 MiB of the api's bootstrap. The pages
// a function serves or mails are therefore written with these functions;
// their tests compare each page with the template it replaced.
package htmlesc

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text escapes s for a text node, an RCDATA element (title) or a quoted
// attribute value: html/template's htmlEscaper and attrEscaper for plain
// text.
func Text(s string) string {
	written := 0
	var b strings.Builder
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		var repl string
		switch r {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		}
		if repl != "" {
			if written == 0 {
				b.Grow(len(s) + 16)
			}
			b.WriteString(s[written:i])
			b.WriteString(repl)
			written = i + w
		}
		i += w
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// Value is Text of v as fmt prints it, as a template prints a non-string.
func Value(v any) string { return Text(fmt.Sprint(v)) }

// URL is an untrusted URL in an attribute (href, src, action): one with a
// scheme other than http, https or mailto becomes "#ZgotmplZ", and the rest
// is normalized and escaped, as html/template does with a string.
func URL(s string) string {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			return "#ZgotmplZ"
		}
	}
	return TrustedURL(s)
}

// TrustedURL is a URL the code built (a data: or cid: URI, a relative
// link) in an attribute, as html/template writes a template.URL: bytes
// outside RFC 3986's unreserved and reserved sets percent-encoded (valid
// escapes kept), then escaped as attribute text.
func TrustedURL(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	b.WriteString(s[written:])
	return Text(b.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
