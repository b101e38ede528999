#!/usr/bin/env bash
# What the benchmark needs on top of the end-to-end bench (scripts/e2e-env.sh, which it runs first):
#   - a "golang" image for linux/amd64, linux/arm64, linux/arm/v7 and linux/ppc64le in the local
#     registry, made from Debian's Go 1.24 packages of each architecture (no base image can be pulled);
#     approaches 2 and 3 build FROM it, as users' Dockerfiles build FROM golang:1.24;
#   - the bigger program's dependencies, from Debian's golang-*-dev packages, in the local GOPROXY, and
#     three newer versions of one of them (goldmark) for the dependency-bump case.
# Idempotent: a second run finds everything in place and takes seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export E2E_HOME=${E2E_HOME:-/var/lib/go-mini-e2e}
bash "$ROOT/scripts/e2e-env.sh"
LOG_TAG=bench
# shellcheck source=../scripts/e2e/lib.sh
source "$ROOT/scripts/e2e/lib.sh"
# shellcheck disable=SC1091
source "$E2E_HOME/env.sh"

BENCH_HOME="$E2E_HOME/bench"
GOLANG_IMAGE="$GO_MINI_E2E_REGISTRY/bench/golang:1.24"
GOPROXY_ROOT="$E2E_HOME/go-mirror/goproxy"
# OCI platform → Debian architecture and the name of its root file system archive.
declare -A DEBIAN_ARCH=([linux/amd64]=amd64 [linux/arm64]=arm64 [linux/arm/v7]=armhf [linux/ppc64le]=ppc64el)
declare -A ROOTFS_NAME=([linux/amd64]=amd64 [linux/arm64]=arm64 [linux/arm/v7]=armv7 [linux/ppc64le]=ppc64le)
mkdir -p "$BENCH_HOME/debs"

# fetch_arch_deb <package> <debian arch>: a trixie .deb of that architecture, checked against the
# sha256 of trixie's package index, and prints its path. Not through apt: this machine's mirror serves
# armhf and ppc64el indexes that differ from the ones its signed InRelease lists (seen 2026-11-24:
# "File has unexpected size … Mirror sync in progress?"), so apt drops the whole suite for them.
fetch_arch_deb() {
  local package=$1 arch=$2 index="$BENCH_HOME/debs/Packages-trixie-$2"
  [ -s "$index" ] || curl -fsS "$mirror/dists/trixie/main/binary-$arch/Packages.xz" | xz -dc >"$index" \
    || die "cannot read trixie's package index for $arch"
  python3 - "$index" "$package" "$mirror" "$BENCH_HOME/debs" <<'EOF'
import hashlib, os, sys, urllib.request
index, package, mirror, out = sys.argv[1:]
for stanza in open(index).read().split('\n\n'):
    fields = dict(line.split(': ', 1) for line in stanza.splitlines() if ': ' in line and not line.startswith(' '))
    if fields.get('Package') == package:
        break
else:
    sys.exit(f'{package} is not in {index}')
path = os.path.join(out, os.path.basename(fields['Filename']))
if not os.path.exists(path):
    data = urllib.request.urlopen(f"{mirror}/{fields['Filename']}").read()
    if hashlib.sha256(data).hexdigest() != fields['SHA256']:
        sys.exit(f"{fields['Filename']}: sha256 differs from the index")
    open(path + '.tmp', 'wb').write(data)
    os.rename(path + '.tmp', path)
print(path)
EOF
}

# --- 1. The golang image ---------------------------------------------------------------------------
image_ready() {
  curl -fs -o /dev/null "http://$GO_MINI_E2E_REGISTRY/v2/bench/golang/manifests/1.24" \
    -H 'Accept: application/vnd.oci.image.index.v1+json'
}
if ! image_ready; then
  context="$BENCH_HOME/golang-image"
  rm -rf "$context" && mkdir -p "$context"
  src_deb=$(fetch_deb golang-1.24-src trixie)
  unpack busybox-static trixie busybox-static
  applets=$("$E2E_HOME/pkgs/busybox-static/usr/bin/busybox" --list-full)
  for platform in "${!DEBIAN_ARCH[@]}"; do
    arch=${DEBIAN_ARCH[$platform]}
    log "making the golang root file system for $platform from Debian's $arch packages"
    rootfs="$BENCH_HOME/rootfs-$arch"
    rm -rf "$rootfs" && mkdir -p "$rootfs"/usr/{bin,sbin,lib}
    for dir in bin sbin lib; do ln -s "usr/$dir" "$rootfs/$dir"; done   # merged /usr, as trixie
    dpkg -x "$src_deb" "$rootfs"
    for package in golang-1.24-go busybox-static; do dpkg -x "$(fetch_arch_deb "$package" "$arch")" "$rootfs"; done
    # A shell and the usual commands, from the static busybox (the applet list is the same on every arch).
    while read -r applet; do
      [ -e "$rootfs/$applet" ] || [ -L "$rootfs/$applet" ] || { mkdir -p "$(dirname "$rootfs/$applet")" && ln -s /usr/bin/busybox "$rootfs/$applet"; }
    done <<<"$applets"
    mkdir -p "$rootfs"/{etc/ssl/certs,root,go,tmp,usr/local} && chmod 1777 "$rootfs/tmp"
    ln -s /usr/lib/go-1.24 "$rootfs/usr/local/go"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    cp -a /usr/share/zoneinfo "$rootfs/usr/share/"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    tar -C "$rootfs" -cf "$context/rootfs-${ROOTFS_NAME[$platform]}.tar" .
    rm -rf "$rootfs"
  done
  # As the official golang image: Go on PATH, GOPATH=/go. GOPROXY is this site's proxy (the loopback
  # one; builds run with --network host), as a company's golang image would point at its own.
  cat >"$context/Dockerfile" <<EOF
FROM scratch
ARG TARGETARCH
ARG TARGETVARIANT
ADD rootfs-\${TARGETARCH}\${TARGETVARIANT}.tar /
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    GOPATH=/go GOTOOLCHAIN=local GOPROXY=$GO_MINI_E2E_GOPROXY GOSUMDB=off
WORKDIR /go
CMD ["/bin/sh"]
EOF
  log "building and pushing $GOLANG_IMAGE"
  platforms=$(IFS=,; echo "${!DEBIAN_ARCH[*]}")
  docker buildx build --quiet --platform "$platforms" --provenance=false \
    --output "type=image,name=$GOLANG_IMAGE,push=true,oci-mediatypes=true" "$context" >/dev/null \
    || die "could not build $GOLANG_IMAGE"
  rm -rf "$context"
fi

# --- 2. The bigger program's dependencies in the GOPROXY ---------------------------------------------
# Modules whose go.mod requires nothing else, at the versions Debian trixie ships.
for package in golang-github-burntsushi-toml-dev golang-github-dustin-go-humanize-dev golang-github-gorilla-mux-dev \
  golang-github-google-go-cmp-dev golang-github-yuin-goldmark-dev golang-github-ulikunitz-xz-dev golang-github-pierrec-lz4-dev; do
  deb=$(fetch_deb "$package" trixie)
  version="v$(dpkg-deb -f "$deb" Version | sed -e 's/^[0-9]*://' -e 's/-[^-]*$//' -e 's/+ds[0-9]*$//')"
  unpack "$package" trixie "$package"
  gomod=$(find "$E2E_HOME/pkgs/$package/usr/share/gocode/src" -name go.mod | head -1)
  module=$(awk '$1 == "module" {gsub(/"/, "", $2); print $2; exit}' "$gomod")
  # The GOPROXY's escaped path: each capital letter as "!" and the lower-case letter (sed's \L).
  # shellcheck disable=SC2001
  if ! curl -fs -o /dev/null "$GO_MINI_E2E_GOPROXY/$(sed 's/[A-Z]/!\L&/g' <<<"$module")/@v/$version.zip"; then
    log "adding $module $version to the GOPROXY"
    python3 "$ROOT/scripts/e2e/goproxy-add.py" "$(dirname "$gomod")" "$module" "$version" "$GOPROXY_ROOT"
  fi
done

# --- 3. Newer versions of one dependency, for the dependency-bump case of the hosted scenario --------
# goldmark as Debian ships it, re-versioned three times with one changed comment each: a bump whose
# module zip, go.sum line and compiled package all change, as a real one does.
goldmark_mod=$(find "$E2E_HOME/pkgs/golang-github-yuin-goldmark-dev/usr/share/gocode/src" -name go.mod | head -1)
goldmark_base=$(find "$GOPROXY_ROOT/github.com/yuin/goldmark/@v/" -maxdepth 1 -name "v1.7.*.zip" -printf "%f\n" | sed -n 's/^\(v1\.7\.[0-9]*\)\.zip$/\1/p' | sort -V | head -1)
BUMPS=()
for bump in 1 2 3; do
  version="v1.7.$((${goldmark_base##*.} + bump))"
  BUMPS+=("$version")
  if ! curl -fs -o /dev/null "$GO_MINI_E2E_GOPROXY/github.com/yuin/goldmark/@v/$version.zip"; then
    log "adding github.com/yuin/goldmark $version (a bump of $goldmark_base) to the GOPROXY"
    stage="$BENCH_HOME/goldmark-$version"
    rm -rf "$stage" && cp -r "$(dirname "$goldmark_mod")" "$stage"
    printf '\n// Benchmark release %s.\n' "$version" >>"$stage/markdown.go"
    python3 "$ROOT/scripts/e2e/goproxy-add.py" "$stage" github.com/yuin/goldmark "$version" "$GOPROXY_ROOT"
    rm -rf "$stage"
  fi
done

cat >"$BENCH_HOME/env.sh" <<EOF
# Written by bench/setup.sh.
export GO_MINI_BENCH_HOME='$BENCH_HOME'
export GO_MINI_BENCH_GOLANG_IMAGE='$GOLANG_IMAGE'
export GO_MINI_BENCH_BUMP_MODULE='github.com/yuin/goldmark'
export GO_MINI_BENCH_BUMP_VERSIONS='${BUMPS[*]}'
EOF
log "ready: $GOLANG_IMAGE (${!DEBIAN_ARCH[*]}), the bigger program's modules in the GOPROXY ($SECONDS s)"
