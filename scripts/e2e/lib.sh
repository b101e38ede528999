# shellcheck shell=bash
# Shared by scripts/e2e-env.sh and bench/setup.sh: logging, polling, and Debian packages from the
# machine's own mirror, fetched into a private apt view and unpacked under $E2E_HOME (never installed).
# Expects E2E_HOME to be set.
log() { printf '[%s] %s\n' "${LOG_TAG:-e2e-env}" "$*" >&2; }
die() { log "error: $*"; exit 1; }
# wait_for <seconds> <command...>: polls until the command succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}
# start_daemon <name> <ready-command> <seconds> <command...>: unless <ready-command> already succeeds,
# starts the command in the background, detached from this shell (log: $E2E_HOME/logs/<name>.log),
# and waits until it is ready; dies with the log's end when it is not.
start_daemon() {
  local name=$1 ready=$2 seconds=$3
  shift 3
  "$ready" >/dev/null 2>&1 && return 0
  log "starting $name"
  setsid nohup "$@" >"$E2E_HOME/logs/$name.log" 2>&1 </dev/null &
  wait_for "$seconds" "$ready" || { tail -30 "$E2E_HOME/logs/$name.log" >&2; die "$name did not come up"; }
}
# registry_config <file> <address> <storage folder> [htpasswd file]: a docker-registry configuration.
registry_config() {
  mkdir -p "$3"
  printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' "$3" "$2" >"$1"
  [ -z "${4:-}" ] || printf 'auth:\n  htpasswd:\n    realm: go-mini-e2e\n    path: %s\n' "$4" >>"$1"
}

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || die "cannot read the Debian mirror from /etc/apt/sources.list.d/debian.sources"
apt_view="$E2E_HOME/apt"
apt_opts=(-o "Dir::Etc::SourceList=$apt_view/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_view/lists" -o "Dir::Cache=$apt_view/cache" -o APT::Sandbox::User=root)
# fetch_deb <package> <suite>: downloads the .deb once into $E2E_HOME/debs and prints its path.
fetch_deb() {
  local found
  found=$(find "$E2E_HOME/debs" -maxdepth 1 -name "$1_*.deb" | sort | head -1)
  if [ -z "$found" ]; then
    if [ ! -f "$apt_view/updated" ]; then
      mkdir -p "$apt_view"/lists/partial "$apt_view"/cache/archives/partial
      keyring=/usr/share/keyrings/debian-archive-keyring.gpg
      for suite in bookworm-backports trixie trixie-backports sid; do
        echo "deb [signed-by=$keyring] $mirror $suite main"
      done >"$apt_view/sources.list"
      apt-get "${apt_opts[@]}" update -qq >"$E2E_HOME/logs/apt-view.log" 2>&1 || die "apt-get update of the private view failed"
      touch "$apt_view/updated"
    fi
    (cd "$E2E_HOME/debs" && apt-get "${apt_opts[@]}" download -qq "$1/$2" >>"$E2E_HOME/logs/apt-view.log" 2>&1) \
      || die "cannot download $1 from $2"
    found=$(find "$E2E_HOME/debs" -maxdepth 1 -name "$1_*.deb" | sort | head -1)
  fi
  echo "$found"
}
# unpack <folder> <suite> <package...>: the packages' files together under $E2E_HOME/pkgs/<folder>.
unpack() {
  local dest="$E2E_HOME/pkgs/$1" suite=$2 package
  shift 2
  if [ ! -f "$dest/.unpacked" ]; then
    rm -rf "$dest"
    for package in "$@"; do dpkg -x "$(fetch_deb "$package" "$suite")" "$dest"; done
    touch "$dest/.unpacked"
  fi
}

