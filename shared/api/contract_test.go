package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// conforms checks a response against the OpenAPI document: the operation
// exists, the status is one of its documented responses, the content type
// is the documented one, the required headers are there, and the body
// validates against the schema. A 405 is checked against the responses of
// the path's operations; a 404 for a path the document does not have
// against the Problem schema.
func (w *world) conforms(method, target string, r resp) error {
	path, _, _ := strings.Cut(target, "?")
	op, err := w.operation(method, path)
	if err != nil {
		switch {
		case r.status == 405:
			if op, err = w.anyOperation(path); err != nil {
				return err
			}
		case r.status == 404:
			if ct := r.header("Content-Type"); ct != "application/problem+json" {
				return fmt.Errorf("a 404 of content type %q", ct)
			}
			var body any
			if err := json.Unmarshal(r.body, &body); err != nil {
				return fmt.Errorf("body is not JSON: %v", err)
			}
			return w.check(map[string]any{"$ref": "#/components/schemas/Problem"}, body, "$")
		default:
			return err
		}
	}
	responses, _ := op["responses"].(map[string]any)
	res, ok := responses[strconv.Itoa(r.status)].(map[string]any)
	if !ok {
		return fmt.Errorf("status %d is not documented for %s %s", r.status, method, path)
	}
	res = w.resolve(res)
	for name, h := range asMap(res["headers"]) {
		if asMap(h)["required"] == true && r.header(name) == "" {
			return fmt.Errorf("required header %s missing", name)
		}
	}
	content, _ := res["content"].(map[string]any)
	if len(content) == 0 {
		if len(r.body) > 0 {
			return fmt.Errorf("documented without a body, got %s", r.body)
		}
		return nil
	}
	ct := r.header("Content-Type")
	media, ok := content[ct].(map[string]any)
	if !ok {
		return fmt.Errorf("content type %q is not documented (have %v)", ct, keys(content))
	}
	if !strings.HasSuffix(ct, "json") {
		return nil // text (the data map's Markdown): documented as a string
	}
	var body any
	if err := json.Unmarshal(r.body, &body); err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	return w.check(media["schema"].(map[string]any), body, "$")
}

// resolve follows a response's $ref into components.responses.
func (w *world) resolve(res map[string]any) map[string]any {
	if r, ok := res["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/responses/")
		return asMap(asMap(asMap(w.openapi["components"])["responses"])[name])
	}
	return res
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// pathTemplate is the documented path template a concrete path matches.
func (w *world) pathTemplate(path string) (string, bool) {
	for tmpl := range w.openapi["paths"].(map[string]any) {
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$")
		if re.MatchString(path) {
			return tmpl, true
		}
	}
	return "", false
}

// operation finds the documented operation for a concrete path.
func (w *world) operation(method, path string) (map[string]any, error) {
	if tmpl, ok := w.pathTemplate(path); ok {
		if op, ok := w.openapi["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any); ok {
			return op, nil
		}
	}
	return nil, fmt.Errorf("%s %s is not in openapi.json", method, path)
}

// anyOperation is one documented operation of the path (for a 405).
func (w *world) anyOperation(path string) (map[string]any, error) {
	if tmpl, ok := w.pathTemplate(path); ok {
		for _, op := range w.openapi["paths"].(map[string]any)[tmpl].(map[string]any) {
			return op.(map[string]any), nil
		}
	}
	return nil, fmt.Errorf("%s is not in openapi.json", path)
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// check validates v against the subset of JSON Schema the document uses.
func (w *world) check(s map[string]any, v any, at string) error {
	if r, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		target, ok := w.openapi["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unresolved $ref %s", at, r)
		}
		return w.check(target, v, at)
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
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(x) {
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
				if err := w.check(items, e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
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
			if err := w.check(ps, e, at+"."+k); err != nil {
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
