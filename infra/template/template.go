// Package template reads the SAM template, the single source of truth for
// what the stack contains, and resolves its intrinsic functions against the
// names the local emulators gave each resource. Provisioning, the local
// runner and the tests all learn the stack from here.
package template

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is a parsed SAM template. Values are plain Go values (maps,
// slices, strings, numbers, bools); short-form intrinsics such as !Ref and
// !GetAtt become their long forms ({"Ref": ...}, {"Fn::GetAtt": [...]}).
type Template struct {
	Parameters map[string]any
	Conditions map[string]any
	Globals    map[string]any
	Resources  map[string]Resource
}

// Resource is one entry of Resources.
type Resource struct {
	LogicalID  string
	Type       string
	Condition  string
	Properties map[string]any
	Metadata   map[string]any
	// DeletionPolicy and UpdateReplacePolicy as written ("" when absent).
	DeletionPolicy      string
	UpdateReplacePolicy string
}

// Load reads and parses path.
func Load(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse parses template YAML.
func Parse(b []byte) (*Template, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("template: empty document")
	}
	v, err := decode(root.Content[0])
	if err != nil {
		return nil, err
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("template: top level is not a mapping")
	}
	t := &Template{
		Parameters: asMap(doc["Parameters"]),
		Conditions: asMap(doc["Conditions"]),
		Globals:    asMap(doc["Globals"]),
		Resources:  map[string]Resource{},
	}
	for id, raw := range asMap(doc["Resources"]) {
		m := asMap(raw)
		typ, _ := m["Type"].(string)
		if typ == "" {
			return nil, fmt.Errorf("template: resource %s has no Type", id)
		}
		cond, _ := m["Condition"].(string)
		del, _ := m["DeletionPolicy"].(string)
		repl, _ := m["UpdateReplacePolicy"].(string)
		t.Resources[id] = Resource{LogicalID: id, Type: typ, Condition: cond, Properties: asMap(m["Properties"]), Metadata: asMap(m["Metadata"]),
			DeletionPolicy: del, UpdateReplacePolicy: repl}
	}
	return t, nil
}

// OfType returns the logical IDs of resources of type typ, sorted.
func (t *Template) OfType(typ string) []string {
	var ids []string
	for id, r := range t.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func decode(n *yaml.Node) (any, error) {
	var v any
	switch n.Kind {
	case yaml.AliasNode:
		return decode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			val, err := decode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = val
		}
		v = m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, err := decode(c)
			if err != nil {
				return nil, err
			}
			s = append(s, val)
		}
		v = s
	case yaml.ScalarNode:
		if strings.HasPrefix(n.Tag, "!!") {
			if err := n.Decode(&v); err != nil {
				return nil, err
			}
		} else {
			v = n.Value
		}
	default:
		return nil, fmt.Errorf("template: unexpected YAML node at line %d", n.Line)
	}
	switch tag := n.Tag; {
	case tag == "!Ref":
		return map[string]any{"Ref": v}, nil
	case tag == "!GetAtt":
		if s, ok := v.(string); ok {
			id, attr, _ := strings.Cut(s, ".")
			return map[string]any{"Fn::GetAtt": []any{id, attr}}, nil
		}
		return map[string]any{"Fn::GetAtt": v}, nil
	case tag == "!Condition":
		return map[string]any{"Condition": v}, nil
	case strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!"):
		return map[string]any{"Fn::" + tag[1:]: v}, nil
	}
	return v, nil
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// Map returns v[key] as a map (empty when absent).
func Map(v map[string]any, key string) map[string]any { return asMap(v[key]) }

// List returns v[key] as a slice.
func List(v map[string]any, key string) []any { s, _ := v[key].([]any); return s }
