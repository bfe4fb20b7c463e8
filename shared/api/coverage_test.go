package api_test

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// seen records, per operation, the statuses the tests got back, so TestMain
// can check that every route has a happy-path test and every route with a
// body a validation test.
var seen = struct {
	sync.Mutex
	m map[string]map[int]bool
}{m: map[string]map[int]bool{}}

func (w *world) note(method, target string, status int) {
	path, _, _ := strings.Cut(target, "?")
	for tmpl := range w.openapi["paths"].(map[string]any) {
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$")
		if re.MatchString(path) {
			seen.Lock()
			k := method + " " + tmpl
			if seen.m[k] == nil {
				seen.m[k] = map[int]bool{}
			}
			seen.m[k][status] = true
			seen.Unlock()
			return
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && shared != nil {
		var missing []string
		for _, rt := range shared.h.Routes() {
			st := seen.m[rt.Method+" "+rt.Path]
			ok2xx := false
			for s := range st {
				ok2xx = ok2xx || (s >= 200 && s < 300)
			}
			if !ok2xx {
				missing = append(missing, rt.Method+" "+rt.Path+": no happy-path test")
			}
			if rt.HasBody && !st[422] && !st[400] {
				missing = append(missing, rt.Method+" "+rt.Path+": no validation test")
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			fmt.Fprintln(os.Stderr, "route coverage:\n  "+strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}
