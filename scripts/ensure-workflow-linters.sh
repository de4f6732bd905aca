#!/usr/bin/env bash
# Provides the two GitHub Actions linters the tests run on examples/ci: zizmor (PyPI, pinned by
# hash in scripts/linters/requirements.txt) and actionlint (the Go module proxy, pinned by version
# and checked against the Go checksum database). Both go to a cache outside the repository, reused
# by later runs. Prints the directory holding both as the last line of its output.
set -euo pipefail

ACTIONLINT_VERSION="v1.7.12"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache_root="${PULUMI_GENESYS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-genesys-grants}"
stamp="$( { echo "$ACTIONLINT_VERSION"; cat "$here/scripts/linters/requirements.txt"; } | sha256sum | cut -c1-16)"
target="$cache_root/workflow-linters-$stamp"
log() { echo "ensure-workflow-linters: $*" >&2; }

if [ -x "$target/bin/zizmor" ] && [ -x "$target/bin/actionlint" ]; then echo "$target/bin"; exit 0; fi
for tool in python3 go; do
  command -v "$tool" >/dev/null 2>&1 || { log "$tool is needed to install the workflow linters (zizmor from PyPI, actionlint from the Go module proxy)"; exit 1; }
done
mkdir -p "$cache_root"
exec 9>"$cache_root/.workflow-linters.lock"
flock 9
if [ -x "$target/bin/zizmor" ] && [ -x "$target/bin/actionlint" ]; then echo "$target/bin"; exit 0; fi
work="$(mktemp -d "$cache_root/.linters-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# zizmor's wheel is its binary: installed into a folder of its own (no virtual environment, whose
# scripts would name the folder they were made in).
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --require-hashes --only-binary=:all: --target "$work/out/py" \
  -r "$here/scripts/linters/requirements.txt" >&2
mkdir -p "$work/out/bin"
ln -s ../py/bin/zizmor "$work/out/bin/zizmor"
GOTOOLCHAIN=local GOFLAGS=-mod=mod GOBIN="$work/out/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
rm -rf "$target"
mv "$work/out" "$target"
log "installed zizmor and actionlint $ACTIONLINT_VERSION in $target/bin"
echo "$target/bin"
