package rie

import (
	"net/http"
	"strings"
	"testing"
)

func TestResponseFailure(t *testing.T) {
	none := http.Header{}
	withHeader := http.Header{}
	withHeader.Set("X-Amz-Function-Error", "Unhandled")
	for _, tc := range []struct {
		name   string
		status int
		h      http.Header
		body   string
		want   string // substring; "" means success
	}{
		{"ok object", 200, none, `{"ok":true}`, ""},
		{"ok string", 200, none, `"sent"`, ""},
		{"ok array", 200, none, `[1,2]`, ""},
		{"ok object with an errorType field only", 200, none, `{"errorType":"x"}`, ""},
		{"function error", 200, none, `{"errorMessage":"boom","errorType":"errorString"}`, `errorType "errorString"`},
		{"error header", 200, withHeader, `{}`, "Unhandled"},
		{"init crash", 502, none, ``, "HTTP 502"},
		{"timeout", 200, none, `Task timed out after 3.00 seconds`, "timed out"},
	} {
		got := ResponseFailure(tc.status, tc.h, []byte(tc.body))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: ResponseFailure = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseStatPPID(t *testing.T) {
	for _, tc := range []struct {
		stat string
		want int
		ok   bool
	}{
		{"1234 (bootstrap) S 99 1234 1234 0 -1", 99, true},
		{"1234 (odd) name (x)) R 42 1 1", 42, true},
		{"garbage", 0, false},
		{"1 (x)", 0, false},
	} {
		got, ok := parseStatPPID(tc.stat)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseStatPPID(%q) = %d, %v; want %d, %v", tc.stat, got, ok, tc.want, tc.ok)
		}
	}
}
