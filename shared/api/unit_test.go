package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestParseGroups(t *testing.T) {
	for in, want := range map[string]string{
		"[privacy-team admin]":        "privacy-team,admin",
		`["privacy-team","ops"]`:      "privacy-team,ops",
		"privacy-team, ops":           "privacy-team,ops",
		"[]":                          "",
		"":                            "",
		"[ privacy-team ]":            "privacy-team",
		"[privacy-team-lead readers]": "privacy-team-lead,readers",
	} {
		if got := strings.Join(parseGroups(in), ","); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

func TestIfMatch(t *testing.T) {
	cases := []struct {
		in        []string
		want      string
		present   bool
		malformed bool
	}{
		{nil, "[]", false, false},
		{[]string{`"3"`}, "[3]", true, false},
		{[]string{`"3", "4"`}, "[3 4]", true, false},
		{[]string{`"3"`, `"4"`}, "[3 4]", true, false}, // the proxy splits on commas
		{[]string{`W/"3"`}, "[]", true, false},
		{[]string{`*`}, "[]", true, false},
		{[]string{`"-1"`}, "[]", true, false},
		{[]string{`"abc"`}, "[]", true, false},
		{[]string{`3`}, "[]", true, true},
		{[]string{`"3`}, "[]", true, true},
		{[]string{`W/3`}, "[]", true, true},
		{[]string{`"3", 4`}, "[]", true, true},
		{[]string{`"3 4"`}, "[]", true, true},
	}
	for _, c := range cases {
		vs, present, err := ifMatch(c.in)
		if got := fmt.Sprint(vs); got != c.want || present != c.present || (err != nil) != c.malformed {
			t.Errorf("%q -> %s %v %v, want %s %v malformed=%v", c.in, got, present, err, c.want, c.present, c.malformed)
		}
	}
}

func TestCursor(t *testing.T) {
	c := &cursors{load: func(context.Context) ([]byte, error) { return []byte("0123456789abcdef0123456789abcdef"), nil }}
	if err := c.ensure(context.Background()); err != nil {
		t.Fatal(err)
	}
	tok := c.encode("members.list", "org_a", "usr_1", "usr_9")
	if after, ok := c.decode(tok, "members.list", "org_a", "usr_1"); !ok || after != "usr_9" {
		t.Fatalf("round trip: %q %v", after, ok)
	}
	for name, args := range map[string][3]string{
		"other list": {"support.list", "org_a", "usr_1"}, "other org": {"members.list", "org_b", "usr_1"}, "other user": {"members.list", "org_a", "usr_2"},
	} {
		if _, ok := c.decode(tok, args[0], args[1], args[2]); ok {
			t.Errorf("accepted on %s", name)
		}
	}
	b := []byte(tok)
	for i := range b {
		x := append([]byte(nil), b...)
		x[i] ^= 0x01
		if _, ok := c.decode(string(x), "members.list", "org_a", "usr_1"); ok && string(x) != tok {
			t.Errorf("a cursor altered at %d was accepted", i)
		}
	}
	if c.encode("l", "s", "u", "") != "" {
		t.Error("the end of a list has a cursor")
	}
}

// TestPathMethodsMatchAsTheMux: the 405 fallback names a path exactly when
// a route path matches it the way the mux matches patterns.
func TestPathMethodsMatchAsTheMux(t *testing.T) {
	p := pathMethods{strings.Split("/v1/orgs/{orgId}/members", "/"), "GET, POST"}
	for path, want := range map[string]bool{
		"/v1/orgs/org_1/members": true, "/v1/orgs/a%2Fb/members": true, "/v1/orgs/org_1/memb%65rs": true,
		"/v1/orgs//members": false, "/v1/orgs/org_1/members/": false, "/v1/orgs/org_1": false, "/v1/orgs/org_1/members/x": false,
		"/v1/orgs/org_1/member": false, "/v2/orgs/org_1/members": false,
	} {
		if got := p.matches(path); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
}

// A half-wired API fails at cold start and names every missing piece; a
// short key with no loader counts as missing.
func TestNewNamesEveryMissingDependency(t *testing.T) {
	_, err := New(Deps{CursorKey: []byte("short"), Unsubscribe: Unsubscribe{Key: make([]byte, 32)}})
	if err == nil {
		t.Fatal("New with no dependencies succeeded")
	}
	for _, name := range []string{"Log", "Orgs", "Profiles", "Activity", "Idempotency", "Content", "ContentJobs", "Connector (", "Billing (",
		"Recommendations", "Campaigns (", "Holds (", "Metrics", "Retention", "Unsubscribe (", "OAuthStates", "Privacy (", "CursorKey ("} {
		if !strings.Contains(err.Error(), "\n"+name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
	}
}
