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
go test -count=1 -run '^$' -fuzz '^FuzzRequest$' -fuzztime 10s ./shared/api/ # a bounded fuzz run over every route's bodies, headers and paths
