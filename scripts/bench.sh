#!/usr/bin/env bash
# `npm run bench`: brings up what the benchmark needs, as the test command does (idempotent):
# system packages, npm dependencies, code-server (the activation, flood and extension-host heap
# rows run in a real extension host), the sandbox swarm with its image and private registry.
# Then the production bundle and scripts/bench/run.ts. Whatever cannot be brought up stops it
# here, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system.sh
# A node_modules that is a link (one install shared by several checkouts) is left alone: npm ci
# would empty the directory it points to, under the other checkouts too.
if [ -L node_modules ]; then
  echo "node_modules is a link: not reinstalled here" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-code-server.sh >/dev/null
bash scripts/sandbox.sh up
# sandbox.sh up starts it when it can; the registry rows need it, so here a failure stops the run.
bash scripts/registry.sh up
node esbuild.mjs --production
exec npx --no-install tsx scripts/bench/run.ts
