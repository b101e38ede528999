#!/usr/bin/env bash
# Runs the action's main job on the bundled example app (examples/hello) against the local bench:
#   bash scripts/example.sh            build linux/amd64, linux/arm64, linux/arm/v7 and push
#                                      127.0.0.1:5000/examples/hello:latest
#   bash scripts/example.sh --export   build the same index into an OCI archive instead of pushing
# Extra arguments are passed on as inputs, e.g. platforms=linux/amd64 version=v1.0.0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PATH="$(bash scripts/node24.sh):$PATH" # Node 24, as GitHub runs the action
export PATH
bash scripts/e2e-env.sh --example # what the example needs; scripts/test.sh sets up the rest
# scripts/run-action.ts runs with tsx, a dev dependency.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# shellcheck disable=SC1091
source "${E2E_HOME:-/var/lib/go-mini-e2e}/env.sh"

mode=(push=true "tags=$GO_MINI_E2E_REGISTRY/examples/hello:latest")
post=()
if [ "${1:-}" = --export ]; then
  shift
  mode=(push=false)
  post=(--no-post) # keep the archive: the post step would remove the build context
fi
exec npx --no-install tsx scripts/run-action.ts "${post[@]}" \
  working-directory=examples/hello main=./cmd/hello \
  platforms=linux/amd64,linux/arm64,linux/arm/v7 \
  "go-download-base-url=$GO_MINI_E2E_GO_DOWNLOAD_BASE_URL" \
  "system-files-image=$GO_MINI_E2E_BUILDER_IMAGE" \
  "${mode[@]}" "$@"
