#!/bin/sh
# make demo: the main job on the bundled demo host (fixtures/demo-wildcard-renewal): a wildcard
# certificate about to expire, its renewal already in the store, several sockets and IIS sites.
set -u
BIN=$1
DEMO=$(cd "$(dirname "$0")/.." && pwd)/fixtures/demo-wildcard-renewal
OLD=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e
NEW=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
# --now pins the clock so the report reads the same whenever it is run.
echo "== certrebind bindings --from $DEMO"
"$BIN" bindings --from "$DEMO"
echo
if "$BIN" --help | grep -q '^  certrebind plan' && "$BIN" plan --help >/dev/null 2>&1; then
    echo "== certrebind plan --from DEMO --old $OLD --new $NEW --now 2026-11-23"
    "$BIN" plan --from "$DEMO" --old "$OLD" --new "$NEW" --now 2026-11-23
    rc=$?
    # 0: a plan without warnings; 1: refused or warnings that need --force, which the demo shows on purpose
    [ "$rc" -le 1 ] || exit "$rc"
fi
exit 0
