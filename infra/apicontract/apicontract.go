// Package apicontract checks HTTP responses against the API's OpenAPI
// document (/v1/openapi.json): the operation exists, the status is one it
// documents, the content type and required headers are the documented ones,
// and the body validates against the documented schema. The API's own
// contract tests (with in-memory fakes) and the local stack's contract test
// (the real bootstraps under the RIE, behind the local gateway) share it, so
// both hold the stack to the same reading of the document.
package apicontract

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Doc is a parsed OpenAPI document.
type Doc struct {
	Raw map[string]any

	mu       sync.Mutex
	patterns map[string]*regexp.Regexp // schema patterns and path templates, compiled once
}

// New wraps a decoded document.
func New(raw map[string]any) *Doc { return &Doc{Raw: raw, patterns: map[string]*regexp.Regexp{}} }

// Parse decodes a document.
func Parse(b []byte) (*Doc, error) {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	if _, ok := raw["paths"].(map[string]any); !ok {
		return nil, fmt.Errorf("openapi.json has no paths")
	}
	return New(raw), nil
}

func (d *Doc) re(p string) *regexp.Regexp {
	d.mu.Lock()
	defer d.mu.Unlock()
	re, ok := d.patterns[p]
	if !ok {
		re = regexp.MustCompile(p)
		d.patterns[p] = re
	}
	return re
}

// Operation is one documented operation.
type Operation struct {
	Method, Path string // upper-case method, path template
	Op           map[string]any
}

// ID is the operation's operationId.
func (o Operation) ID() string { s, _ := o.Op["operationId"].(string); return s }

// Operations lists every documented operation, sorted by path and method.
func (d *Doc) Operations() []Operation {
	var ops []Operation
	for path, item := range d.Paths() {
		for method, op := range AsMap(item) {
			if m := AsMap(op); m != nil && method != "parameters" {
				ops = append(ops, Operation{strings.ToUpper(method), path, m})
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Path+" "+ops[i].Method < ops[j].Path+" "+ops[j].Method })
	return ops
}

// Paths is the document's paths object.
func (d *Doc) Paths() map[string]any { return AsMap(d.Raw["paths"]) }

// Conforms checks one response to method target (a concrete path, with or
// without its query). A 405 is checked against the responses of the path's
// operations; a 404 for a path the document does not have against the
// Problem schema.
func (d *Doc) Conforms(method, target string, status int, header http.Header, body []byte) error {
	path, _, _ := strings.Cut(target, "?")
	op, err := d.Operation(method, path)
	if err != nil {
		switch {
		case status == 405:
			if op, err = d.anyOperation(path); err != nil {
				return err
			}
		case status == 404:
			if ct := header.Get("Content-Type"); ct != "application/problem+json" {
				return fmt.Errorf("a 404 of content type %q", ct)
			}
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				return fmt.Errorf("body is not JSON: %v", err)
			}
			return d.Check(map[string]any{"$ref": "#/components/schemas/Problem"}, v, "$")
		default:
			return err
		}
	}
	responses, _ := op["responses"].(map[string]any)
	res, ok := responses[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return fmt.Errorf("status %d is not documented for %s %s (documented: %v)", status, method, path, Keys(responses))
	}
	res = d.Resolve(res)
	for name, h := range AsMap(res["headers"]) {
		if AsMap(h)["required"] == true && header.Get(name) == "" {
			return fmt.Errorf("required header %s missing", name)
		}
	}
	content, _ := res["content"].(map[string]any)
	if len(content) == 0 {
		if len(body) > 0 {
			return fmt.Errorf("documented without a body, got %s", body)
		}
		return nil
	}
	ct := header.Get("Content-Type")
	media, ok := content[ct].(map[string]any)
	if !ok {
		return fmt.Errorf("content type %q is not documented (have %v)", ct, Keys(content))
	}
	if !strings.HasSuffix(ct, "json") {
		return nil // text (the data map's Markdown): documented as a string
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	return d.Check(media["schema"].(map[string]any), v, "$")
}

// Resolve follows a response's $ref into components.responses.
func (d *Doc) Resolve(res map[string]any) map[string]any {
	if r, ok := res["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/responses/")
		return AsMap(AsMap(AsMap(d.Raw["components"])["responses"])[name])
	}
	return res
}

// AsMap is v as a JSON object, or nil.
func AsMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// PathTemplate is the documented path template a concrete path matches.
func (d *Doc) PathTemplate(path string) (string, bool) {
	for tmpl := range d.Paths() {
		if d.re("^" + d.re(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$").MatchString(path) {
			return tmpl, true
		}
	}
	return "", false
}

// Operation finds the documented operation for a concrete path.
func (d *Doc) Operation(method, path string) (map[string]any, error) {
	if tmpl, ok := d.PathTemplate(path); ok {
		if op, ok := AsMap(d.Paths()[tmpl])[strings.ToLower(method)].(map[string]any); ok {
			return op, nil
		}
	}
	return nil, fmt.Errorf("%s %s is not in openapi.json", method, path)
}

// anyOperation is one documented operation of the path (for a 405).
func (d *Doc) anyOperation(path string) (map[string]any, error) {
	if tmpl, ok := d.PathTemplate(path); ok {
		for _, op := range AsMap(d.Paths()[tmpl]) {
			return op.(map[string]any), nil
		}
	}
	return nil, fmt.Errorf("%s is not in openapi.json", path)
}

// Keys are m's keys, sorted.
func Keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Check validates v against the subset of JSON Schema the document uses.
func (d *Doc) Check(s map[string]any, v any, at string) error {
	if r, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		target, ok := AsMap(AsMap(d.Raw["components"])["schemas"])[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved $ref %s", at, r)
		}
		return d.Check(target, v, at)
	}
	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		return fmt.Errorf("%s: %v is not of type %v", at, v, t)
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			return fmt.Errorf("%s: %v is not one of %v", at, v, enum)
		}
	}
	switch x := v.(type) {
	case string:
		n := float64(len([]rune(x)))
		if m, ok := s["maxLength"].(float64); ok && n > m {
			return fmt.Errorf("%s: longer than %v", at, m)
		}
		if m, ok := s["minLength"].(float64); ok && n < m {
			return fmt.Errorf("%s: shorter than %v", at, m)
		}
		if p, ok := s["pattern"].(string); ok && !d.re(p).MatchString(x) {
			return fmt.Errorf("%s: %q does not match %s", at, x, p)
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
				return fmt.Errorf("%s: %q is not a date-time", at, x)
			}
		}
	case float64:
		if m, ok := s["maximum"].(float64); ok && x > m {
			return fmt.Errorf("%s: %v above %v", at, x, m)
		}
		if m, ok := s["minimum"].(float64); ok && x < m {
			return fmt.Errorf("%s: %v below %v", at, x, m)
		}
	case []any:
		if m, ok := s["maxItems"].(float64); ok && float64(len(x)) > m {
			return fmt.Errorf("%s: more than %v items", at, m)
		}
		if m, ok := s["minItems"].(float64); ok && float64(len(x)) < m {
			return fmt.Errorf("%s: fewer than %v items", at, m)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				if err := d.Check(items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				return fmt.Errorf("%s: required property %q missing", at, r)
			}
		}
		for k, e := range x {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					return fmt.Errorf("%s: property %q is not in the schema", at, k)
				}
				continue
			}
			if err := d.Check(ps, e, at+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, e := range l {
			out = append(out, e.(string))
		}
	}
	return out
}

func typeMatches(t any, v any) bool {
	var ts []string
	switch x := t.(type) {
	case string:
		ts = []string{x}
	case []any:
		ts = asStrings(x)
	}
	for _, t := range ts {
		switch t {
		case "null":
			if v == nil {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "integer":
			if f, ok := v.(float64); ok && f == math.Trunc(f) {
				return true
			}
		case "number":
			if _, ok := v.(float64); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		}
	}
	return false
}
