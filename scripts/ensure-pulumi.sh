#!/usr/bin/env bash
# Provides the Pulumi CLI and the Node.js language host this project runs on, and prints the
# directory holding `pulumi` as the last line of its output.
#
# Node.js policy packs (`pulumi preview --policy-pack DIR`, this package's policy/) run through the
# language host's RunPlugin call, which the buildable host (v3.68.0) lacks. So the built bin/ holds:
#   pulumi, pulumi-resource-pulumi-nodejs   the CLI and the dynamic-provider launcher;
#   host/pulumi-language-nodejs             the v3.68.0 language host;
#   pulumi-language-nodejs                  scripts/language-host/main.go: relays every call to
#                                           that host, and runs policy packs itself, with
#   pulumi-analyzer-policy                  Pulumi's policy-pack launcher (the SDK module's nodejs/dist).
#
# Order: a `pulumi` already on PATH at an adequate version is used as is; otherwise the pinned
# version is built from the Go module proxy into a cache outside the repository (reused by later
# runs; two concurrent runs serialise on a lock and the finished directory appears atomically).
#
# Every module of the three builds is checked against the checksums committed in
# scripts/engine/{pulumi,language-host,relay}/go.sum: each build runs in a copy of that module
# (go.mod pins every version) with -mod=readonly, so Go refuses a module whose bits differ from the
# committed hash, and a module missing from go.sum, before compiling anything. To move to another
# version, regenerate those files (CONTRIBUTING.md, "The Pulumi engine") and review their diff.
set -euo pipefail

engine="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/engine"
pinned() { # the version of module $2 that scripts/engine/$1/go.mod pins
  sed -n "s|^[[:space:]]*$2 \(v[^ ]*\).*|\1|p" "$engine/$1/go.mod" | head -n1
}
PULUMI_VERSION="${PULUMI_VERSION:-$(pinned pulumi github.com/pulumi/pulumi/pkg/v3)}"
# Since v3.69 the Node.js language host is a nested module with no tags, and the module proxy
# serves none of its pseudo-versions; v3.68.0 is the last sdk/v3 release that carries it as a
# package. It is only needed to run Pulumi.yaml projects with `pulumi up`; Automation API
# inline programs (this project's tests) do not use it.
LANGUAGE_HOST_SDK="$(pinned language-host github.com/pulumi/pulumi/sdk/v3)"
MIN_VERSION="3.248.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${PULUMI_GENESYS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-genesys-grants}"
target="$cache_root/pulumi-$PULUMI_VERSION"
shim_src="$here/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { echo "ensure-pulumi: $*" >&2; }

version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

install_shim() { # the dynamic-provider launcher must sit beside the CLI
  local dir="$1"
  if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ] && [ -f "$shim_src" ]; then
    install -m 0755 "$shim_src" "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

relay_src="$here/scripts/language-host/main.go"
relay_stamp() { # what the relay in a bin/ must have been built from
  { echo "$PULUMI_VERSION $LANGUAGE_HOST_SDK"; cat "$relay_src" "$engine/relay/go.mod" "$engine/relay/go.sum"; } | sha256sum | cut -d' ' -f1
}

# Go as these builds run it: only the committed modules, each checked against the committed go.sum.
go_checked() {
  unset GONOSUMDB GONOSUMCHECK GOINSECURE GOPRIVATE GONOPROXY
  export GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0
}

# A copy of the committed module $1 (scripts/engine/$1) in the new folder $2.
module_copy() {
  mkdir -p "$2"
  cp "$engine/$1/go.mod" "$engine/$1/go.sum" "$2/"
}
relay_current() { [ "$(cat "$1/.language-relay" 2>/dev/null)" = "$(relay_stamp)" ]; }

# Puts the relay and the policy-pack launcher into a bin/ holding the CLI and the v3.68.0
# host (moved to host/ the first time). Needs Go; the caller holds the build lock.
install_relay() {
  local dir="$1" build
  build="$(mktemp -d "$cache_root/.relay-XXXXXX")"
  module_copy relay "$build"
  (
    cd "$build"
    cp "$relay_src" main.go
    go build -trimpath -ldflags "-s -w" -o pulumi-language-nodejs .
  ) >&2 || { rm -rf "$build"; return 1; }
  # The policy-pack launcher comes from the sdk module the language host is built from: downloaded
  # in a copy of that module, so that its hash is checked against the committed go.sum too.
  local sdk
  module_copy language-host "$build/host-module"
  sdk="$(cd "$build/host-module" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@$LANGUAGE_HOST_SDK" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -f "$sdk/nodejs/dist/pulumi-analyzer-policy" ] || { log "no pulumi-analyzer-policy in $sdk/nodejs/dist"; rm -rf "$build"; return 1; }
  mkdir -p "$dir/host"
  if [ ! -x "$dir/host/pulumi-language-nodejs" ]; then mv "$dir/pulumi-language-nodejs" "$dir/host/pulumi-language-nodejs"; fi
  install -m 0755 "$sdk/nodejs/dist/pulumi-analyzer-policy" "$dir/pulumi-analyzer-policy"
  install -m 0755 "$build/pulumi-language-nodejs" "$dir/pulumi-language-nodejs.new"
  mv "$dir/pulumi-language-nodejs.new" "$dir/pulumi-language-nodejs"
  relay_stamp > "$dir/.language-relay"
  rm -rf "$build"
}

# 1. A pulumi already installed.
if [ -z "${PULUMI_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  found="$(command -v pulumi)"
  v="$(pulumi version 2>/dev/null | sed 's/^v//' | cut -d- -f1 || true)"
  if [ -n "$v" ] && version_at_least "$v" "$MIN_VERSION" \
     && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "using $found (v$v)"
    dirname "$found"
    exit 0
  fi
  log "ignoring $found (version '${v:-unknown}', need >= $MIN_VERSION with pulumi-language-nodejs)"
fi

# 2. A previous build (given the relay first when it has none, or one built from another
#    revision of it).
if [ -x "$target/bin/pulumi" ] && [ -x "$target/bin/pulumi-language-nodejs" ]; then
  install_shim "$target/bin" 2>/dev/null || true
  if ! relay_current "$target/bin"; then
    command -v go >/dev/null 2>&1 || { log "Go is needed to add policy-pack support to $target/bin"; exit 1; }
    go_checked
    exec 9>"$cache_root/.build-$PULUMI_VERSION.lock"
    flock 9
    if ! relay_current "$target/bin"; then
      log "adding policy-pack support to $target/bin"
      install_relay "$target/bin"
    fi
  fi
  echo "$target/bin"
  exit 0
fi

# 3. Build it.
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
ensure-pulumi: no Pulumi CLI found and no Go toolchain to build one.
  Install the Pulumi CLI (>= $MIN_VERSION, with pulumi-language-nodejs beside it) and put it on PATH:
  https://www.pulumi.com/docs/install/ — or install Go >= 1.25.11 so this script can build
  $PULUMI_VERSION from the Go module proxy.
MSG
  exit 1
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.build-$PULUMI_VERSION.lock"
log "waiting for the build lock" ; flock 9
if [ -x "$target/bin/pulumi" ] && relay_current "$target/bin"; then   # another run finished it while we waited
  install_shim "$target/bin" 2>/dev/null || true
  echo "$target/bin"; exit 0
fi

if [ "$PULUMI_VERSION" != "$(pinned pulumi github.com/pulumi/pulumi/pkg/v3)" ]; then
  log "PULUMI_VERSION=$PULUMI_VERSION, but the checksums committed in scripts/engine/pulumi are for $(pinned pulumi github.com/pulumi/pulumi/pkg/v3): regenerate them for that version (CONTRIBUTING.md, \"The Pulumi engine\"), or unset PULUMI_VERSION"
  exit 1
fi
work="$(mktemp -d "$cache_root/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT
go_checked
export GOPATH="${GOPATH:-$(go env GOPATH)}"
log "building pulumi $PULUMI_VERSION from the Go module proxy (first time only; 10-30 minutes)"
start=$(date +%s)
mkdir -p "$work/out/bin"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
# scripts/engine/pulumi/go.mod carries pkg/go.mod's one non-relative replace (the clipboard fork), so the build matches the release.
module_copy pulumi "$work/mod"
(
  cd "$work/mod"
  got="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3) $(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)"
  [ "$got" = "$PULUMI_VERSION $PULUMI_VERSION" ] || { log "module versions resolved to '$got', expected $PULUMI_VERSION"; exit 1; }
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$work/out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
) >&2
module_copy language-host "$work/host"
(
  cd "$work/host"
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGUAGE_HOST_SDK" \
    -o "$work/out/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
) >&2
install_shim "$work/out/bin"
install_relay "$work/out/bin"
rm -rf "$target"
mv "$work/out" "$target"   # atomic: readers see a complete directory or none
log "built in $(( $(date +%s) - start ))s: $("$target/bin/pulumi" version)"
echo "$target/bin"
