#!/bin/sh
# make fuzz: runs each libFuzzer harness for SECONDS, seeded from fixtures/, and prints one line
# per harness (executions, corpus size, crashes). Exit 1 when any harness found a crash or leak.
# usage: scripts/fuzz.sh BUILD SECONDS HARNESS...
set -u
BUILD=$1
SECS=$2
shift 2

# Fills DIR with the seeds harness NAME starts from, all taken from fixtures/.
seed() { # NAME DIR
    case $1 in
        fuzz_netsh | fuzz_plan) copy_seeds "$2" fixtures/*/netsh-http-show-sslcert*.txt ;;
        fuzz_certutil) copy_seeds "$2" fixtures/*/certutil-*store-*.txt ;;
        fuzz_appcmd) copy_seeds "$2" fixtures/*/appcmd-*.txt ;;
        fuzz_hostname) copy_seeds "$2" fixtures/*/appcmd-*.txt
            printf '%s' "bücher.example" >"$2/idn"
            printf '%s' "Shop.Northwind-Traders.example." >"$2/ascii" ;;
        fuzz_netsh_result) copy_seeds "$2" fixtures/netsh-results/*.txt ;;
        fuzz_request) copy_seeds "$2" fixtures/certutil-dump-en/*.txt fixtures/request-records/*.json ;;
        fuzz_task_xml) copy_seeds "$2" tests/golden/task-*.xml fixtures/schtasks-iis-autocertrebind/*.xml ;;
        fuzz_backup) copy_seeds "$2" fixtures/backups/*.backup fixtures/*/netsh-http-show-sslcert*.txt ;;
        fuzz_script) # one seed per distinct value the listings show (host names, hashes, GUIDs, stores...)
            i=0
            for v in $(cat fixtures/*/netsh-http-show-sslcert.txt | tr -d '\r' | sed -n 's/^.* : //p' | sort -u | tr ' ' '_'); do
                printf '%s' "${v%%.*}" >"$2/value-$i"
                i=$((i + 1))
            done ;;
        *) echo "fuzz: scripts/fuzz.sh names no seeds for $1" >&2; return 1 ;;
    esac
}

copy_seeds() { # DIR FILE...
    dir=$1
    shift
    for f in "$@"; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done
}

failed=""
for h in "$@"; do
    corpus=$BUILD/corpus/$h
    seeddir=$BUILD/seeds/$h
    art=$BUILD/artifacts/$h
    log=$BUILD/$h.log
    rm -rf "$seeddir" "$art"
    mkdir -p "$corpus" "$seeddir" "$art"
    seed "$h" "$seeddir" || { failed="$failed $h"; continue; }
    n=$(find "$seeddir" -type f | wc -l)
    dict=""
    [ -f "tests/fuzz/$h.dict" ] && dict="-dict=tests/fuzz/$h.dict"
    "$BUILD/fuzz/$h" -max_total_time="$SECS" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 $dict \
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
