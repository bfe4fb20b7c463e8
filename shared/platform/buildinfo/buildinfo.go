// Package buildinfo carries the version stamped into every bootstrap at build
// time (see the Makefile's LDFLAGS), so /v1/health and logs say what runs.
package buildinfo

// Set with -ldflags "-X github.com/medspa-ai/backend/shared/buildinfo.Version=...".
var (
	Version   = "dev"
	Commit    = "unknown"
	BuildTime = "unknown"
)
