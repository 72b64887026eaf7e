#!/usr/bin/env bash
# The local sandbox swarm used for development and every test tier.
#
#   scripts/sandbox.sh up [--demo]   start (installing if needed) a Docker engine, make it a
#                                    single-node swarm manager, build the local busybox image,
#                                    start the private registry (scripts/registry.sh) on
#                                    127.0.0.1:5000; --demo also creates the demo services
#   scripts/sandbox.sh down          remove what the sandbox created (labelled services, the
#                                    image, the registry); the engine and the swarm stay
#   scripts/sandbox.sh stop-engine   stop the dockerd that `up` started, if it did
#   scripts/sandbox.sh solo-up       also start a second engine that is not in a swarm (tests)
#   scripts/sandbox.sh solo-down     stop it
#   scripts/sandbox.sh worker-up     also start a second engine (own namespace and hostname)
#                                    and join it as a worker (multi-node tests)
#   scripts/sandbox.sh worker-stop   stop the worker's engine (its node goes down)
#   scripts/sandbox.sh worker-down   take the worker out of the swarm and remove it
#   scripts/sandbox.sh ssh-up        also start an sshd on 127.0.0.1:2222 (ssh:// endpoint tests)
#   scripts/sandbox.sh managers-up   also start a separate three-manager swarm (three engines, own
#                                    namespaces and hostnames swarm-manager-1..3, sockets
#                                    /run/swarm-services-m1..m3.sock, contexts swarm-services-m1..m3)
#   scripts/sandbox.sh managers-down remove it (engines, namespaces, links, data, contexts)
#   scripts/sandbox.sh manager-stop N | manager-start N
#                                    stop / start manager N's engine, keeping its swarm state
#   scripts/sandbox.sh manager-cut N | manager-mend N
#                                    set manager N's link down / up (a partition; its socket stays)
#   scripts/sandbox.sh leader        print the number of the three-manager swarm's leader
#   scripts/sandbox.sh status        print the engine's swarm state (and the managers')
#
# Idempotent: running `up` twice changes nothing the second time. Everything it creates
# carries the label swarm-services.sandbox=true so `down` never touches anything else.
set -euo pipefail

IMAGE="${SWARM_SERVICES_IMAGE:-swarm-services-busybox:latest}"
STATE_DIR="${SWARM_SERVICES_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/swarm-services}"
DOCKERD_LOG="$STATE_DIR/dockerd.log"
LABEL="swarm-services.sandbox=true"
SOCK="/var/run/docker.sock"
# The sandbox's own test network: a bridge on this machine holding the manager's address,
# and one network namespace per extra engine (a worker, the non-swarm engine).
BRIDGE=ss-br0
MANAGER_ADDR=10.231.0.1
WORKER_NS=swarm-services-worker
WORKER_ADDR=10.231.0.2
WORKER_HOSTNAME=swarm-worker-1
WORKER_SOCK=/run/swarm-services-worker.sock

log() { echo "[sandbox] $*" >&2; }
die() { echo "[sandbox] error: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  [ -x /bin/busybox ] || command -v busybox >/dev/null || missing+=(busybox-static)
  [ ${#missing[@]} -eq 0 ] && return 0
  if is_root && is_debian; then
    log "installing ${missing[*]} from Debian"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  elif docker version >/dev/null 2>&1 && [[ " ${missing[*]} " != *" busybox-static "* ]]; then
    return 0   # a Docker engine answers even if dockerd is not on PATH (Docker Desktop, rootless)
  else
    die "missing: ${missing[*]}. Install a Docker engine and a static busybox (Debian: apt-get install docker.io busybox-static), or run this as root on Debian."
  fi
}

engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

tls_listener_up() {
  docker -H "tcp://$TLS_ADDR" --tlsverify --tlscacert "$TLS_DIR/ca.pem" --tlscert "$TLS_DIR/cert.pem" \
    --tlskey "$TLS_DIR/key.pem" version >/dev/null 2>&1
}

ensure_engine() {
  if engine_up; then
    [ -f "$TLS_DIR/cert.pem" ] && tls_listener_up && return 0
    # Running without the TLS listener. Restart it only if this script started it.
    local pid
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" = "$(cat "$STATE_DIR/dockerd.pid" 2>/dev/null)" ]; then
      log "restarting the sandbox dockerd to add its TLS listener"
      kill "$pid"
      for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    else
      log "warning: the engine has no TLS listener on $TLS_ADDR; the TLS endpoint tests need one (restart dockerd through this script)"
      return 0
    fi
  fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    die "the engine at DOCKER_HOST does not answer; start it yourself"
  fi
  is_root || die "the Docker engine is not running and only root can start it here (try: sudo dockerd)"
  command -v dockerd >/dev/null || die "dockerd is not installed"
  mkdir -p "$STATE_DIR"
  # A dockerd killed with -9 leaves its pid file and containerd's behind; clear them.
  local pidfile=/var/run/docker.pid
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
  ensure_tls
  log "starting dockerd (log: $DOCKERD_LOG; also TLS on tcp://$TLS_ADDR)"
  # Besides its socket, the engine listens on loopback with TLS (client certificates
  # required), so that TLS endpoints and contexts are tested against the real thing.
  ( close_inherited_fds
    exec setsid nohup dockerd -H "unix://$SOCK" -H "tcp://$TLS_ADDR" --tlsverify \
      --tlscacert "$TLS_DIR/ca.pem" --tlscert "$TLS_DIR/server-cert.pem" --tlskey "$TLS_DIR/server-key.pem" \
      >"$DOCKERD_LOG" 2>&1 < /dev/null ) &
  echo $! > "$STATE_DIR/dockerd.pid"
  local i
  for i in $(seq 1 120); do
    engine_up && { log "engine is up"; return 0; }
    sleep 0.5
  done
  tail -n 30 "$DOCKERD_LOG" >&2 || true
  die "dockerd did not answer within 60 s"
}

# The manager advertises the sandbox bridge's address when this machine can have one (root
# with iproute2), so that engines in other namespaces can join; else 127.0.0.1.
ensure_bridge() {
  is_root && command -v ip >/dev/null || return 1
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  # Not `ip addr show | grep -q`: under pipefail a match can look like a failure (SIGPIPE).
  grep -q "inet $MANAGER_ADDR/" <<< "$(ip -4 addr show dev "$BRIDGE")" || ip addr add "$MANAGER_ADDR/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}
manager_addr() { if ensure_bridge; then echo "$MANAGER_ADDR"; else echo 127.0.0.1; fi; }

# A CA, a server certificate for 127.0.0.1 and a client certificate, made once with openssl.
TLS_DIR="$STATE_DIR/tls"
TLS_ADDR=127.0.0.1:2376
ensure_tls() {
  [ -f "$TLS_DIR/cert.pem" ] && return 0
  command -v openssl >/dev/null || die "openssl is needed for the engine's TLS listener (apt-get install openssl)"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  local t="$TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=swarm-services sandbox CA" \
    -keyout "$t/ca-key.pem" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$t/server-key.pem" -out "$t/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$t/server.ext"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 3650 \
    -extfile "$t/server.ext" -out "$t/server-cert.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=swarm-services client" -keyout "$t/key.pem" -out "$t/client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' > "$t/client.ext"
  openssl x509 -req -in "$t/client.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 3650 \
    -extfile "$t/client.ext" -out "$t/cert.pem" 2>/dev/null
  rm -f "$t"/*.csr "$t"/*.ext
  log "made TLS certificates in $TLS_DIR"
}

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null; }

ensure_swarm() {
  local st i
  # Right after a restart the swarm may still be "pending"; give it a moment to settle.
  for i in $(seq 1 40); do
    st=$(swarm_state)
    case "$st" in pending*) sleep 0.5 ;; *) break ;; esac
  done
  case "$st" in
    "active true") return 0 ;;
    "inactive"*)
      log "initialising a single-node swarm (advertising $(manager_addr))"
      docker swarm init --advertise-addr "$(manager_addr)" >/dev/null ;;
    "active false")
      die "this engine is a swarm worker; the sandbox needs a manager (docker swarm leave, then run again)" ;;
    *)
      # An old swarm whose state cannot be restored (e.g. its advertise address is gone):
      # recover it as a fresh single-manager cluster, keeping its services.
      log "swarm state is '$st'; recovering with --force-new-cluster"
      docker swarm init --force-new-cluster --advertise-addr "$(manager_addr)" >/dev/null 2>&1 \
        || { docker swarm leave --force >/dev/null 2>&1 || true; docker swarm init --advertise-addr "$(manager_addr)" >/dev/null; } ;;
  esac
  for i in $(seq 1 40); do
    [ "$(swarm_state)" = "active true" ] && return 0
    sleep 0.5
  done
  die "the swarm did not become active (state: $(swarm_state))"
}

ensure_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  local bb root
  bb=$(command -v busybox || echo /bin/busybox)
  file -L "$bb" 2>/dev/null | grep -q 'dynamically linked' && die "$bb is not static; install busybox-static"
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  local applet
  for applet in sh echo sleep seq cat date printf true false yes head env hostname ls wc; do
    ln -s busybox "$root/bin/$applet"
  done
  log "building image $IMAGE from busybox"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c "LABEL $LABEL" - "$IMAGE" >/dev/null
  rm -rf "$root"
}

# The private registry (scripts/registry.sh) for trying Log In to Registry… and digest pinning
# against a real one. Optional here: without its packages, or if it cannot start, the sandbox
# still works and says why (the tests start it themselves and fail if it cannot).
ensure_registry() {
  local script
  script="$(dirname "${BASH_SOURCE[0]}")/registry.sh"
  if ! { command -v docker-registry >/dev/null && command -v htpasswd >/dev/null; } && ! { is_root && is_debian; }; then
    log "no private registry: it needs docker-registry and apache2-utils (htpasswd)"
    return 0
  fi
  bash "$script" up || log "warning: the private registry did not start (see above); everything else is ready"
}

create_service() {  # name, then docker service create arguments
  local name=$1; shift
  if docker service inspect "$name" >/dev/null 2>&1; then return 0; fi
  docker service create --detach --quiet --no-resolve-image --name "$name" --label "$LABEL" "$@" >/dev/null
  log "created service $name"
}

create_demo() {
  create_service demo-web --replicas 2 "$IMAGE" \
    sh -c 'i=0; while true; do echo "hello from $(hostname) line $i"; i=$((i+1)); sleep 1; done'
  create_service demo-global --mode global "$IMAGE" \
    sh -c 'while true; do date; sleep 5; done'
  create_service demo-idle --replicas 0 "$IMAGE" sleep 3600
  create_service demo-crashing --replicas 1 --restart-delay 5s "$IMAGE" \
    sh -c 'echo "cannot reach the database" >&2; exit 3'
  create_service demo-shop_api --replicas 1 --label com.docker.stack.namespace=demo-shop \
    --container-label com.docker.stack.namespace=demo-shop "$IMAGE" sh -c 'while true; do echo "api tick"; sleep 3; done'
  create_service demo-shop_worker --replicas 1 --label com.docker.stack.namespace=demo-shop \
    --container-label com.docker.stack.namespace=demo-shop "$IMAGE" sh -c 'while true; do echo "worker tick"; sleep 4; done'
}

cmd_up() {
  local demo=0
  for a in "$@"; do
    case "$a" in --demo) demo=1 ;; *) die "unknown option $a" ;; esac
  done
  command -v docker >/dev/null || { is_root && is_debian && ensure_packages; }
  ensure_packages
  ensure_bridge || true
  ensure_engine
  ensure_swarm
  ensure_image
  ensure_registry
  [ $demo = 1 ] && create_demo
  log "ready: $(docker version --format 'engine {{.Server.Version}}, API {{.Server.APIVersion}}'), swarm manager, image $IMAGE"
}

cmd_down() {
  cmd_managers_down
  [ -d "$STATE_DIR/registry" ] && bash "$(dirname "${BASH_SOURCE[0]}")/registry.sh" down
  engine_up || { log "engine not running; nothing to remove"; return 0; }
  local ids
  # Sandbox services, and any a killed test run left behind.
  ids=$( { docker service ls -q --filter "label=$LABEL"; docker service ls -q --filter "label=swarm-services.test-run"; } | sort -u)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    docker service rm $ids >/dev/null
    log "removed $(echo "$ids" | wc -l) sandbox service(s)"
  fi
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    # Task containers go away asynchronously after the services are removed.
    local i
    for i in $(seq 1 30); do
      docker image rm "$IMAGE" >/dev/null 2>&1 && { log "removed image $IMAGE"; break; }
      sleep 1
    done
  fi
}

# A second engine that is NOT in a swarm, for tests of what the extension says then. It runs
# in a network namespace of its own: a second dockerd in the host's namespace would manage
# (and, with --bridge=none, delete) the first engine's docker0 bridge. Its socket is a file,
# so it is reached from the host as usual.
SOLO_SOCK="${SWARM_SERVICES_SOLO_SOCK:-/run/swarm-services-solo.sock}"
SOLO_NS=swarm-services-solo
cmd_solo_up() {
  if docker -H "unix://$SOLO_SOCK" version >/dev/null 2>&1; then return 0; fi
  is_root || die "only root can start the second (non-swarm) engine"
  command -v ip >/dev/null || die "the second engine needs iproute2 (apt-get install iproute2)"
  mkdir -p "$STATE_DIR"
  local pidfile=/run/swarm-services-solo.pid
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
  ip netns list | grep -qw "$SOLO_NS" || ip netns add "$SOLO_NS"
  ip netns exec "$SOLO_NS" ip link set lo up
  log "starting a second, non-swarm engine on unix://$SOLO_SOCK (network namespace $SOLO_NS)"
  # `ip netns exec` remounts /sys; dockerd needs a cgroup file system mounted there.
  ( close_inherited_fds
    exec setsid nohup ip netns exec "$SOLO_NS" sh -c 'mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null; exec "$@"' sh \
      dockerd --data-root /var/lib/swarm-services-solo --exec-root /run/swarm-services-solo \
      --pidfile "$pidfile" -H "unix://$SOLO_SOCK" --bridge=none --iptables=false --ip-masq=false \
      >"$STATE_DIR/dockerd-solo.log" 2>&1 < /dev/null ) &
  local i
  for i in $(seq 1 120); do
    docker -H "unix://$SOLO_SOCK" version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker -H "unix://$SOLO_SOCK" version >/dev/null 2>&1 || die "the second engine did not start (log: $STATE_DIR/dockerd-solo.log)"
  # An old data root may remember a swarm; this engine must not be in one.
  if [ "$(docker -H "unix://$SOLO_SOCK" info --format '{{.Swarm.LocalNodeState}}')" != inactive ]; then
    docker -H "unix://$SOLO_SOCK" swarm leave --force >/dev/null
  fi
}

cmd_solo_down() {
  local pidfile=/run/swarm-services-solo.pid pid
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    log "stopped the second engine"
  fi
  ip netns list 2>/dev/null | grep -qw "$SOLO_NS" && ip netns del "$SOLO_NS" || true
}

# An sshd on loopback through which ssh:// endpoints reach the engine (as root, with keys
# listed in its own authorized_keys file, never the system's).
SSH_DIR="$STATE_DIR/ssh"
SSH_PORT=2222
cmd_ssh_up() {
  is_root || die "only root can start the sandbox sshd"
  [ -x /usr/sbin/sshd ] || die "sshd is needed (apt-get install openssh-server)"
  mkdir -p "$SSH_DIR" /run/sshd
  chmod 700 "$SSH_DIR"
  [ -f "$SSH_DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_ed25519"
  touch "$SSH_DIR/authorized_keys"
  chmod 600 "$SSH_DIR/authorized_keys"
  if [ -f "$SSH_DIR/sshd.pid" ] && kill -0 "$(cat "$SSH_DIR/sshd.pid")" 2>/dev/null; then return 0; fi
  /usr/sbin/sshd -f /dev/null -E "$SSH_DIR/sshd.log" \
    -o ListenAddress=127.0.0.1 -o Port="$SSH_PORT" -o HostKey="$SSH_DIR/host_ed25519" \
    -o AuthorizedKeysFile="$SSH_DIR/authorized_keys" -o PermitRootLogin=prohibit-password \
    -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o UsePAM=no \
    -o StrictModes=no -o PidFile="$SSH_DIR/sshd.pid" -o AllowTcpForwarding=no
  log "sshd listening on 127.0.0.1:$SSH_PORT (keys: $SSH_DIR/authorized_keys)"
}

cmd_ssh_down() {
  [ -f "$SSH_DIR/sshd.pid" ] && kill "$(cat "$SSH_DIR/sshd.pid")" 2>/dev/null || true
  rm -f "$SSH_DIR/sshd.pid"
}

wdocker() { docker -H "unix://$WORKER_SOCK" "$@"; }

# A second engine, in its own network namespace and with its own hostname, joined to the
# sandbox swarm as a worker: tasks really land on two nodes and logs really cross nodes.
cmd_worker_up() {
  is_root || die "only root can start the worker engine"
  command -v ip >/dev/null || die "the worker engine needs iproute2 (apt-get install iproute2)"
  ensure_bridge || die "cannot create the sandbox bridge $BRIDGE"
  local addr
  addr=$(docker info --format '{{.Swarm.NodeAddr}}')
  if [ "$addr" != "$MANAGER_ADDR" ]; then
    [ "$(docker node ls -q | wc -l)" = 1 ] || die "the swarm advertises $addr and has other nodes; not re-addressing it"
    log "re-addressing the single-node sandbox swarm to $MANAGER_ADDR (services are kept)"
    docker swarm init --force-new-cluster --advertise-addr "$MANAGER_ADDR" >/dev/null
  fi
  if ! ip netns list | grep -qw "$WORKER_NS"; then
    ip netns add "$WORKER_NS"
    ip link add ss-w1-h type veth peer name ss-w1-n
    ip link set ss-w1-n netns "$WORKER_NS"
    ip link set ss-w1-h master "$BRIDGE"
    ip link set ss-w1-h up
    ip netns exec "$WORKER_NS" ip addr add "$WORKER_ADDR/24" dev ss-w1-n
    ip netns exec "$WORKER_NS" ip link set ss-w1-n up
    ip netns exec "$WORKER_NS" ip link set lo up
  fi
  if ! wdocker version >/dev/null 2>&1; then
    local pidfile=/run/swarm-services-worker.pid
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
    mkdir -p "$STATE_DIR"
    log "starting the worker engine ($WORKER_HOSTNAME, $WORKER_ADDR)"
    ( close_inherited_fds
      exec setsid nohup ip netns exec "$WORKER_NS" unshare --uts sh -c \
        'hostname "$0"; mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null; exec "$@"' "$WORKER_HOSTNAME" \
        dockerd --data-root /var/lib/swarm-services-worker --exec-root /run/swarm-services-worker \
        --pidfile "$pidfile" -H "unix://$WORKER_SOCK" --iptables=false --ip-masq=false \
        >"$STATE_DIR/dockerd-worker.log" 2>&1 < /dev/null ) &
    local i
    for i in $(seq 1 120); do wdocker version >/dev/null 2>&1 && break; sleep 0.5; done
    wdocker version >/dev/null 2>&1 || die "the worker engine did not start (log: $STATE_DIR/dockerd-worker.log)"
  fi
  if ! wdocker image inspect "$IMAGE" >/dev/null 2>&1; then
    docker save "$IMAGE" | wdocker load >/dev/null
  fi
  local state tries=0
  # A restarted worker reconnects to its swarm: "pending" for a moment, then "active". It
  # reconnects to the manager's raft address, which must be reachable from its namespace;
  # a swarm created with 127.0.0.1 cannot be reached, so the worker joins afresh instead.
  if [ "$(docker node inspect self --format '{{.ManagerStatus.Addr}}')" = "$MANAGER_ADDR:2377" ]; then tries=180; fi
  state=$(wdocker info --format '{{.Swarm.LocalNodeState}}')
  while [ "$state" = pending ] && [ "$tries" -gt 0 ]; do
    sleep 0.5
    tries=$((tries - 1))
    state=$(wdocker info --format '{{.Swarm.LocalNodeState}}')
  done
  if [ "$state" = active ]; then
    # Joined before: still a member of this swarm?
    local wid
    wid=$(wdocker info --format '{{.Swarm.NodeID}}')
    if docker node inspect "$wid" >/dev/null 2>&1; then
      for i in $(seq 1 60); do
        [ "$(docker node inspect -f '{{.Status.State}}' "$wid")" = ready ] && break
        sleep 0.5
      done
      log "worker $WORKER_HOSTNAME is in the swarm"
      return 0
    fi
    wdocker swarm leave --force >/dev/null 2>&1 || true
  elif [ "$state" != inactive ]; then
    wdocker swarm leave --force >/dev/null 2>&1 || true
  fi
  # Forget nodes left over from earlier workers of the same name.
  local old
  for old in $(docker node ls --filter "name=$WORKER_HOSTNAME" -q); do docker node rm --force "$old" >/dev/null 2>&1 || true; done
  wdocker swarm join --token "$(docker swarm join-token -q worker)" --advertise-addr "$WORKER_ADDR" "$MANAGER_ADDR:2377" >/dev/null
  local i
  for i in $(seq 1 60); do
    [ "$(docker node ls --filter "name=$WORKER_HOSTNAME" --format '{{.Status}}')" = Ready ] && { log "worker $WORKER_HOSTNAME joined"; return 0; }
    sleep 0.5
  done
  die "the worker did not become Ready"
}

# Stops the worker engine without leaving the swarm: the manager sees the node go down.
cmd_worker_stop() {
  local pidfile=/run/swarm-services-worker.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$pidfile"
  log "stopped the worker engine"
}

cmd_worker_down() {
  if wdocker version >/dev/null 2>&1; then wdocker swarm leave --force >/dev/null 2>&1 || true; fi
  cmd_worker_stop
  # Until the manager lists it no more: a node left behind (down) would still be given a task of
  # every global service, and listed, in the tests that follow.
  local old i
  for i in $(seq 1 20); do
    old=$(docker node ls --filter "name=$WORKER_HOSTNAME" -q 2>/dev/null)
    [ -z "$old" ] && break
    # shellcheck disable=SC2086
    docker node rm --force $old >/dev/null 2>&1 || sleep 0.5
  done
  [ -z "$(docker node ls --filter "name=$WORKER_HOSTNAME" -q 2>/dev/null)" ] || log "warning: the manager still lists $WORKER_HOSTNAME"
  ip netns list 2>/dev/null | grep -qw "$WORKER_NS" && ip netns del "$WORKER_NS" || true
  ip link del ss-w1-h >/dev/null 2>&1 || true
  log "removed the worker"
}

# The three-manager swarm: three more engines, each in its own network namespace with its own
# hostname and socket, on the sandbox bridge (manager N at 10.231.0.1N). It is a swarm of its
# own, never the main engine's: stopping its leader, losing its quorum or cutting one of its
# links must not break the swarm every other test uses. A user with several managers has a
# docker context for each; so does the sandbox (swarm-services-m1..m3).
MANAGERS="1 2 3"
MGR_FW_COMMENT=swarm-services-sandbox-managers
mgr_ns() { echo "swarm-services-m$1"; }
mgr_addr() { echo "10.231.0.1$1"; }
mgr_sock() { echo "/run/swarm-services-m$1.sock"; }
mgr_pidfile() { echo "/run/swarm-services-m$1.pid"; }
mgr_host() { echo "swarm-manager-$1"; }
mgr_veth() { echo "ss-m$1-h"; }
mgr_context() { echo "swarm-services-m$1"; }
mdocker() { local n=$1; shift; docker -H "unix://$(mgr_sock "$n")" "$@"; }
mgr_answers() { timeout 10 docker -H "unix://$(mgr_sock "$1")" version >/dev/null 2>&1; }
mgr_check() { case "${1:-}" in 1|2|3) ;; *) die "a manager number is 1, 2 or 3 (got '${1:-}')" ;; esac; }
# Here-strings rather than pipes into `grep -q`: under pipefail, a writer cut off by grep's early
# exit would make a match look like a failure.
netns_exists() { grep -qx "$1" <<< "$(ip netns list 2>/dev/null | awk '{print $1}')"; }

# With bridge-nf-call-iptables on (as dockerd sets it), frames between two ports of the
# sandbox bridge pass the host's FORWARD chain, whose policy dockerd sets to DROP.
mgr_forwarding_on() {
  command -v iptables >/dev/null || return 0
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$MGR_FW_COMMENT" -j ACCEPT 2>/dev/null \
    || iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$MGR_FW_COMMENT" -j ACCEPT
}
mgr_forwarding_off() {
  command -v iptables >/dev/null || return 0
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$MGR_FW_COMMENT" -j ACCEPT 2>/dev/null; do :; done
}

# Namespace and veth for manager N, each step checked on its own so that a half-made one
# (an interrupted run, a reboot) is completed; the host side's link is set up (mends a cut).
mgr_net_up() {
  local n=$1 ns veth peer addr
  ns=$(mgr_ns "$n"); veth=$(mgr_veth "$n"); peer="ss-m$n-n"; addr=$(mgr_addr "$n")
  netns_exists "$ns" || ip netns add "$ns"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link del "$peer" >/dev/null 2>&1 || true
    ip link add "$veth" type veth peer name "$peer"
  fi
  ip link show "$peer" >/dev/null 2>&1 && ip link set "$peer" netns "$ns"
  ip link set "$veth" master "$BRIDGE"
  ip link set "$veth" up
  grep -q "inet $addr/" <<< "$(ip netns exec "$ns" ip -4 addr show dev "$peer")" || ip netns exec "$ns" ip addr add "$addr/24" dev "$peer"
  ip netns exec "$ns" ip link set "$peer" up
  ip netns exec "$ns" ip link set lo up
}

# Closes every descriptor above 2 in the (sub)shell that is about to exec a daemon: a lock
# such as `flock FILE scripts/sandbox.sh ...` holds would otherwise be held as long as the
# daemon runs.
close_inherited_fds() {
  local fd
  for fd in $(ls "/proc/$BASHPID/fd"); do
    [ "$fd" -gt 2 ] && { eval "exec $fd>&-"; } 2>/dev/null
  done
  return 0
}

# Starts manager N's engine unless it answers or is still starting; does not wait.
mgr_engine_start() {
  local n=$1 pidfile
  pidfile=$(mgr_pidfile "$n")
  mgr_answers "$n" && return 0
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  rm -f "$pidfile"
  mkdir -p "$STATE_DIR"
  log "starting manager engine $(mgr_host "$n") ($(mgr_addr "$n"), unix://$(mgr_sock "$n"))"
  # --shutdown-timeout bounds how long a graceful stop waits for task containers.
  ( close_inherited_fds
    exec setsid nohup ip netns exec "$(mgr_ns "$n")" unshare --uts sh -c \
      'hostname "$0"; mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null; exec "$@"' "$(mgr_host "$n")" \
      dockerd --data-root "/var/lib/swarm-services-m$n" --exec-root "/run/swarm-services-m$n" \
      --pidfile "$pidfile" -H "unix://$(mgr_sock "$n")" --iptables=false --ip-masq=false --shutdown-timeout 3 \
      >>"$STATE_DIR/dockerd-m$n.log" 2>&1 < /dev/null ) &
  # setsid, ip netns exec and unshare all exec: this is the engine's own pid.
  MGR_STARTED[$n]=$!
}
declare -A MGR_STARTED=()

mgr_engine_wait() {
  local n=$1 i
  for i in $(seq 1 120); do
    mgr_answers "$n" && return 0
    # An engine that exited (a bad flag, a busy socket) will not answer: say so now.
    if [ -n "${MGR_STARTED[$n]:-}" ] && ! kill -0 "${MGR_STARTED[$n]}" 2>/dev/null; then break; fi
    sleep 0.5
  done
  tail -n 20 "$STATE_DIR/dockerd-m$n.log" >&2 || true
  die "manager engine $n did not answer within 60 s (log: $STATE_DIR/dockerd-m$n.log)"
}

mgr_image() {
  local n=$1
  mdocker "$n" image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  docker image inspect "$IMAGE" >/dev/null 2>&1 || ensure_image
  docker save "$IMAGE" | mdocker "$n" load >/dev/null
}

mgr_state() { timeout 10 docker -H "unix://$(mgr_sock "$1")" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown; }

# True when manager 1 lists exactly the three sandbox managers, Ready, all reachable, one of
# them the leader, and each engine's node is one of them (not a stale node of an older swarm).
mgr_swarm_healthy() {
  local rows n id
  rows=$(timeout 10 docker -H "unix://$(mgr_sock 1)" node ls --format '{{.ID}} {{.Hostname}} {{.Status}} {{.ManagerStatus}}' 2>/dev/null) || return 1
  [ "$(echo "$rows" | wc -l)" = 3 ] || return 1
  grep -q ' Leader$' <<< "$rows" || return 1
  for n in $MANAGERS; do
    grep -Eq "^[a-z0-9]+ $(mgr_host "$n") Ready (Leader|Reachable)$" <<< "$rows" || return 1
    id=$(timeout 10 docker -H "unix://$(mgr_sock "$n")" info --format '{{.Swarm.NodeID}}' 2>/dev/null) || return 1
    grep -q "^$id " <<< "$rows" || return 1
  done
}

mgr_wait_healthy() {  # seconds (a deadline: without a leader each check itself may take seconds)
  local end=$((SECONDS + $1))
  while [ $SECONDS -lt $end ]; do mgr_swarm_healthy && return 0; sleep 0.5; done
  return 1
}

mgr_fresh_swarm() {
  local n
  for n in $MANAGERS; do
    [ "$(mgr_state "$n")" = inactive ] || mdocker "$n" swarm leave --force >/dev/null 2>&1 || true
  done
  log "initialising the three-manager swarm on $(mgr_host 1) ($(mgr_addr 1))"
  mdocker 1 swarm init --advertise-addr "$(mgr_addr 1)" --listen-addr "$(mgr_addr 1):2377" >/dev/null
  local token
  token=$(mdocker 1 swarm join-token -q manager)
  for n in 2 3; do
    mdocker "$n" swarm join --token "$token" --advertise-addr "$(mgr_addr "$n")" \
      --listen-addr "$(mgr_addr "$n"):2377" "$(mgr_addr 1):2377" >/dev/null
  done
}

mgr_contexts() {
  local n name host out
  for n in $MANAGERS; do
    name=$(mgr_context "$n"); host="unix://$(mgr_sock "$n")"
    if docker context inspect "$name" >/dev/null 2>&1; then
      [ "$(docker context inspect "$name" --format '{{.Endpoints.docker.Host}}')" = "$host" ] \
        || docker context update "$name" --docker "host=$host" >/dev/null 2>&1
    else
      out=$(docker context create "$name" --description "swarm-services sandbox: manager $n of the three-manager swarm" \
        --docker "host=$host" 2>&1) || die "cannot create context $name: $out"
    fi
  done
}

cmd_managers_up() {
  is_root || die "only root can start the manager engines"
  command -v ip >/dev/null || die "the manager engines need iproute2 (apt-get install iproute2)"
  ensure_bridge || die "cannot create the sandbox bridge $BRIDGE"
  mgr_forwarding_on
  local n
  for n in $MANAGERS; do mgr_net_up "$n"; mgr_engine_start "$n"; done
  for n in $MANAGERS; do mgr_engine_wait "$n"; done
  # Only these jobs: a bare `wait` would also wait for the engines started above.
  local loads=()
  for n in $MANAGERS; do mgr_image "$n" & loads+=($!); done
  wait "${loads[@]}"
  if mgr_swarm_healthy; then
    :
  else
    # Engines restarted with their state (after a reboot or manager-stop) come back to the
    # same swarm once they have elected a leader; that takes a few election timeouts.
    local all_active=1
    for n in $MANAGERS; do
      local st
      for _ in $(seq 1 20); do st=$(mgr_state "$n"); [ "$st" = pending ] || break; sleep 0.5; done
      [ "$st" = active ] || all_active=0
    done
    if [ $all_active = 1 ] && mgr_wait_healthy 40; then
      log "the three managers are back in their swarm"
    else
      mgr_fresh_swarm
      mgr_wait_healthy 60 || die "the three-manager swarm did not become healthy: $(mdocker 1 node ls 2>&1 | tr '\n' ';')"
    fi
  fi
  mgr_contexts
  log "three-manager swarm ready: $(mgr_host 1)..$(mgr_host 3), leader $(cmd_leader 2>/dev/null || echo '?'), contexts $(mgr_context 1)..$(mgr_context 3)"
}

# Stops manager N's engine by its pid: SIGTERM, then SIGKILL after 20 s. Its state is kept.
mgr_engine_stop() {
  local n=$1 pidfile pid i
  pidfile=$(mgr_pidfile "$n")
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      log "manager engine $n did not stop in 20 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
      for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
  rm -f "$pidfile"
}

cmd_manager_stop() {
  mgr_check "${1:-}"
  mgr_engine_stop "$1"
  log "stopped manager engine $(mgr_host "$1")"
}

cmd_manager_start() {
  mgr_check "${1:-}"
  local n=$1 id m r
  is_root || die "only root can start a manager engine"
  ensure_bridge || die "cannot create the sandbox bridge $BRIDGE"
  mgr_forwarding_on
  mgr_net_up "$n"
  mgr_engine_start "$n"
  mgr_engine_wait "$n"
  id=$(mdocker "$n" info --format '{{.Swarm.NodeID}}')
  [ -n "$id" ] || die "$(mgr_host "$n") is in no swarm (run managers-up)"
  local end=$((SECONDS + 60))
  while [ $SECONDS -lt $end ]; do
    for m in $MANAGERS; do
      r=$(timeout 5 docker -H "unix://$(mgr_sock "$m")" node inspect "$id" --format '{{.ManagerStatus.Reachability}}' 2>/dev/null) || continue
      [ "$r" = reachable ] && { log "manager $(mgr_host "$n") is back and reachable"; return 0; }
    done
    sleep 0.5
  done
  die "$(mgr_host "$n") answers but its node did not become reachable within 60 s (is a quorum of managers running?)"
}

cmd_manager_cut() {
  mgr_check "${1:-}"
  ip link show "$(mgr_veth "$1")" >/dev/null 2>&1 || die "manager $1 has no link (run managers-up)"
  ip link set "$(mgr_veth "$1")" down
  log "cut $(mgr_host "$1") off the sandbox bridge (its socket still answers)"
}

cmd_manager_mend() {
  mgr_check "${1:-}"
  ip link show "$(mgr_veth "$1")" >/dev/null 2>&1 || die "manager $1 has no link (run managers-up)"
  ip link set "$(mgr_veth "$1")" up
  log "reconnected $(mgr_host "$1") to the sandbox bridge"
}

# The leader as most reachable managers see it: a cut-off former leader may still name itself.
cmd_leader() {
  local n host votes=""
  for n in $MANAGERS; do
    host=$(timeout 5 docker -H "unix://$(mgr_sock "$n")" node ls --filter role=manager \
      --format '{{.Hostname}} {{.ManagerStatus}}' 2>/dev/null | awk '$2 == "Leader" {print $1}') || continue
    [ -n "$host" ] && votes="$votes${host##*-}"$'\n'
  done
  [ -n "$votes" ] || die "no reachable manager knows a leader"
  echo -n "$votes" | sort | uniq -c | sort -rn | awk 'NR == 1 {print $2}'
}

cmd_managers_down() {
  local n ns stops=()
  # A manager engine takes seconds to stop; stop the three at once.
  for n in $MANAGERS; do mgr_engine_stop "$n" & stops+=($!); done
  wait "${stops[@]}"
  for n in $MANAGERS; do
    ns=$(mgr_ns "$n")
    # Whatever is left in the namespace is the engine's: containerd, shims, task processes.
    if netns_exists "$ns"; then
      local pids
      pids=$(ip netns pids "$ns" 2>/dev/null || true)
      # shellcheck disable=SC2086
      [ -n "$pids" ] && { kill -9 $pids 2>/dev/null || true; sleep 0.5; }
      ip netns del "$ns" || true
    fi
    ip link del "$(mgr_veth "$n")" >/dev/null 2>&1 || true
    rm -rf --one-file-system "/var/lib/swarm-services-m$n" "/run/swarm-services-m$n"
    rm -f "$(mgr_sock "$n")" "$(mgr_pidfile "$n")"
    docker context inspect "$(mgr_context "$n")" >/dev/null 2>&1 && docker context rm --force "$(mgr_context "$n")" >/dev/null 2>&1
  done
  mgr_forwarding_off
  log "removed the three-manager swarm"
}

mgr_any_up() { local n; for n in $MANAGERS; do [ -S "$(mgr_sock "$n")" ] && return 0; done; return 1; }

mgr_status() {
  mgr_any_up || return 0
  local n st
  for n in $MANAGERS; do
    if mgr_answers "$n"; then st=$(mgr_state "$n"); else st="not running"; fi
    echo "manager $n ($(mgr_host "$n"), unix://$(mgr_sock "$n")): $st"
  done
  echo "managers' leader: $(cmd_leader 2>/dev/null || echo none)"
}

# Stops the dockerd this script started (and only that one).
cmd_stop_engine() {
  local pidfile="$STATE_DIR/dockerd.pid" pid
  [ -f "$pidfile" ] || { log "no engine started by the sandbox"; return 0; }
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid"
    local i
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    log "stopped dockerd ($pid)"
  fi
  rm -f "$pidfile"
}

cmd_status() {
  engine_up || { echo "engine: not running"; return 0; }
  echo "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
  echo "swarm: $(swarm_state)"
  docker service ls
  mgr_status
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  stop-engine) cmd_stop_engine ;;
  solo-up) cmd_solo_up ;;
  worker-up) cmd_worker_up ;;
  ssh-up) cmd_ssh_up ;;
  ssh-down) cmd_ssh_down ;;
  worker-stop) cmd_worker_stop ;;
  worker-down) cmd_worker_down ;;
  solo-down) cmd_solo_down ;;
  managers-up) cmd_managers_up ;;
  managers-down) cmd_managers_down ;;
  manager-stop) cmd_manager_stop "${2:-}" ;;
  manager-start) cmd_manager_start "${2:-}" ;;
  manager-cut) cmd_manager_cut "${2:-}" ;;
  manager-mend) cmd_manager_mend "${2:-}" ;;
  leader) cmd_leader ;;
  *) echo "usage: $0 up [--demo] | down | stop-engine | solo-up | solo-down | worker-up | worker-stop | worker-down | ssh-up | ssh-down | managers-up | managers-down | manager-stop N | manager-start N | manager-cut N | manager-mend N | leader | status" >&2; exit 2 ;;
esac
