package api

import (
	"strconv"
	"strings"

	"github.com/medspa-ai/backend/shared/platform/problem"
)

// ETags are the item's version number, quoted: strong validators, since a
// version names exactly one representation.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads If-Match. Only strong tags of the form "n" can match (RFC
// 9110 compares If-Match strongly); "*", weak tags and other opaque tags
// are well formed but never match, so a client cannot skip the
// concurrency check. A value that is not an entity tag at all (3, "3
// without its closing quote) is a malformed request, not a stale one: 400
// naming the expected form.
func ifMatch(values []string) (versions []int64, present bool, err error) {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			present = true
			if t == "*" {
				continue
			}
			weak := strings.HasPrefix(t, "W/")
			opaque := strings.TrimPrefix(t, "W/")
			if !entityTag(opaque) {
				return nil, true, problem.BadRequest(`If-Match must hold entity tags as sent in ETag, such as "3" (quotes included).`,
					problem.FieldError{Field: "If-Match", Reason: `must be a quoted ETag such as "3"`})
			}
			if weak {
				continue
			}
			if n, err := strconv.ParseInt(opaque[1:len(opaque)-1], 10, 64); err == nil && n >= 0 {
				versions = append(versions, n)
			}
		}
	}
	return versions, present, nil
}

// entityTag reports whether t is DQUOTE *etagc DQUOTE (RFC 9110 8.8.3).
func entityTag(t string) bool {
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
		return false
	}
	for i := 1; i < len(t)-1; i++ {
		if b := t[i]; b < 0x21 || b == '"' || b == 0x7f {
			return false
		}
	}
	return true
}

// matches reports whether If-Match names version.
func (c *call) matches(version int64) bool {
	for _, v := range c.ifMatch {
		if v == version {
			return true
		}
	}
	return false
}
