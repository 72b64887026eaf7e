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
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
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
npm test
step "all tests passed"
