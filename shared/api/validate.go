package api

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Lambda's base image has no zoneinfo; time zones are validated against the embedded database
	"unicode"
	"unicode/utf8"

	"github.com/medspa-ai/backend/shared/platform/problem"
)

// checker collects every field error of a request, so one 422 lists them
// all, and the free-text fields the PHI guard must see.
type checker struct {
	errs []problem.FieldError
	free map[string]string
}

func (c *checker) fail(field, format string, args ...any) {
	c.errs = append(c.errs, problem.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// checkList checks a list field of at most max entries: each entry with
// one, given its path (services[2]), which returns the entry as checked and
// the key no later entry may repeat (what names the entry in the reason).
// A list that is too long is not checked further.
func checkList[T any](c *checker, field string, xs []T, max int, what string, one func(path string, x T) (T, string)) []T {
	if len(xs) > max {
		c.fail(field, "must have at most %d entries", max)
		return xs
	}
	seen := map[string]bool{}
	for i := range xs {
		f := fmt.Sprintf("%s[%d]", field, i)
		var k string
		xs[i], k = one(f, xs[i])
		if seen[k] {
			c.fail(f, "repeats an earlier %s", what)
		}
		seen[k] = true
	}
	return xs
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return problem.Validation(c.errs...)
}

// text checks a free-text field (trimmed; required when min > 0) and hands
// it to the PHI guard. Control characters are refused, except line breaks
// and tabs in multiline fields.
func (c *checker) text(field, s string, min, max int, multiline bool) string {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		c.fail(field, "is required")
		return s
	case n < min:
		c.fail(field, "must be at least %d characters", min)
		return s
	case n > max:
		c.fail(field, "must be at most %d characters", max)
		return s
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			c.fail(field, "must not contain control characters")
			return s
		}
		if r == utf8.RuneError {
			// What encoding/json makes of a lone surrogate (\ud800): the
			// text sent was not valid Unicode, and storing a replacement
			// would silently change it.
			c.fail(field, "must be valid Unicode text")
			return s
		}
	}
	if s != "" {
		if c.free == nil {
			c.free = map[string]string{}
		}
		c.free[field] = s
	}
	return s
}

// email checks an address and returns it normalized.
func (c *checker) email(field, s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if s == "" {
		c.fail(field, "is required")
	} else if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		c.fail(field, "must be an email address such as name@example.com")
	}
	return s
}

var e164 = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`) })

// phone checks an E.164 number ("" clears it).
func (c *checker) phone(field, s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !e164().MatchString(s) {
		c.fail(field, "must be an international number such as +15125550123")
	}
	return s
}

// website checks an http(s) URL with a host ("" clears it).
func (c *checker) website(field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	u, err := url.Parse(s)
	switch {
	case len(s) > 200:
		c.fail(field, "must be at most 200 characters")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || strings.ContainsAny(s, " \t\n"):
		c.fail(field, "must be a web address such as https://glowmedspa.com")
	}
	return s
}

// timeZone checks an IANA time zone name such as America/Chicago.
func (c *checker) timeZone(field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		c.fail(field, "is required")
		return s
	}
	if _, err := time.LoadLocation(s); err != nil || s == "Local" || len(s) > 64 {
		c.fail(field, "must be an IANA time zone such as America/Chicago")
	}
	return s
}

// usStates are the USPS codes of states, DC and territories.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP`) {
		m[s] = true
	}
	return m
}()

func (c *checker) state(field, s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !usStates[s] {
		c.fail(field, "must be a two-letter US state code such as TX")
	}
	return s
}
