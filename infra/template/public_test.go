package template

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPublicRoutesAreThrottled: every route without the JWT authorizer
// (anyone may call it) has its own, lower throttle in the HTTP API's
// RouteSettings; the one-click unsubscribe routes (RFC 8058: a mail
// client's POST carries no sign-in) are among them.
func TestPublicRoutesAreThrottled(t *testing.T) {
	tpl, err := Load(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	settings := Map(tpl.Resources["HttpApi"].Properties, "RouteSettings")
	public := map[string]bool{}
	for _, id := range tpl.OfType(FunctionType) {
		for _, ev := range Map(tpl.Resources[id].Properties, "Events") {
			e, _ := ev.(map[string]any)
			if e["Type"] != "HttpApi" {
				continue
			}
			p := Map(e, "Properties")
			if authz, _ := Map(p, "Auth")["Authorizer"].(string); authz != "NONE" {
				continue
			}
			key := strings.ToUpper(p["Method"].(string)) + " " + p["Path"].(string)
			public[key] = true
			if _, ok := settings[key]; !ok {
				t.Errorf("public route %s has no RouteSettings throttle", key)
			}
		}
	}
	for _, want := range []string{"GET /v1/unsubscribe", "POST /v1/unsubscribe"} {
		if !public[want] {
			t.Errorf("%s is not public (Auth.Authorizer: NONE)", want)
		}
	}
}
