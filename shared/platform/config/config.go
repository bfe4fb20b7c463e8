// Package config reads a function's settings from the environment once, at
// init, and fails fast naming every missing variable, so a misdeployed
// function dies at cold start instead of on the first request.
package config

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Env collects values and problems; call Err once after reading everything.
type Env struct {
	lookup   func(string) (string, bool)
	problems []string
}

// FromOS reads the process environment.
func FromOS() *Env { return New(os.LookupEnv) }

// New reads from lookup; tests pass a map's lookup.
func New(lookup func(string) (string, bool)) *Env { return &Env{lookup: lookup} }

// Map adapts a map to the lookup New expects.
func Map(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Required returns the variable's value, recording it as missing when unset or blank.
func (e *Env) Required(name string) string {
	v, ok := e.lookup(name)
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		e.problems = append(e.problems, name+" is not set")
		return ""
	}
	return v
}

// Optional returns the variable's value or def when unset or blank.
func (e *Env) Optional(name, def string) string {
	if v, ok := e.lookup(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

// Int returns an integer variable, def when unset, and records a problem when
// it is not an integer or is below min.
func (e *Env) Int(name string, def, min int) int {
	raw := e.Optional(name, "")
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not an integer", name, raw))
	case n < min:
		e.problems = append(e.problems, fmt.Sprintf("%s=%d is below the minimum %d", name, n, min))
	default:
		return n
	}
	return def
}

// Invalid records that the variable's value cannot be used, and why.
func (e *Env) Invalid(name, why string) {
	e.problems = append(e.problems, name+": "+why)
}

// Err reports every problem found so far in one error, or nil.
func (e *Env) Err() error {
	if len(e.problems) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %s", strings.Join(e.problems, "; "))
}
