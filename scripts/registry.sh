#!/usr/bin/env bash
# A private registry for the tests of registry credentials and digest pinning (issue 15):
# Debian's docker-registry (Distribution 2.8) on 127.0.0.1:5000 with htpasswd (bcrypt) auth,
# and the sandbox's busybox image pushed into it as 127.0.0.1:5000/swarm-services/app:1.
# The Engine allows plain HTTP to loopback registries, so no TLS is needed. Idempotent.
#
#   bash scripts/registry.sh up | down | status
#
# Verified by hand (engine 20.10, API 1.41): GET /distribution/127.0.0.1:5000/...:1/json answers
# "no basic auth credentials" without X-Registry-Auth, the digest and platforms with the right
# credentials, and "unauthorized: authentication required" with a wrong password.
set -euo pipefail

STATE_DIR="${SWARM_SERVICES_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/swarm-services}/registry"
ADDR=127.0.0.1:5000
USER_NAME=swarm-services
# A test password for a registry that only listens on loopback; the tests read it from here.
PASSWORD=swarm-services-test-password
IMAGE="$ADDR/swarm-services/app:1"

say() { echo "[registry] $*"; }

running() { curl -s -o /dev/null -w '%{http_code}' "http://$ADDR/v2/" 2>/dev/null | grep -q '^401$'; }

cmd_up() {
  command -v docker-registry >/dev/null && command -v htpasswd >/dev/null || {
    say "installing docker-registry and apache2-utils"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-registry apache2-utils >/dev/null
  }
  mkdir -p "$STATE_DIR/data" "$STATE_DIR/docker-config"
  if ! running; then
    htpasswd -Bbn "$USER_NAME" "$PASSWORD" > "$STATE_DIR/htpasswd"
    cat > "$STATE_DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/data
  delete:
    enabled: true
http:
  addr: $ADDR
auth:
  htpasswd:
    realm: swarm-services-test
    path: $STATE_DIR/htpasswd
CONFIG
    setsid docker-registry serve "$STATE_DIR/config.yml" > "$STATE_DIR/registry.log" 2>&1 < /dev/null &
    echo $! > "$STATE_DIR/registry.pid"
    for _ in $(seq 1 50); do running && break; sleep 0.1; done
    running || { say "the registry did not start; see $STATE_DIR/registry.log"; exit 1; }
  fi
  # Pushed with a docker config of its own, so the user's ~/.docker is never touched.
  export DOCKER_CONFIG="$STATE_DIR/docker-config"
  echo "$PASSWORD" | docker login -u "$USER_NAME" --password-stdin "$ADDR" >/dev/null
  docker tag swarm-services-busybox:latest "$IMAGE"
  docker push -q "$IMAGE" >/dev/null
  say "ready: $IMAGE (user $USER_NAME, docker config $DOCKER_CONFIG)"
}

cmd_down() {
  if [ -f "$STATE_DIR/registry.pid" ]; then kill "$(cat "$STATE_DIR/registry.pid")" 2>/dev/null || true; rm -f "$STATE_DIR/registry.pid"; fi
  rm -rf "$STATE_DIR"
  say "down"
}

cmd_status() { if running; then say "running on $ADDR"; else say "not running"; fi; }

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
