// Package connector is the domain of ad-platform connections: which
// platforms we connect to, a connection (one ad account of an organization,
// linked through OAuth), and the single-use OAuth state that starts one.
// connectordb keeps them in the account and ephemeral tables.
package connector

import (
	"fmt"
	"strings"
)

// Platform is an ad platform we connect to, sync from and cap budgets on.
type Platform string

const (
	Meta   Platform = "meta"
	Google Platform = "google"
)

// Platforms lists every platform, in the order the API documents them.
var Platforms = []Platform{Meta, Google}

// Valid reports whether p is one of Platforms.
func (p Platform) Valid() bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

// ErrPlatform describes the allowed values, for an error naming a field.
func ErrPlatform(field string) error {
	names := make([]string, len(Platforms))
	for i, p := range Platforms {
		names[i] = fmt.Sprintf("%q", p)
	}
	return fmt.Errorf("%s must be one of %s", field, strings.Join(names, ", "))
}
