#!/usr/bin/env bash
# The integration tier as `npm test` runs it: the three-manager tests (test/integration/
# managers.test.ts) beside all the others, in a second mocha. They use a swarm of their own
# (scripts/sandbox.sh managers-up) and spend most of their ~3 minutes waiting for the Engine's
# elections, so beside the others they add almost nothing to the run. Their output is shown
# after the others', whole. Fails if either fails. (`npm run test:integration` runs them all
# one after the other, with mocha's own options.)
set -uo pipefail
cd "$(dirname "$0")/.."

MANAGERS_TESTS=test/integration/managers.test.ts
out=$(mktemp)
trap 'rm -f "$out"' EXIT
npx mocha --config test/integration/.mocharc.json "$MANAGERS_TESTS" >"$out" 2>&1 &
managers=$!
npx mocha --config test/integration/.mocharc.json --ignore "$MANAGERS_TESTS"
others=$?
wait "$managers"
three=$?
echo
echo "--- the three-manager tests, run beside the others (exit $three):"
cat "$out"
[ "$others" = 0 ] && [ "$three" = 0 ]
