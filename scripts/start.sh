#!/usr/bin/env bash
# Opens Swarm Services in a real VS Code against the local sandbox swarm with demo services.
# Installs what is missing (idempotent), packages the extension as a .vsix, installs it into
# code-server bound to 127.0.0.1 and prints the URL to open. Ctrl+C stops what it started.
#
#   SWARM_SERVICES_PORT=8080 bash scripts/start.sh     pick the port (default: a free one)
#   SWARM_SERVICES_DESKTOP=1 bash scripts/start.sh     use desktop VS Code (`code`) instead
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
STATE_DIR="${SWARM_SERVICES_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/swarm-services}"
mkdir -p "$STATE_DIR"

engine_was_up=0
docker version >/dev/null 2>&1 && engine_was_up=1

bash scripts/ensure-system.sh --no-browser
# A node_modules that is a link (one install shared by several checkouts) is left alone: npm ci
# would empty the directory it points to, under the other checkouts too.
if [ -L node_modules ]; then
  echo "node_modules is a link: not reinstalled here" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/sandbox.sh up --demo
npm run --silent package

if [ "${SWARM_SERVICES_DESKTOP:-0}" = 1 ] && command -v code >/dev/null; then
  code --install-extension "$repo/swarm-services.vsix" --force
  code "$repo"
  echo "Opened desktop VS Code with Swarm Services; the sandbox swarm keeps running (stop: bash scripts/sandbox.sh down)."
  exit 0
fi

eval "$(bash scripts/install-code-server.sh)"
profile="$STATE_DIR/code-server"
mkdir -p "$profile/data/User" "$profile/extensions"
cat > "$profile/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false
}
JSON
printf 'auth: none\n' > "$profile/config.yaml"
"$NODE24" "$CODE_SERVER_ENTRY" --user-data-dir "$profile/data" --extensions-dir "$profile/extensions" \
  --install-extension "$repo/swarm-services.vsix" --force >"$profile/install.log" 2>&1 \
  || { cat "$profile/install.log" >&2; exit 1; }

log="$profile/code-server.log"
"$NODE24" "$CODE_SERVER_ENTRY" --auth none --bind-addr "127.0.0.1:${SWARM_SERVICES_PORT:-0}" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$profile/data" --extensions-dir "$profile/extensions" --config "$profile/config.yaml" \
  "$repo" >"$log" 2>&1 &
cs_pid=$!

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping code-server and removing the demo services..."
  kill "$cs_pid" 2>/dev/null || true
  wait "$cs_pid" 2>/dev/null || true
  bash scripts/sandbox.sh down || true
  [ "$engine_was_up" = 1 ] || bash scripts/sandbox.sh stop-engine || true
}
trap cleanup INT TERM EXIT

url=""
for _ in $(seq 1 120); do
  url=$(grep -o 'HTTP server listening on http://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.* on //') || true
  [ -n "$url" ] && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "code-server did not start; see $log" >&2; exit 1; }
echo
echo "Swarm Services is running in VS Code (code-server) at:"
echo "    $url/?folder=$repo"
echo "Open it in a browser on this machine and click the Docker Swarm icon in the activity bar."
echo "Press Ctrl+C to stop."
wait "$cs_pid"
