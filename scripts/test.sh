#!/usr/bin/env bash
# Runs every test tier on this machine, installing what they need first (idempotent):
# system packages, npm dependencies, code-server, the sandbox swarm, its private registry and the separate
# three-manager swarm. Then `npm test`:
# type check, lint, unit, integration (real swarm) and extension-host (real VS Code).
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - start ))s)"; }

step "system packages"
bash scripts/ensure-system.sh
step "npm dependencies"
# A node_modules that is a link (one install shared by several checkouts) is left alone: npm ci
# would empty the directory it points to, under the other checkouts too.
if [ -L node_modules ]; then
  echo "node_modules is a link: not reinstalled here" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
step "code-server (real VS Code workbench)"
bash scripts/install-code-server.sh >/dev/null
step "sandbox swarm"
bash scripts/sandbox.sh up
bash scripts/sandbox.sh solo-up
bash scripts/sandbox.sh ssh-up
# A separate three-manager swarm for the leader-loss, quorum and partition tests.
bash scripts/sandbox.sh managers-up
# sandbox.sh up starts it when it can; the tests need it, so here a failure stops the run.
bash scripts/registry.sh up
step "npm test"
if ! npm test; then
  # What the machine says, for a failure that came from it (a lost engine, a full disk).
  echo "==> npm test failed ($(( $(date +%s) - start ))s); the machine:"
  df -h /var/lib/docker /tmp 2>&1 | sed 's/^/    /'
  { bash scripts/sandbox.sh status 2>&1 || true; } | head -n 3 | sed 's/^/    /' || true
  exit 1
fi
step "all tests passed"
