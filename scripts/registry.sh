#!/usr/bin/env bash
# A private registry for the tests of registry credentials and digest pinning (issue 15):
# Debian's docker-registry (Distribution 2.8) on 127.0.0.1:5000 with htpasswd (bcrypt) auth,
# and the sandbox's busybox image pushed into it as 127.0.0.1:5000/swarm-services/app:1.
# The Engine allows plain HTTP to loopback registries, so no TLS is needed. Idempotent: `up`
# keeps a registry it started earlier when that one still serves this script's config and
# takes the test login, restarts it otherwise, and refuses to guess about a registry (or
# anything else) on the port that it did not start. Run it after `scripts/sandbox.sh up`
# (which calls it): the pushed image is the sandbox's.
#
#   bash scripts/registry.sh up | down | status
#
# Only a task on a node that runs in this machine's network namespace reaches 127.0.0.1:5000:
# the sandbox's worker engine (sandbox.sh worker-up) has a loopback of its own, so services
# that pull from here need the placement constraint node.role==manager.
set -euo pipefail

STATE_DIR="${SWARM_SERVICES_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/swarm-services}/registry"
ADDR=127.0.0.1:5000
USER_NAME=swarm-services
# A test password for a registry that only listens on loopback; the tests read it from here.
PASSWORD=swarm-services-test-password
REPO="$ADDR/swarm-services/app"
IMAGE="$REPO:1"
SOURCE_IMAGE="${SWARM_SERVICES_IMAGE:-swarm-services-busybox:latest}"
CONFIG="$STATE_DIR/config.yml"
PID_FILE="$STATE_DIR/registry.pid"

say() { echo "[registry] $*" >&2; }
die() { echo "[registry] error: $*" >&2; exit 1; }

# What /v2/ answers, as an HTTP status; 000 when nothing answers.
http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "http://$ADDR/v2/" 2>/dev/null || true; }
# This registry's behaviour: anonymous requests refused, the test login accepted.
serves_login() { [ "$(http_code)" = 401 ] && [ "$(http_code -u "$USER_NAME:$PASSWORD")" = 200 ]; }

# A pid whose command line is exactly the one this script starts (same state dir), else empty.
is_ours() { [ -r "/proc/$1/cmdline" ] && [ "$(tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline")" = "docker-registry serve $CONFIG " ]; }
our_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  if [ -n "$pid" ] && is_ours "$pid"; then echo "$pid"; return 0; fi
  # The pid file may be gone (or stale) while our registry runs on: find it by its command line.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if is_ours "$pid"; then echo "$pid" > "$PID_FILE"; echo "$pid"; return 0; fi
  done
  rm -f "$PID_FILE"
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

ensure_packages() {
  command -v docker-registry >/dev/null && command -v htpasswd >/dev/null && command -v curl >/dev/null && return 0
  [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] || die "needs docker-registry, apache2-utils (htpasswd) and curl (Debian: apt-get install docker-registry apache2-utils curl)"
  # scripts/ensure-system.sh installs them without letting Debian's own registry start.
  bash "$(dirname "$0")/ensure-system.sh" --no-browser
}

# Writes the config and the htpasswd file when they are not what this script wants; prints
# "changed" when a running registry must be restarted to see them.
write_config() {
  local want
  want=$(cat <<CONFIG
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
)
  if [ "$(cat "$CONFIG" 2>/dev/null || true)" != "$want" ]; then
    printf '%s\n' "$want" > "$CONFIG"
    echo changed
  fi
  # bcrypt hashes differ on every run, so the file is checked, not compared.
  if ! htpasswd -vb "$STATE_DIR/htpasswd" "$USER_NAME" "$PASSWORD" >/dev/null 2>&1; then
    htpasswd -Bbn "$USER_NAME" "$PASSWORD" > "$STATE_DIR/htpasswd"
    echo changed
  fi
}

start_registry() {
  local code
  code=$(http_code)
  if [ "$code" != 000 ]; then
    local who
    who=$(ss -ltnpH "sport = :${ADDR##*:}" 2>/dev/null | grep -o 'users:.*' | head -n 1 || true)
    die "$ADDR already answers (HTTP $code) and it is not the registry this script started${who:+ ($who)}. Stop it (Debian's own: /etc/init.d/docker-registry stop, or systemctl disable --now docker-registry) and run this again."
  fi
  # The registry outlives this script: it must not keep any descriptor it inherited (fd 9 is
  # the lock of `up`; a caller's own lock, such as the test runner's flock, is another).
  ( for fd in $(ls "/proc/$BASHPID/fd"); do
      [ "$fd" -gt 2 ] && { eval "exec $fd>&-"; } 2>/dev/null
    done
    exec setsid docker-registry serve "$CONFIG" > "$STATE_DIR/registry.log" 2>&1 < /dev/null ) &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 100); do serves_login && return 0; sleep 0.1; done
  tail -n 20 "$STATE_DIR/registry.log" >&2 || true
  die "the registry did not start; see $STATE_DIR/registry.log"
}

cmd_up() {
  ensure_packages
  mkdir -p "$STATE_DIR/data" "$STATE_DIR/docker-config"
  # Two callers at once (the sandbox and a test run) must not both start one.
  exec 9> "$STATE_DIR/lock"
  flock -w 60 9 || die "another scripts/registry.sh up has held $STATE_DIR/lock for a minute"
  local changed pid
  changed=$(write_config)
  pid=$(our_pid)
  if [ -n "$pid" ] && [ -z "$changed" ] && serves_login; then
    say "already running (pid $pid)"
  else
    if [ -n "$pid" ]; then say "restarting the registry (pid $pid)"; stop_pid "$pid"; fi
    start_registry
    say "started on $ADDR (pid $(cat "$PID_FILE"))"
  fi
  # Pushed with a docker config of its own, so the user's ~/.docker is never touched. Written
  # directly, as `docker login` would, so that no warning about plain-text credentials shows.
  export DOCKER_CONFIG="$STATE_DIR/docker-config"
  (umask 077; printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$ADDR" "$(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)" > "$DOCKER_CONFIG/config.json")
  docker image inspect "$SOURCE_IMAGE" >/dev/null 2>&1 || die "the image $SOURCE_IMAGE is missing; run scripts/sandbox.sh up first"
  # Tests may have pushed other content to the tag or removed the local one: both are restored.
  docker tag "$SOURCE_IMAGE" "$IMAGE"
  docker push -q "$IMAGE" >/dev/null
  # Content the tests pushed and moved on from stays behind untagged: clear it (an image a
  # container still uses is left for the next run).
  # By digest reference, never by image ID: an ID may also carry another tag (the sandbox image).
  docker image ls --digests --format '{{.Repository}}@{{.Digest}} {{.Tag}}' "${IMAGE%:*}" |
    awk '$2 == "<none>" && $1 !~ /@<none>$/ { print $1 }' | xargs -r docker image rm >/dev/null 2>&1 || true
  say "ready: $IMAGE (user $USER_NAME, docker config $DOCKER_CONFIG)"
}

cmd_down() {
  local pid ref
  if [ -d "$STATE_DIR" ]; then
    pid=$(our_pid)
    [ -n "$pid" ] && stop_pid "$pid"
  fi
  if docker version >/dev/null 2>&1; then
    for ref in $(docker image ls --format '{{.Repository}}:{{.Tag}}' "$REPO" | grep -v ':<none>$' || true); do
      docker image rm "$ref" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$STATE_DIR"
  say "down"
}

cmd_status() {
  local pid code
  pid=$( [ -d "$STATE_DIR" ] && our_pid || true)
  if [ -n "$pid" ] && serves_login; then say "running on $ADDR (pid $pid), login works"; return 0; fi
  code=$(http_code)
  if [ -n "$pid" ]; then say "started (pid $pid) but not serving the test login (HTTP $code)";
  elif [ "$code" != 000 ]; then say "not running; something else answers on $ADDR (HTTP $code)";
  else say "not running"; fi
  return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
