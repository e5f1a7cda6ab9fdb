#!/usr/bin/env python3
"""The comparison baseline for `make bench`: what an admin's script does with `netsh http show
sslcert` output. Reads FILE line by line, splits each "Label : value" line with one regular
expression, groups the lines into records at blank lines and prints the records as JSON.
usage: bench-regex-parser.py FILE > out.json"""
import json
import re
import sys

FIELD = re.compile(r"^\s*(.+?)\s+:\s*(.*?)\s*$")


def main():
    records, cur = [], None
    with open(sys.argv[1], encoding="utf-8", errors="replace", newline=None) as f:
        for line in f:
            m = FIELD.match(line)
            if not m:
                if cur and not line.strip():
                    records.append(cur)
                    cur = None
                continue
            if cur is None:
                cur = {}
            cur[m.group(1)] = m.group(2)
    if cur:
        records.append(cur)
    json.dump({"bindings": records}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
