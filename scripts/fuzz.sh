#!/bin/sh
# make fuzz: runs each libFuzzer harness for SECONDS, seeded from fixtures/, and prints one line
# per harness (executions, corpus size, crashes). Exit 1 when any harness found a crash or leak.
# usage: scripts/fuzz.sh BUILD SECONDS HARNESS...
set -u
BUILD=$1
SECS=$2
shift 2

# The fixture files each harness starts from.
seeds() {
    case $1 in
        fuzz_netsh) ls fixtures/*/netsh-http-show-sslcert*.txt ;;
        fuzz_certutil) ls fixtures/*/certutil-*store-*.txt ;;
        fuzz_appcmd) ls fixtures/*/appcmd-*.txt ;;
        fuzz_netsh_result) ls fixtures/netsh-results/*.txt ;;
        *) echo "fuzz: scripts/fuzz.sh names no seeds for $1" >&2; return 1 ;;
    esac
}

failed=""
for h in "$@"; do
    corpus=$BUILD/corpus/$h
    seeddir=$BUILD/seeds/$h
    art=$BUILD/artifacts/$h
    log=$BUILD/$h.log
    rm -rf "$seeddir" "$art"
    mkdir -p "$corpus" "$seeddir" "$art"
    list=$(seeds "$h") || { failed="$failed $h"; continue; }
    n=0
    for f in $list; do
        cp "$f" "$seeddir/$(echo "$f" | tr / _)"
        n=$((n + 1))
    done
    "$BUILD/fuzz/$h" -max_total_time="$SECS" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$art/" "$corpus" "$seeddir" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=$(find "$art" -type f | wc -l)
    echo "$h: ${execs:-?} executions in ${SECS} s from $n seeds, corpus $(find "$corpus" -type f | wc -l) inputs, $crashes crashes"
    if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
        failed="$failed $h"
        grep -m1 -A30 -E '^==[0-9]+==ERROR|runtime error|^==[0-9]+== ERROR|deadly signal' "$log" | head -40
        echo "  full log: $log; input: $(find "$art" -type f | head -1)"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: FAILED:$failed"
    exit 1
fi
echo "fuzz: no crash, no leak"
