#!/usr/bin/env bash
# `make test`: everything the suite needs, from a fresh clone. Starts the
# emulators (stopping them again if it started them), lints, and runs every
# Go test against the emulators. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

. infra/emulators-scope.sh

make --no-print-directory lint
make --no-print-directory tools
make --no-print-directory browser
eval "$(infra/emulators.sh env)"
export RIE_BIN="$(make --no-print-directory -s rie-path)"
export STRIPE_MOCK_BIN="$(make --no-print-directory -s stripe-mock-path)"
export MEDSPA_REQUIRE_EMULATORS=1
go test -race -count=1 -timeout 20m ./...
# A bounded fuzz run over every route's bodies, headers and paths, counted
# in inputs rather than seconds: Go 1.26's fuzz coordinator can report a
# spurious "context deadline exceeded" at a -fuzztime duration's end when
# the machine is busy (go.dev/issue/75804, fixed in Go 1.27); a count has
# no deadline to race. 200 inputs take about 5 s.
go test -count=1 -run '^$' -fuzz '^FuzzRequest$' -fuzztime 200x ./shared/api/
