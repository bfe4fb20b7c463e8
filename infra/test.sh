#!/usr/bin/env bash
# `make test`: everything the suite needs, from a fresh clone. Starts the
# emulators (stopping them again if it started them), lints, and runs every
# Go test against the emulators. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# Stop on exit only the emulators this script started (the trap is set
# before starting, so a start that fails halfway cleans up too). It must
# succeed: an EXIT trap's failure would become the script's exit status.
before=$(infra/emulators.sh running)
cleanup() { infra/emulators.sh stop-new "$before" >/dev/null || true; }
trap cleanup EXIT
infra/emulators.sh start

make --no-print-directory lint
make --no-print-directory tools
eval "$(infra/emulators.sh env)"
export RIE_BIN="$(make --no-print-directory -s rie-path)"
export MEDSPA_REQUIRE_EMULATORS=1
go test -count=1 -timeout 10m ./...
