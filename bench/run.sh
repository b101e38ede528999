#!/usr/bin/env bash
# The benchmark, in one command (as root, on the machine scripts/e2e-env.sh describes):
#   sudo bash bench/run.sh [--reps N] [--emulated-reps N] [--programs …] [--sets …] [--approaches …]
# Sets the bench up (engine, registry, Go mirror, GOPROXY, cache service, golang images), then runs
# bench/run.ts, which writes bench/results.json, bench/RESULTS.md and bench/chart.svg.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PATH="$(bash scripts/node24.sh):$PATH" # Node 24, as GitHub runs the action
export PATH
bash bench/setup.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
[ -f dist/main.js ] || npm run bundle
exec npx --no-install tsx bench/run.ts "$@"
