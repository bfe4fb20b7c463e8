package api_test

import (
	"encoding/json"
	"regexp"
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
	fill := strings.NewReplacer("{orgId}", "org_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{memberId}", "usr_x", "{messageId}", "msg_1", "{requestId}", "cr_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{connectionId}", "con_aaaaaaaaaaaaaaaaaaaaaaaa", "{provider}", "meta", "{recommendationId}", "rec_20260309_budget_meta_1", "{changeId}", "rec_20260309_budget_meta_1", "{assetId}", "as_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{draftId}", "cd_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{privacyRequestId}", "prq_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{holdId}", "hold_aaaaaaaaaaaaaaaaaaaaaaaaaa", "{policyVersion}", "2026-11")
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
				r := w.resolve(res.(map[string]any))
				if r == nil {
					t.Errorf("%s %s %s: unresolved response %v", method, path, code, res)
					continue
				}
				if code[0] >= '4' {
					if _, ok := asMap(r["content"])["application/problem+json"]; !ok {
						t.Errorf("%s %s %s is not a problem", method, path, code)
					}
					continue
				}
				// Success bodies and request bodies carry an example.
				for ct, media := range asMap(r["content"]) {
					if _, ok := asMap(media)["example"]; !ok && id != "openapi.get" {
						t.Errorf("%s %s %s %s has no example", method, path, code, ct)
					}
				}
			}
			if _, ok := op["responses"].(map[string]any)["405"]; !ok {
				t.Errorf("%s %s does not document 405", method, path)
			}
			for _, media := range asMap(asMap(op["requestBody"])["content"]) {
				if _, ok := asMap(media)["example"]; !ok {
					t.Errorf("%s %s: request body without an example", method, path)
				}
			}
		}
	}
	// Every problem type the API uses is listed for clients, in the
	// ProblemType enum and as an example of its status's response.
	if len(api.ProblemTypes) < 20 {
		t.Errorf("problem types: %v", api.ProblemTypes)
	}
	enum := map[string]bool{}
	for _, e := range schemas["ProblemType"].(map[string]any)["enum"].([]any) {
		enum[e.(string)] = true
	}
	examples := map[string]bool{}
	for _, res := range asMap(w.openapi["components"])["responses"].(map[string]any) {
		for slug, ex := range asMap(asMap(asMap(asMap(res)["content"])["application/problem+json"])["examples"]) {
			examples[slug] = true
			if err := w.check(map[string]any{"$ref": "#/components/schemas/Problem"}, asMap(ex)["value"], slug); err != nil {
				t.Errorf("example of %s: %v", slug, err)
			}
		}
	}
	for _, p := range api.ProblemTypes {
		if !enum["https://api.medspa.ai/problems/"+p] || !examples[p] {
			t.Errorf("problem type %s: in the enum %v, with an example %v", p, enum["https://api.medspa.ai/problems/"+p], examples[p])
		}
	}
	if len(enum) != len(api.ProblemTypes) {
		t.Errorf("ProblemType lists %d types, the API has %d", len(enum), len(api.ProblemTypes))
	}
	// What a frontend needs besides the paths.
	info := asMap(w.openapi["info"])
	if asMap(info["license"])["name"] == nil || len(w.openapi["servers"].([]any)) == 0 {
		t.Errorf("info.license or servers missing")
	}
	sec := asMap(asMap(w.openapi["components"])["securitySchemes"])
	if asMap(asMap(asMap(sec["cognito"])["flows"])["authorizationCode"])["authorizationUrl"] == nil || asMap(sec["bearerAuth"])["scheme"] != "bearer" {
		t.Errorf("security schemes: %v", sec)
	}
}
