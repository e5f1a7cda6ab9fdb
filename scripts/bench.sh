#!/bin/sh
# make bench: throughput and peak memory on generated inputs (see scripts/bench.py).
set -eu
exec python3 "$(dirname "$0")/bench.py" "$1" "$2"
