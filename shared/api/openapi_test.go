package api_test

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/api"
)

// TestRouterMatchesOpenAPI fails when a route is registered but not
// documented, or documented but not served. Documented operations are
// probed on the real router: each must reach its handler (not the
// catch-all 404), and every other method on a documented path must get 405,
// so the router serves nothing the document does not name.
func TestRouterMatchesOpenAPI(t *testing.T) {
	w := newWorld(t)
	if w.openapi["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", w.openapi["openapi"])
	}
	documented := map[string]bool{}
	for path, item := range w.openapi["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routed := map[string]bool{}
	for _, rt := range w.h.Routes() {
		routed[rt.Method+" "+rt.Path] = true
		if !documented[rt.Method+" "+rt.Path] {
			t.Errorf("%s %s is routed but not in openapi.json", rt.Method, rt.Path)
		}
	}
	for op := range documented {
		if !routed[op] {
			t.Errorf("%s is in openapi.json but not routed", op)
		}
	}
	fill := strings.NewReplacer("{orgId}", "org_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{memberId}", "usr_x", "{messageId}", "msg_1")
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	paths := map[string]bool{}
	for op := range documented {
		method, path, _ := strings.Cut(op, " ")
		paths[path] = true
		r := w.raw(nil, method, fill.Replace(path), nil, nil)
		if r.status == 404 || r.status == 405 {
			t.Errorf("%s does not reach a handler: %s", op, r)
		}
	}
	for path := range paths {
		for _, m := range methods {
			if documented[m+" "+path] {
				continue
			}
			if r := w.raw(nil, m, fill.Replace(path), nil, nil); r.status != 405 {
				t.Errorf("%s %s is not documented but answers %s", m, path, r)
			}
		}
	}
}

// TestOpenAPIIsWellFormed: every $ref resolves, every path parameter is
// declared, every operation has an ID and documents its errors as problems.
func TestOpenAPIIsWellFormed(t *testing.T) {
	w := newWorld(t)
	raw, _ := json.Marshal(w.openapi)
	schemas := w.openapi["components"].(map[string]any)["schemas"].(map[string]any)
	for _, m := range regexp.MustCompile(`"#/components/schemas/(\w+)"`).FindAllStringSubmatch(string(raw), -1) {
		if _, ok := schemas[m[1]]; !ok {
			t.Errorf("$ref %s does not resolve", m[1])
		}
	}
	ids := map[string]bool{}
	for path, item := range w.openapi["paths"].(map[string]any) {
		want := regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1)
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", method, path, id)
			}
			ids[id] = true
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				if p.(map[string]any)["in"] == "path" {
					declared[p.(map[string]any)["name"].(string)] = true
				}
			}
			for _, m := range want {
				if !declared[m[1]] {
					t.Errorf("%s %s: path parameter %s not declared", method, path, m[1])
				}
			}
			for code, res := range op["responses"].(map[string]any) {
				if code[0] >= '4' {
					if _, ok := res.(map[string]any)["content"].(map[string]any)["application/problem+json"]; !ok {
						t.Errorf("%s %s %s is not a problem", method, path, code)
					}
				}
			}
		}
	}
	// Every problem type the API uses is listed for clients.
	sort.Strings(api.ProblemTypes)
	if len(api.ProblemTypes) < 20 {
		t.Errorf("problem types: %v", api.ProblemTypes)
	}
}
