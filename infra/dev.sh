#!/usr/bin/env bash
# `make dev`: the whole application on this machine. Starts the emulators
# (and stops them on exit if it started them), installs the Lambda Runtime
# Interface Emulator, then runs infra/cmd/dev until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

. infra/emulators-scope.sh

make --no-print-directory tools >/dev/null
eval "$(infra/emulators.sh env)"
export STRIPE_MOCK_BIN="${STRIPE_MOCK_BIN:-$(make --no-print-directory -s stripe-mock-path)}"
mkdir -p .local/dev
go build -o .local/dev/devstack ./infra/cmd/dev
# Not exec: the trap above must run after the stack stops.
.local/dev/devstack up -rie "$RIE_BIN" "$@"
