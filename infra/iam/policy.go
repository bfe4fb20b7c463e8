package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrNoTranslator means python3 or cfn-lint's SAM translator is missing.
var ErrNoTranslator = errors.New("python3 with cfn-lint (samtranslator) is not installed")

// Role is one IAM role of the expanded template.
type Role struct {
	ManagedPolicyArns []string `json:"ManagedPolicyArns"`
	Policies          []struct {
		PolicyName     string `json:"PolicyName"`
		PolicyDocument struct {
			Statement []map[string]any `json:"Statement"`
		} `json:"PolicyDocument"`
	} `json:"Policies"`
}

// ExpandRoles runs the SAM translator (expand.py beside this file) on the
// template and returns every IAM role it produces, by logical ID.
func ExpandRoles(templatePath string) (map[string]Role, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, ErrNoTranslator
	}
	_, here, _, _ := runtime.Caller(0)
	cmd := exec.Command(py, filepath.Join(filepath.Dir(here), "expand.py"), templatePath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		return nil, fmt.Errorf("%w: %s", ErrNoTranslator, strings.TrimSpace(stderr.String()))
	}
	if err != nil {
		return nil, fmt.Errorf("expand %s: %v: %s", templatePath, err, stderr.String())
	}
	var roles map[string]Role
	return roles, json.Unmarshal(out, &roles)
}

// Grant is one action on one resource under one condition: a statement
// flattened.
type Grant struct {
	Action, Resource, Condition string
}

func (g Grant) String() string {
	s := g.Action + " on " + g.Resource
	if g.Condition != "" {
		s += " if " + g.Condition
	}
	return s
}

// Statement is a policy statement as the allowlist writes it.
type Statement struct {
	Why       string         `yaml:"why"`
	Actions   []string       `yaml:"actions"`
	Resources []string       `yaml:"resources"`
	Condition map[string]any `yaml:"condition,omitempty"`
}

// Grants flattens s.
func (s Statement) Grants() []Grant {
	var out []Grant
	for _, a := range s.Actions {
		for _, r := range s.Resources {
			out = append(out, Grant{Action: a, Resource: r, Condition: canonCondition(s.Condition)})
		}
	}
	return out
}

// RoleAllowlist is what one role may hold.
type RoleAllowlist struct {
	// Calls are the AWS SDK operations the function's code makes (the
	// test finds them in the code and compares).
	Calls []string `yaml:"calls,omitempty"`
	// Managed are the AWS managed policies SAM attaches (by name).
	Managed []string `yaml:"managed,omitempty"`
	// Code grants serve the code's calls: each must be needed by a call.
	Code []Statement `yaml:"code,omitempty"`
	// Platform grants serve Lambda or the scheduler (event source polling,
	// failure destinations, invoking the function), not the code.
	Platform []Statement `yaml:"platform,omitempty"`
}

// LoadAllowlist reads allowlist.yaml.
func LoadAllowlist(path string) (map[string]RoleAllowlist, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out map[string]RoleAllowlist
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return out, dec.Decode(&out)
}

// RoleGrants flattens a role's inline policies.
func RoleGrants(r Role) ([]Grant, error) {
	var out []Grant
	for _, p := range r.Policies {
		for _, st := range p.PolicyDocument.Statement {
			if st["Effect"] != "Allow" {
				return nil, fmt.Errorf("%s: only Allow statements are expected, got %v", p.PolicyName, st["Effect"])
			}
			if _, ok := st["NotAction"]; ok {
				return nil, fmt.Errorf("%s: NotAction is not allowed", p.PolicyName)
			}
			if _, ok := st["NotResource"]; ok {
				return nil, fmt.Errorf("%s: NotResource is not allowed", p.PolicyName)
			}
			cond := ""
			if c, ok := st["Condition"].(map[string]any); ok {
				cond = canonCondition(c)
			}
			for _, a := range strs(st["Action"]) {
				for _, res := range strs(st["Resource"]) {
					out = append(out, Grant{Action: a, Resource: res, Condition: cond})
				}
			}
		}
	}
	return out, nil
}

// strs canonicalizes a policy value: a string or a list of them, with
// intrinsics written as the allowlist writes them.
func strs(v any) []string {
	if l, ok := v.([]any); ok {
		var out []string
		for _, x := range l {
			out = append(out, strs(x)...)
		}
		return out
	}
	return []string{canon(v)}
}

// canon writes a value as the allowlist does: Ref X is "X", GetAtt X.Arn is
// "X.Arn", Sub is its string with its variables put in.
func canon(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				switch k {
				case "Ref":
					return fmt.Sprint(arg)
				case "Fn::GetAtt":
					if l, ok := arg.([]any); ok {
						parts := make([]string, len(l))
						for i, p := range l {
							parts[i] = fmt.Sprint(p)
						}
						return strings.Join(parts, ".")
					}
					return fmt.Sprint(arg)
				case "Fn::Sub":
					if l, ok := arg.([]any); ok && len(l) == 2 {
						s := fmt.Sprint(l[0])
						if vars, ok := l[1].(map[string]any); ok {
							for name, val := range vars {
								c := canon(val)
								// A variable that is itself a reference reads as one.
								if m, ok := val.(map[string]any); ok {
									if _, isRef := m["Ref"]; isRef && s == "${"+name+"}" {
										return c
									}
									if _, isAtt := m["Fn::GetAtt"]; isAtt {
										c = "${" + c + "}"
									}
								}
								s = strings.ReplaceAll(s, "${"+name+"}", c)
							}
						}
						return s
					}
					return fmt.Sprint(arg)
				}
			}
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// canonCondition writes a condition block as sorted JSON, every value a
// list of canonical strings.
func canonCondition(c map[string]any) string {
	if len(c) == 0 {
		return ""
	}
	norm := map[string]map[string][]string{}
	for op, kv := range c {
		m, _ := kv.(map[string]any)
		norm[op] = map[string][]string{}
		for k, v := range m {
			vals := strs(v)
			sort.Strings(vals)
			norm[op][k] = vals
		}
	}
	b, _ := json.Marshal(norm)
	return string(b)
}
