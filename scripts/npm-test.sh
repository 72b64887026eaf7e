#!/usr/bin/env bash
# `npm test`: type check, lint, build and the unit tier, then the integration, extension-host
# and end-to-end tiers. The three-manager integration tests (test/integration/managers.test.ts)
# run meanwhile, from the start, in a second mocha: they use a swarm of their own (scripts/
# sandbox.sh managers-up) and spend most of their ~3 minutes waiting for the Engine's
# elections, so beside the checks they add little to the run. Their output is shown, whole,
# once the unit tier is done, and the rest of the integration tier starts only after them (it
# shares the machine with the main swarm's timing-sensitive tests).
set -uo pipefail
cd "$(dirname "$0")/.."

MANAGERS_TESTS=test/integration/managers.test.ts
out=$(mktemp)
managers=
cleanup() {
  [ -n "$managers" ] && kill "$managers" 2>/dev/null
  rm -f "$out"
}
trap cleanup EXIT

start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start ))s"; }
# Its own config: a file named on mocha's command line is added to a config's spec, not put in its place.
npx mocha --config test/integration/.mocharc.managers.json >"$out" 2>&1 &
managers=$!

npm run typecheck && npm run lint && npm run build && npm run test:unit || exit 1
checked=$(elapsed)

wait "$managers"
three=$?
managers=
echo
echo "--- the three-manager integration tests, run beside the checks above (exit $three; checks and unit tier done at $checked, these at $(elapsed)):"
cat "$out"
[ "$three" = 0 ] || exit 1

npx mocha --config test/integration/.mocharc.json --ignore "$MANAGERS_TESTS" || exit 1
npm run test:extension || exit 1
npm run test:e2e
