package api

import (
	"strconv"
	"strings"
)

// ETags are the item's version number, quoted: strong validators, since a
// version names exactly one representation.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch reads If-Match. Only strong tags of the form "n" can match (RFC
// 9110 compares If-Match strongly); "*" and weak tags never do, so a client
// cannot skip the concurrency check.
func ifMatch(values []string) (versions []int64, present bool) {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			present = true
			if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
				if n, err := strconv.ParseInt(t[1:len(t)-1], 10, 64); err == nil && n >= 0 {
					versions = append(versions, n)
				}
			}
		}
	}
	return versions, present
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
