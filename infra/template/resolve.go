package template

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Physical is what a resource became: its Ref value and its attributes.
type Physical struct {
	Ref   string
	Attrs map[string]string
}

// Resolver evaluates intrinsic functions.
type Resolver struct {
	T          *Template
	Params     map[string]string // parameter values (defaults applied)
	Pseudo     map[string]string // AWS::Region, AWS::AccountId, ...
	Physical   map[string]Physical
	conditions map[string]bool
}

// NewResolver applies parameter defaults and overrides and evaluates conditions.
func NewResolver(t *Template, overrides, pseudo map[string]string) (*Resolver, error) {
	r := &Resolver{T: t, Params: map[string]string{}, Pseudo: pseudo, Physical: map[string]Physical{}, conditions: map[string]bool{}}
	for name, raw := range t.Parameters {
		if d, ok := asMap(raw)["Default"]; ok {
			r.Params[name] = fmt.Sprint(d)
		}
	}
	for k, v := range overrides {
		if _, ok := t.Parameters[k]; !ok {
			return nil, fmt.Errorf("template: no parameter %q", k)
		}
		r.Params[k] = v
	}
	for name, expr := range t.Conditions {
		v, err := r.condition(expr)
		if err != nil {
			return nil, fmt.Errorf("template: condition %s: %w", name, err)
		}
		r.conditions[name] = v
	}
	return r, nil
}

// Enabled reports whether a resource's Condition (if any) holds.
func (r *Resolver) Enabled(res Resource) bool {
	return res.Condition == "" || r.conditions[res.Condition]
}

func (r *Resolver) condition(expr any) (bool, error) {
	m := asMap(expr)
	if c, ok := m["Condition"].(string); ok {
		return r.conditions[c], nil
	}
	for fn, arg := range m {
		args, _ := arg.([]any)
		switch fn {
		case "Fn::Equals":
			if len(args) != 2 {
				return false, fmt.Errorf("Fn::Equals needs 2 arguments")
			}
			a, err := r.String(args[0])
			if err != nil {
				return false, err
			}
			b, err := r.String(args[1])
			return a == b, err
		case "Fn::Not":
			v, err := r.condition(args[0])
			return !v, err
		case "Fn::And", "Fn::Or":
			all := fn == "Fn::And"
			for _, a := range args {
				v, err := r.condition(a)
				if err != nil {
					return false, err
				}
				if all && !v {
					return false, nil
				}
				if !all && v {
					return true, nil
				}
			}
			return all, nil
		}
	}
	return false, fmt.Errorf("unsupported condition %v", expr)
}

// Resolve evaluates every intrinsic in v.
func (r *Resolver) Resolve(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return r.intrinsic(k, arg)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			rv, err := r.Resolve(val)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = rv
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			rv, err := r.Resolve(val)
			if err != nil {
				return nil, err
			}
			out[i] = rv
		}
		return out, nil
	}
	return v, nil
}

// String resolves v to a string.
func (r *Resolver) String(v any) (string, error) {
	rv, err := r.Resolve(v)
	if err != nil {
		return "", err
	}
	switch x := rv.(type) {
	case string:
		return x, nil
	case int, int64, float64, bool:
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("expected a string, got %T", rv)
}

func (r *Resolver) ref(name string) (string, error) {
	if v, ok := r.Params[name]; ok {
		return v, nil
	}
	if v, ok := r.Pseudo[name]; ok {
		return v, nil
	}
	if p, ok := r.Physical[name]; ok {
		return p.Ref, nil
	}
	return "", fmt.Errorf("Ref %s: not provisioned locally", name)
}

func (r *Resolver) getAtt(id, attr string) (string, error) {
	p, ok := r.Physical[id]
	if !ok {
		return "", fmt.Errorf("GetAtt %s.%s: not provisioned locally", id, attr)
	}
	v, ok := p.Attrs[attr]
	if !ok {
		return "", fmt.Errorf("GetAtt %s.%s: attribute not known locally", id, attr)
	}
	return v, nil
}

var subVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

func (r *Resolver) intrinsic(fn string, arg any) (any, error) {
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		return r.ref(name)
	case "Fn::GetAtt":
		parts, _ := arg.([]any)
		if len(parts) != 2 {
			return nil, fmt.Errorf("Fn::GetAtt needs [id, attribute]")
		}
		return r.getAtt(fmt.Sprint(parts[0]), fmt.Sprint(parts[1]))
	case "Fn::Sub":
		var s string
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			s = a
		case []any:
			if len(a) != 2 {
				return nil, fmt.Errorf("Fn::Sub needs a string or [string, vars]")
			}
			s, _ = a[0].(string)
			vars = asMap(a[1])
		}
		var firstErr error
		out := subVar.ReplaceAllStringFunc(s, func(m string) string {
			name := m[2 : len(m)-1]
			var v string
			var err error
			if x, ok := vars[name]; ok {
				v, err = r.String(x)
			} else if id, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
				v, err = r.getAtt(id, attr)
			} else {
				v, err = r.ref(name)
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
			return v
		})
		return out, firstErr
	case "Fn::If":
		args, _ := arg.([]any)
		if len(args) != 3 {
			return nil, fmt.Errorf("Fn::If needs 3 arguments")
		}
		name, _ := args[0].(string)
		if r.conditions[name] {
			return r.Resolve(args[1])
		}
		return r.Resolve(args[2])
	case "Fn::Join":
		args, _ := arg.([]any)
		if len(args) != 2 {
			return nil, fmt.Errorf("Fn::Join needs 2 arguments")
		}
		sep, _ := args[0].(string)
		items, err := r.Resolve(args[1])
		if err != nil {
			return nil, err
		}
		list, _ := items.([]any)
		strs := make([]string, len(list))
		for i, it := range list {
			strs[i] = fmt.Sprint(it)
		}
		return strings.Join(strs, sep), nil
	}
	return nil, fmt.Errorf("intrinsic %s is not supported locally", fn)
}

// Int reads an integer property that may be a number, a numeric string or an intrinsic.
func (r *Resolver) Int(v any, def int) (int, error) {
	if v == nil {
		return def, nil
	}
	s, err := r.String(v)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(s)
}
