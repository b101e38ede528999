#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs what it needs, checks lint (ESLint
# and shellcheck), format, types (the .mjs servers too) and that dist/ is fresh, runs the unit tests,
# sets up the bench (scripts/e2e-env.sh) and runs the end-to-end tests against it. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Everything below runs on Node 24, as GitHub runs the action: npm ci, ESLint, jest, the bench's tools.
PATH="$(bash scripts/node24.sh):$PATH"
export PATH

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent lint
# The shell scripts too: shellcheck from Debian's packages (the bench's set-up runs as root anyway).
if ! command -v shellcheck >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }
fi
git ls-files -z -- '*.sh' .ci/run | xargs -0 shellcheck -x -P SCRIPTDIR
npm run --silent format:check
npm run --silent typecheck
npm run --silent bundle
if [ -n "$(git status --porcelain -- dist)" ]; then
  git status --short -- dist >&2
  echo "dist/ is stale: run 'npm run bundle' and commit dist/" >&2
  exit 1
fi

results=$(mktemp -d)
# The end-to-end tests' scratch (runner folders, Go toolchains unpacked, cache archives, build contexts)
# on tmpfs when it has room: unpacking Go there takes 1.7 s, on this machine's disk 9.6 s. Open to the
# runner's user (uid 1001) as /tmp is.
scratch_parent=/tmp
if [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 8000000 ] 2>/dev/null; then
  scratch_parent=/dev/shm
fi
scratch=$(mktemp -d "$scratch_parent/go-mini-e2e.XXXXXX")
chmod 1777 "$scratch"
trap 'rm -rf "$results" "$scratch"' EXIT
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects unit --json --outputFile="$results/unit.json" || status=1
bash scripts/e2e-env.sh
# The end-to-end tests run the action with Node 24, as GitHub runs it (action.yml: node24), as do jest,
# the tools and the README's example command below.
# shellcheck disable=SC1091
source "${E2E_HOME:-/var/lib/go-mini-e2e}/env.sh"
TMPDIR="$scratch" GO_MINI_ACTION_NODE="$GO_MINI_E2E_NODE24" NODE_OPTIONS=--experimental-vm-modules \
  npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || status=1
# The README's first command: the example app built for three platforms and pushed.
bash scripts/example.sh >"$results/example.log" 2>&1 || { tail -30 "$results/example.log" >&2; echo "scripts/example.sh failed" >&2; status=1; }

# One plain closing line over both runs; a run that wrote no report counts as failed.
passed=0 failed=0
for report in unit e2e; do
  if [ -f "$results/$report.json" ]; then
    passed=$((passed + $(jq .numPassedTests "$results/$report.json")))
    failed=$((failed + $(jq '.numFailedTests + .numRuntimeErrorTestSuites' "$results/$report.json")))
  else
    failed=$((failed + 1))
  fi
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
