#!/bin/sh
# Command-line tests: exit codes of the contract and JSON validity checked by a real JSON parser.
# usage: tests/cli/run.sh BIN BUILD_DIR
set -u
BIN=$1
BUILD=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

json_valid() { python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$1" 2>/dev/null; }

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
    want=$1; desc=$2; shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else bad "$desc: exit $got, wanted $want ($(head -c 300 "$TMP/err"))"; fi
}

# --- bindings on every fixture host: valid JSON, exit 0, and the text table works
for dir in "$FIX"/*/; do
    [ -f "$dir/netsh-http-show-sslcert.txt" ] || continue
    name=$(basename "$dir")
    expect_exit 0 "bindings --from $name" -- "$BIN" bindings --from "$dir" --format json
    cp "$TMP/out" "$TMP/from.json"
    if json_valid "$TMP/out"; then ok; else bad "bindings --from $name: invalid JSON"; fi
    n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["bindings"]))' "$TMP/out" 2>/dev/null)
    case "$name" in
        *empty*) [ "$n" = 0 ] && ok || bad "$name: expected 0 bindings, got $n" ;;
        *) [ -n "$n" ] && [ "$n" -gt 0 ] && ok || bad "$name: expected bindings, got '$n'" ;;
    esac
    expect_exit 0 "bindings text --from $name" -- "$BIN" bindings --from "$dir"
    # the same bytes through --input and through standard input
    "$BIN" bindings --input "$dir/netsh-http-show-sslcert.txt" --format json >"$TMP/a" 2>/dev/null
    "$BIN" bindings --input - --format json <"$dir/netsh-http-show-sslcert.txt" >"$TMP/b" 2>/dev/null
    if cmp -s "$TMP/a" "$TMP/b" && cmp -s "$TMP/a" "$TMP/from.json"; then ok; else bad "$name: --input/stdin/--from differ"; fi
done

# --- contract: JSON fields of a known binding (demo host, first record)
"$BIN" bindings --from "$FIX/demo-wildcard-renewal" --format json >"$TMP/demo.json" 2>/dev/null
if python3 - "$TMP/demo.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d["bindings"][0]
assert b["kind"] == "ipport" and b["socket"] == "0.0.0.0:443", b
assert b["certhash"] == "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e", b
assert b["appid"] == "{4dc3e181-e14b-4a21-b022-59fc669b0914}" and b["store"] == "MY", b
assert b["settings"]["verifyclientcertrevocation"] == "enable", b
assert b["settings"]["sslctlidentifier"] is None, b
e = [x for x in d["bindings"] if x["socket"] == "portal.northwind-traders.example:443"][0]
assert e["kind"] == "hostnameport" and e["store"] is None, e
PY
then ok; else bad "demo JSON does not match the contract"; fi

# --- errors and exit codes
expect_exit 2 "no command" -- "$BIN"
expect_exit 2 "unknown command" -- "$BIN" frobnicate
expect_exit 2 "unknown option" -- "$BIN" bindings --frob
expect_exit 2 "bad format" -- "$BIN" bindings --format xml
expect_exit 2 "--input with --from" -- "$BIN" bindings --input x --from y
expect_exit 0 "--help" -- "$BIN" --help
# every command has its usage line, generated from the option table
for c in bindings certs plan apply restore audit; do
    grep -q "^  certrebind $c " "$TMP/out" && ok || bad "--help has no usage line for $c"
done
expect_exit 0 "--help after a command" -- "$BIN" plan --help
# each command takes only its own options, and says which option is wrong where
expect_exit 2 "bindings --old" -- "$BIN" bindings --from "$FIX/demo-wildcard-renewal" --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e
grep -q "bindings does not take --old" "$TMP/err" && ok || bad "bindings --old: message does not name the option and command: $(cat "$TMP/err")"
expect_exit 2 "bindings --yes" -- "$BIN" bindings --from "$FIX/demo-wildcard-renewal" --yes
expect_exit 2 "plan --yes" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto --yes
expect_exit 2 "plan --input" -- "$BIN" plan --input "$FIX/demo-wildcard-renewal/netsh-http-show-sslcert.txt" --auto
expect_exit 2 "audit --store" -- "$BIN" audit --from "$FIX/demo-wildcard-renewal" --store My
expect_exit 2 "restore --force" -- "$BIN" restore some.backup --force
# a tool a command never runs is not an option of it (bindings runs netsh only, certs and request
# certutil only, restore netsh only)
expect_exit 2 "certs --netsh" -- "$BIN" certs --netsh /bin/true
grep -q "certs does not take --netsh" "$TMP/err" && ok || bad "certs --netsh: $(cat "$TMP/err")"
expect_exit 2 "bindings --certutil" -- "$BIN" bindings --certutil /bin/true
expect_exit 2 "bindings --appcmd" -- "$BIN" bindings --appcmd /bin/true
expect_exit 2 "restore --certutil" -- "$BIN" restore some.backup --certutil /bin/true
expect_exit 2 "request --netsh" -- "$BIN" request --netsh /bin/true
expect_exit 2 "bindings --format cmd" -- "$BIN" bindings --from "$FIX/demo-wildcard-renewal" --format cmd
expect_exit 2 "certs --format cmd" -- "$BIN" certs --from "$FIX/demo-wildcard-renewal" --format cmd
expect_exit 2 "certs --date-order us" -- "$BIN" certs --from "$FIX/demo-wildcard-renewal" --date-order us
grep -q -- "--date-order takes mdy|dmy|ymd, not 'us'" "$TMP/err" && ok || bad "certs --date-order us: $(cat "$TMP/err")"
expect_exit 2 "certs takes no argument (the store is --store)" -- "$BIN" certs --from "$FIX/demo-wildcard-renewal" WebHosting
expect_exit 2 "a flag given a value" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto=yes
expect_exit 2 "an option without its value" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto --days
expect_exit 2 "plan takes no arguments" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto extra
expect_exit 2 "restore without a backup file" -- "$BIN" restore --yes
expect_exit 2 "restore with two backup files" -- "$BIN" restore a.backup b.backup
# a single-value option given twice is ambiguous: refused, whichever form
expect_exit 2 "--format twice" -- "$BIN" bindings --from "$FIX/demo-wildcard-renewal" --format json --format text
grep -q "'--format' is given twice" "$TMP/err" && ok || bad "--format twice: $(cat "$TMP/err")"
expect_exit 2 "--new twice (= form)" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --socket ipport=0.0.0.0:443 --new=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --new 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e
# an option the selection would ignore is refused, not dropped without a word
OLDH=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e NEWH=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
expect_exit 2 "--appid with --old/--new" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --old $OLDH --new $NEWH --appid "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
grep -q -- "--appid goes with --socket only" "$TMP/err" && ok || bad "--appid with --old: $(cat "$TMP/err")"
expect_exit 2 "--appid with --auto (JSON)" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto --appid "{4dc3e181-e14b-4a21-b022-59fc669b0914}" --format json
json_valid "$TMP/out" && grep -q -- "--appid goes with --socket only" "$TMP/out" && ok || bad "plan --auto --appid: no JSON error object: $(cat "$TMP/out")"
expect_exit 2 "--days with --old/--new" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --old $OLDH --new $NEWH --days 10
grep -q -- "--days goes with --auto" "$TMP/err" && ok || bad "--days with --old: $(cat "$TMP/err")"
expect_exit 2 "--days with --socket" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --socket ipport=0.0.0.0:443 --new $NEWH --days 10
expect_exit 0 "a flag twice is harmless" -- "$BIN" plan --from "$FIX/demo-wildcard-renewal" --auto --force --force --now 2026-11-23
# a usage error under --format json still prints one JSON object (people read standard error)
"$BIN" bindings --format json --frob >"$TMP/out" 2>"$TMP/err"
if [ $? = 2 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 2 and "--frob" in d["errors"][0], d' "$TMP/out" && grep -q "unknown option" "$TMP/err"; then ok; else bad "bindings --format json --frob: $(cat "$TMP/out")"; fi
# a command that fails before it has anything to report, asked for JSON: {"exit": 1, "errors": [...]}
for c in "bindings --input $TMP/does-not-exist" "plan --from $TMP/no-such-host --auto"; do
    "$BIN" $c --format json >"$TMP/out" 2>/dev/null
    rc=$?
    if [ $rc = 1 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 1 and d["errors"], d' "$TMP/out"; then ok; else bad "$c --format json: exit $rc, $(head -c 300 "$TMP/out")"; fi
done
"$BIN" plan --from "$FIX/demo-wildcard-renewal" --format json >"$TMP/out" 2>/dev/null
if [ $? = 2 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 2 and "selection" in d["errors"][0], d' "$TMP/out"; then ok; else bad "plan --format json without a selection: $(head -c 300 "$TMP/out")"; fi
"$BIN" bindings --frob >"$TMP/out" 2>/dev/null
[ ! -s "$TMP/out" ] && ok || bad "a usage error without --format json printed on standard output"
# the parser accepts exactly what --help says: every option for the commands listed beside it (or
# all), and no other (an unknown option after it shows it was accepted; nothing runs)
if python3 - "$BIN" <<'PY'
import re, subprocess, sys
binary = sys.argv[1]
help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
commands = re.findall(r"^  certrebind ([a-z]+(?: [a-z]+)?)\s", help_text, re.M)
samples = {"--format": "json", "--days": "5", "--codepage": "437", "--timeout": "5", "--update": "auto",
           "--date-order": "dmy", "--now": "2026-01-01", "--max-input": "10", "--at": "03:00"}
bad = []
option_help = help_text[help_text.index("\nOptions:"):]
rows = {}  # an option name may have one row per meaning (--print: request's flag, schedule install's DIR)
for m in re.finditer(r"^  (--[a-z-]+)( \S+)?\n?\s+.*?(?:\[([a-z, ]+)\])?$", option_help, re.M):
    name, value, listed = m.group(1), m.group(2), m.group(3)
    rows.setdefault(name, []).append((value, [c.strip() for c in listed.split(",")] if listed else commands))
for name, meanings in rows.items():
    for c in commands:
        row = next((r for r in meanings if c in r[1]), None)
        value = (row or meanings[0])[0]
        argv = [binary] + c.split() + [name] + ([samples.get(name, "x")] if value else []) + ["--zz-end"]
        err = subprocess.run(argv, capture_output=True, text=True).stderr
        # the value is checked only once the option is known to belong to the command
        accepted = "unknown option '--zz-end'" in err or "certrebind: %s takes " % name in err
        refused = "%s does not take %s" % (c, name) in err
        if (row is not None) != accepted or accepted == refused:
            bad.append("%s %s: %s" % (c, name, err.strip().splitlines()[0] if err.strip() else "(nothing)"))
if len(commands) < 6 or bad:
    print("\n".join(bad) or "commands: %s" % commands)
    sys.exit(1)
PY
then ok; else bad "the parser and --help disagree (above)"; fi
# the man page is the reference: every command in its synopsis and COMMANDS, every option of --help
# in it, each option's entry naming every command that takes it (as --help lists them), every exit status
if python3 - "$BIN" "$ROOT/man/certrebind.1" <<'PY'
import re, subprocess, sys
help_text = subprocess.run([sys.argv[1], "--help"], capture_output=True, text=True).stdout
man = open(sys.argv[2], encoding="utf-8").read().replace("\\-", "-")
plain = re.sub(r"\\f[BIRP]", "", man)
commands = re.findall(r"^  certrebind ([a-z]+(?: [a-z]+)?)\s", help_text, re.M)
bad = []
synopsis = plain[plain.index(".SH SYNOPSIS"):plain.index(".SH DESCRIPTION")]
command_section = plain[plain.index(".SH COMMANDS"):plain.index(".SH SELECTION")]
for c in commands:
    if ".B certrebind %s\n" % c not in synopsis:
        bad.append("synopsis lacks %s" % c)
    if not re.search(r"^\.B %s$" % c, command_section, re.M):
        bad.append("COMMANDS lacks %s" % c)
option_help = help_text[help_text.index("\nOptions:"):]
takers = {}
for m in re.finditer(r"^  (--[a-z-]+)( \S+)?\n?\s+.*?(?:\[([a-z, ]+)\])?$", option_help, re.M):
    listed = [c.strip() for c in m.group(3).split(",")] if m.group(3) else commands
    takers.setdefault(m.group(1), set()).update(listed)
options = plain[plain.index(".SH OPTIONS"):plain.index(".SS What is read")]
entries = {}  # option -> the text of its .TP entries (a term may name several options)
for block in options.split(".TP\n")[1:]:
    term, _, body = block.partition("\n")
    for name in re.findall(r"--[a-z-]+", term):
        entries[name] = entries.get(name, "") + " " + body.split("\n.SS")[0]
for name, cs in sorted(takers.items()):
    if name not in plain:
        bad.append("%s is not in the man page" % name)
    elif name in entries:  # SELECTION options are described under SELECTION
        for c in sorted(cs):
            if not re.search(r"(^|[^a-z])%s([^a-z]|$)" % re.escape(c), entries[name]):
                bad.append("the man page entry of %s does not name %s" % (name, c))
    elif not re.search(r"^\.TP\n%s" % re.escape(name), plain[plain.index(".SH SELECTION"):], re.M) and name not in plain[plain.index(".SH SELECTION"):plain.index(".SH APPLY")]:
        bad.append("%s has no man page entry" % name)
# each command's synopsis names every option its --help usage line names
blocks = dict((b.partition("\n")[0].strip(), b.partition("\n")[2]) for b in re.split(r"\n\.B certrebind ", synopsis)[1:])
for m in re.finditer(r"^  certrebind ([a-z]+(?: (?:install|show|remove))?)  *(.*)$", help_text, re.M):
    for name in re.findall(r"--[a-z-]+", m.group(2)):
        if name not in blocks.get(m.group(1), ""):
            bad.append("the synopsis of %s lacks %s" % (m.group(1), name))
status = plain[plain.index(".SH EXIT STATUS"):plain.index(".SH FILES")]
for code in range(6):
    if not re.search(r"^\.TP\n%d\n" % code, status, re.M):
        bad.append("EXIT STATUS lacks %d" % code)
if bad or len(commands) < 13:
    print("\n".join(bad) or "commands: %s" % commands)
    sys.exit(1)
PY
then ok; else bad "the man page does not document what --help lists (above)"; fi
# every member of the JSON reports (and of their list items) is named in the man page's JSON section
for c in "bindings --from $FIX/demo-wildcard-renewal" "certs --from $FIX/ws2022-en" "plan --from $FIX/iis-shared-443-zh-tw --socket ipport=0.0.0.0:443 --new ad0437996b0871283b53485acaea67b99019ec22 --now 2026-11-29 --force" "audit --from $FIX/iis-shared-443-zh-tw --now 2026-11-29" "bind --from $FIX/iis-shared-443-zh-tw --site Library --host new.ncut.edu.tw --now 2026-11-29"; do
    "$BIN" $c --format json >"$TMP/out" 2>/dev/null
    if python3 - "$TMP/out" "$ROOT/man/certrebind.1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
man = open(sys.argv[2], encoding="utf-8").read().replace("\\-", "-")
section = re.sub(r"\\f[BIRP]", "", man[man.index(".SS JSON"):man.index(".SH SCHEDULED TASKS")])
keys = set(d)
for v in d.values():
    for item in v if isinstance(v, list) else []:
        if isinstance(item, dict):
            keys |= set(item)
missing = sorted(k for k in keys if not re.search(r"(^|[^a-z_])%s([^a-z_]|$)" % re.escape(k), section))
if missing:
    print("not in the man page's JSON section: %s" % ", ".join(missing))
    sys.exit(1)
PY
    then ok; else bad "${c%% *} --format json has undocumented members (above)"; fi
done
# --now must be a real date
expect_exit 2 "--now 2026-02-31" -- "$BIN" audit --from "$FIX/demo-wildcard-renewal" --now 2026-02-31
grep -q "not '2026-02-31'" "$TMP/err" && ok || bad "--now 2026-02-31: $(cat "$TMP/err")"
expect_exit 2 "--now 2025-02-29" -- "$BIN" audit --from "$FIX/demo-wildcard-renewal" --now 2025-02-29
expect_exit 1 "--now 2028-02-29 is a date (the audit runs: by then the certificates have expired)" -- "$BIN" audit --from "$FIX/demo-wildcard-renewal" --now 2028-02-29T12:00:00 --days 0
expect_exit 0 "--version" -- "$BIN" --version
expect_exit 1 "missing input file" -- "$BIN" bindings --input "$TMP/does-not-exist"
: >"$TMP/empty.txt"
expect_exit 1 "empty netsh output (Wine's stub)" -- "$BIN" bindings --input "$TMP/empty.txt"
if grep -q "netsh printed nothing" "$TMP/err"; then ok; else bad "empty output: message does not say netsh printed nothing"; fi
head -c 5000 /dev/urandom >"$TMP/garbage.bin"
expect_exit 1 "binary garbage" -- "$BIN" bindings --input "$TMP/garbage.bin"
expect_exit 1 "unsupported code page" -- "$BIN" bindings --input "$FIX/ws2016-de/netsh-http-show-sslcert.txt" --codepage 932
if [ "$(uname -s)" = Linux ]; then
    expect_exit 1 "live netsh on Linux without --netsh" -- "$BIN" bindings
    if grep -q "not Windows" "$TMP/err"; then ok; else bad "live on Linux: unclear message"; fi
    # a program that prints nothing and exits 0, like Wine's netsh stub
    expect_exit 1 "stub netsh" -- "$BIN" bindings --netsh /bin/true
fi

# --- plan: one golden file per format on the demo host (UPDATE_GOLDEN=1 rewrites them)
GOLD=$ROOT/tests/golden
DEMO=$FIX/demo-wildcard-renewal
PLAN="plan --from $DEMO --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23"
# Golden files say "certrebind @VERSION@" where the output names the program's version, so that
# bumping VERSION changes no golden file; the output is compared with the real version put back.
VERSION=$("$BIN" --version | sed -n 's/^certrebind //p')
[ -n "$VERSION" ] && ok || bad "--version prints no version"
golden() { # NAME FILE
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then sed "s/certrebind $VERSION /certrebind @VERSION@ /" "$2" >"$GOLD/$1"; fi
    sed "s/certrebind @VERSION@ /certrebind $VERSION /" "$GOLD/$1" >"$TMP/golden"
    if cmp -s "$2" "$TMP/golden"; then ok; else bad "golden $1 differs:"; diff "$TMP/golden" "$2" | head -20; fi
}
expect_exit 1 "plan text (warnings need --force)" -- "$BIN" $PLAN
golden demo-plan.txt "$TMP/out"
expect_exit 0 "plan json --force" -- "$BIN" $PLAN --force --format json
golden demo-plan.json "$TMP/out"
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(["steps", "warnings", "errors"]) <= set(d), d.keys()
assert len(d["steps"]) == 6 and d["errors"] == []
for s in d["steps"]:
    assert s["op"] == "update" and s["kind"] in ("ipport", "hostnameport") and s["argv"][:3] == ["http", "update", "sslcert"]
    assert "certhash=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17" in s["argv"]
PY
then ok; else bad "plan JSON does not follow the contract"; fi
expect_exit 0 "plan cmd --force" -- "$BIN" $PLAN --force --format cmd --output "$TMP/plan.cmd" --rollback "$TMP/rollback.cmd"
golden demo-plan.cmd "$TMP/plan.cmd"
golden demo-rollback.cmd "$TMP/rollback.cmd"
if grep -q "$(printf '\r$')" "$TMP/plan.cmd" && [ "$(grep -c "$(printf '[^\r]$')" "$TMP/plan.cmd")" = 0 ]; then ok; else bad "plan.cmd must have CRLF line ends"; fi
expect_exit 1 "plan cmd without --force is refused" -- "$BIN" $PLAN --format cmd
# --output works for every format, replaces the file whole, and leaves no temporary file behind
for f in text json cmd; do
    echo "old content" >"$TMP/report.$f"
    "$BIN" $PLAN --force --format $f >"$TMP/stdout.$f" 2>/dev/null
    expect_exit 0 "plan --format $f --output" -- "$BIN" $PLAN --force --format $f --output "$TMP/report.$f"
    if [ ! -s "$TMP/out" ] && cmp -s "$TMP/report.$f" "$TMP/stdout.$f"; then ok; else bad "plan --format $f --output: the file is not the report"; fi
done
for c in "bindings --from $DEMO" "certs --from $DEMO --now 2026-11-23" "audit --from $DEMO --now 2026-11-23 --days 5"; do
    "$BIN" $c --format json --output "$TMP/c.json" >"$TMP/out" 2>/dev/null
    if json_valid "$TMP/c.json" && [ ! -s "$TMP/out" ]; then ok; else bad "$c --output: no JSON in the file"; fi
done
if ls "$TMP" | grep -q certrebind-tmp; then bad "--output left a temporary file: $(ls "$TMP")"; else ok; fi
# a refused script writes nothing: the file named keeps what it had
echo "old content" >"$TMP/kept.cmd"
expect_exit 1 "refused plan with --output" -- "$BIN" $PLAN --format cmd --output "$TMP/kept.cmd"
[ "$(cat "$TMP/kept.cmd")" = "old content" ] && ok || bad "a refused plan changed its --output file"
# write errors are failures, with a message
if [ -w /dev/full ]; then
    for f in text json cmd; do
        "$BIN" $PLAN --force --format $f >/dev/full 2>"$TMP/err"
        rc=$?
        if [ $rc = 1 ] && grep -q "write failure on standard output" "$TMP/err"; then ok; else bad "plan --format $f > /dev/full: exit $rc, $(cat "$TMP/err")"; fi
    done
    "$BIN" bindings --from "$DEMO" --format json >/dev/full 2>/dev/null && bad "bindings > /dev/full exits 0" || ok
fi
mkdir -p "$TMP/a-folder"
expect_exit 1 "--output names a folder" -- "$BIN" $PLAN --force --format json --output "$TMP/a-folder"
grep -q "cannot replace" "$TMP/err" && ok || bad "--output onto a folder: $(cat "$TMP/err")"
if ls "$TMP" | grep -q certrebind-tmp; then bad "a failed --output left a temporary file"; else ok; fi
# the JSON report the file cannot hold: one object on standard output instead, saying why
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 1 and "cannot replace" in d["errors"][0], d' "$TMP/out" && ok || bad "--output onto a folder, --format json: $(head -c 300 "$TMP/out")"
# a device or a pipe is never replaced by a plain file (run as root, --output /dev/null would be)
mkfifo "$TMP/a-fifo"
expect_exit 1 "--output names a pipe" -- "$BIN" $PLAN --force --output "$TMP/a-fifo"
[ -p "$TMP/a-fifo" ] && grep -q "not a regular file" "$TMP/err" && ok || bad "--output replaced a pipe: $(cat "$TMP/err")"
ln -s "$TMP/a-fifo" "$TMP/a-link"
expect_exit 1 "--output names a link to a pipe" -- "$BIN" $PLAN --force --output "$TMP/a-link"
[ -L "$TMP/a-link" ] && ok || bad "--output replaced a link to a pipe"
expect_exit 1 "--output in a folder that does not exist" -- "$BIN" $PLAN --force --output "$TMP/no-such-folder/plan.txt"
[ ! -s "$TMP/out" ] && ok || bad "--output failed without --format json and printed on standard output"
expect_exit 1 "--output in a folder that does not exist, --format json" -- "$BIN" audit --from "$DEMO" --now 2026-11-23 --format json --output "$TMP/no-such-folder/audit.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 1 and "no-such-folder" in d["errors"][0], d' "$TMP/out" && ok || bad "--output in a missing folder, --format json: $(head -c 300 "$TMP/out")"
# usage errors: --rollback without a script, outputs that collide with each other or with an input
expect_exit 2 "--rollback without --format cmd" -- "$BIN" $PLAN --force --rollback "$TMP/r.cmd"
expect_exit 2 "--rollback with --format json" -- "$BIN" $PLAN --force --format json --rollback "$TMP/r.cmd"
expect_exit 2 "--output equal to --rollback" -- "$BIN" $PLAN --force --format cmd --output "$TMP/same.cmd" --rollback "$TMP/./same.cmd"
[ -e "$TMP/same.cmd" ] && bad "--output equal to --rollback wrote a file" || ok
cp "$DEMO/netsh-http-show-sslcert.txt" "$TMP/show.txt"
ln "$TMP/show.txt" "$TMP/show-link.txt"
expect_exit 2 "--output onto the --input file" -- "$BIN" bindings --input "$TMP/show.txt" --output "$TMP/../$(basename "$TMP")/show.txt"
expect_exit 2 "--output onto a hard link of the --input file" -- "$BIN" bindings --input "$TMP/show.txt" --output "$TMP/show-link.txt"
grep -q "would overwrite what this run reads" "$TMP/err" && ok || bad "--output onto a hard link: $(cat "$TMP/err")"
cmp -s "$TMP/show.txt" "$DEMO/netsh-http-show-sslcert.txt" && ok || bad "the input file was overwritten"
cp -r "$DEMO" "$TMP/host"
expect_exit 2 "--output onto a --from recording" -- "$BIN" plan --from "$TMP/host" --auto --output "$TMP/host/certutil-store-my.txt"
expect_exit 2 "--rollback onto a --from recording" -- "$BIN" plan --from "$TMP/host" --auto --format cmd --rollback "$TMP/host/netsh-http-show-sslcert.txt"
grep -q "would overwrite what this run reads" "$TMP/err" && ok || bad "--rollback onto a recording: $(cat "$TMP/err")"
# a value a batch script cannot carry (non-ASCII, read in the console's code page): exit 1,
# neither script written, the binding named and apply suggested
rm -f "$TMP/x.cmd" "$TMP/x-rollback.cmd"
expect_exit 1 "plan cmd with a non-ASCII SNI host" -- "$BIN" plan --from "$DEMO" --socket "hostnameport=$(printf 'b\303\274cher').northwind-traders.example:443" --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23 --force --format cmd --output "$TMP/x.cmd" --rollback "$TMP/x-rollback.cmd"
if [ ! -e "$TMP/x.cmd" ] && [ ! -e "$TMP/x-rollback.cmd" ] && grep -q 'binding b\\u00fccher.northwind-traders.example:443 .*certrebind apply' "$TMP/err"; then ok; else bad "non-ASCII host: a script was written or the error is unclear: $(cat "$TMP/err")"; fi
# a quote in a value would end the quoting in the netsh line: refused, nothing written
expect_exit 1 "plan cmd with a quote in the SNI host" -- "$BIN" plan --from "$DEMO" --socket 'hostnameport=x"&calc&".northwind-traders.example:443' --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23 --force --format cmd --output "$TMP/x.cmd" --rollback "$TMP/x-rollback.cmd"
if [ ! -e "$TMP/x.cmd" ] && [ ! -e "$TMP/x-rollback.cmd" ]; then ok; else bad "quote in a host: a script was written"; fi
expect_exit 3 "plan: no binding uses the certificate" -- "$BIN" plan --from "$DEMO" --old 0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23
expect_exit 1 "plan: new certificate without private key" -- "$BIN" plan --from "$DEMO" --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new a4b7c0d3e6f90c2f5a8b1d4e7f0a3c6d9e2b5f81 --now 2026-11-23 --force
if grep -q "no private key" "$TMP/out"; then ok; else bad "no-key refusal not explained"; fi
expect_exit 2 "plan without a selection" -- "$BIN" plan --from "$DEMO"
expect_exit 2 "plan with two selections" -- "$BIN" plan --from "$DEMO" --auto --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
expect_exit 0 "plan --auto --force" -- "$BIN" plan --from "$DEMO" --auto --now 2026-11-23 --force --format json
# the text table counts characters, not bytes: a non-ASCII SNI host keeps the hash column straight
printf '\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    Hostname:port                : b\303\274cher.example:443\r\n    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n    Certificate Store Name       : My\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n    Certificate Store Name       : My\r\n\r\n' >"$TMP/utf8-host.txt"
"$BIN" bindings --input "$TMP/utf8-host.txt" --codepage 65001 >"$TMP/out" 2>/dev/null
cols=$(python3 -c 'import sys; print(sorted({l.find("3f2a9c") for l in open(sys.argv[1], encoding="utf-8") if "3f2a9c" in l}))' "$TMP/out")
[ "$cols" = "[33]" ] && ok || bad "text table: hash column at $cols for a non-ASCII host (wanted [33])"
# --socket on a socket that has no binding: the step says it is new, not "every other setting kept"
expect_exit 0 "plan --socket for a new SNI socket" -- "$BIN" plan --from "$DEMO" --socket hostnameport=new.northwind-traders.example:443 --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23 --force
if grep -q "add .*new.northwind-traders.example:443 .*a new binding: netsh's defaults for every other setting" "$TMP/out" && ! grep -q "every other setting kept" "$TMP/out"; then ok; else bad "plan --socket for a new socket: $(cat "$TMP/out")"; fi
# a malformed hash is refused (exit 1) before any tool runs: --netsh points at nothing that exists
expect_exit 1 "plan: malformed --new is refused without reading the host" -- "$BIN" plan --from "$TMP/no-such-host" --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d1
grep -q "has 39 hex digits" "$TMP/out" && ok || bad "malformed --new: no 'has 39 hex digits' in the report"
expect_exit 1 "apply: malformed --old is refused without running netsh" -- "$BIN" apply --netsh "$TMP/no-such-netsh" --old "3f2a 9c1e" --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --yes
if grep -q "is not a SHA-1 certificate hash" "$TMP/out" && ! grep -q "no-such-netsh" "$TMP/out" "$TMP/err"; then ok; else bad "apply with a malformed --old ran netsh or said nothing of the hash"; fi
expect_exit 1 "apply: a --socket netsh could not print is refused without running netsh" -- "$BIN" apply --netsh "$TMP/no-such-netsh" --socket 'hostnameport=a&calc&b.example:443' --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --yes
if grep -q "is not a socket netsh can bind" "$TMP/out" && ! grep -q "no-such-netsh" "$TMP/out" "$TMP/err"; then ok; else bad "apply with a hostile --socket ran netsh or said nothing of the socket"; fi
expect_exit 2 "apply refuses --from" -- "$BIN" apply --from "$DEMO" --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
expect_exit 1 "audit finds the expiring wildcard" -- "$BIN" audit --from "$DEMO" --now 2026-11-23 --format json
if json_valid "$TMP/out"; then ok; else bad "audit JSON invalid"; fi
expect_exit 0 "audit: nothing expiring in 5 days" -- "$BIN" audit --from "$DEMO" --now 2026-11-23 --days 5
# audit --format json: one object for every exit status, a host that cannot be read included
for case in "0|--from $DEMO --now 2026-11-23 --days 5" "1|--from $DEMO --now 2026-11-23" "1|--from $TMP/no-such-host"; do
    want=${case%%|*}
    "$BIN" audit ${case#*|} --format json >"$TMP/out" 2>/dev/null
    got=$?
    if [ "$got" = "$want" ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == int(sys.argv[2]) and "bindings" in d, d' "$TMP/out" "$want" 2>/dev/null; then ok; else bad "audit ${case#*|} --format json: exit $got, $(head -c 300 "$TMP/out")"; fi
done
# the seed's trap on a recorded host: findings with stable ids, exit 1 for the errors among them
expect_exit 1 "audit: shared IP:port without SNI" -- "$BIN" audit --from "$FIX/iis-shared-443-zh-tw" --now 2026-11-29 --format json
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ids = sorted(f["id"] for f in d["findings"])
assert ids == ["ip-shadows-sni:192.0.2.10:443", "orphan-sni-binding:apply.ncut.edu.tw:443",
               "shared-socket-uncovered:0.0.0.0:443", "sni-without-binding:portal.ncut.edu.tw:443"], ids
f = [x for x in d["findings"] if x["kind"] == "shared-socket-uncovered"][0]
assert f["severity"] == "error" and f["names"] == ["highschool.ncut.edu.tw"], f
assert any(x.endswith("highschool8") for x in f["sites"]) and len(f["sites"]) == 2, f
assert d["needing_attention"] == 2 and d["sites_read"] and d["ssl_flags_read"], d
PY
then ok; else bad "audit findings JSON on iis-shared-443-zh-tw"; fi

# input size: output beyond --max-input is refused with a message (file, standard input, --from)
python3 -c 'import sys; sys.stdout.write("    IP:port : 0.0.0.0:443\r\n" * 50000)' >"$TMP/big.txt"
expect_exit 1 "bindings: input over --max-input" -- "$BIN" bindings --input "$TMP/big.txt" --max-input 1
grep -q "larger than 1 MiB, the input limit" "$TMP/err" && ok || bad "over --max-input: $(head -c 300 "$TMP/err")"
cat "$TMP/big.txt" | "$BIN" bindings --input - --max-input 1 >/dev/null 2>"$TMP/err"
[ $? = 1 ] && grep -q "standard input is larger than 1 MiB" "$TMP/err" && ok || bad "stdin over --max-input"
expect_exit 0 "bindings: --max-input raises the limit" -- "$BIN" bindings --from "$FIX/ws2022-en" --max-input 2
expect_exit 2 "--max-input 0 is a usage error" -- "$BIN" bindings --from "$FIX/ws2022-en" --max-input 0

# --- restore dry run of a backup against a host that lost one binding: the record is re-created
# with every setting the backup holds (not "netsh's defaults"), and the exact commands are in JSON
mkdir -p "$TMP/lost" && cp "$FIX/ws2022-en/"* "$TMP/lost/"
python3 - "$TMP/lost/netsh-http-show-sslcert.txt" <<'PYEOF'
import sys
p = sys.argv[1]
records = open(p, "rb").read().split(b"\r\n\r\n")
open(p, "wb").write(b"\r\n\r\n".join(r for r in records if b"0.0.0.0:8172" not in r))
PYEOF
mkdir -m 700 "$TMP/lost-bk" && cp "$FIX/backups/ws2022-en-update.backup" "$TMP/lost-bk/" && chmod 600 "$TMP/lost-bk/ws2022-en-update.backup"
expect_exit 0 "restore dry run: one binding lost since the backup" -- "$BIN" restore "$TMP/lost-bk/ws2022-en-update.backup" --from "$TMP/lost"
grep -q "add    ipport        0.0.0.0:8172 .*every other setting as the backup holds it" "$TMP/out" && ok || bad "restore: the re-created record's settings: $(cat "$TMP/out")"
grep -q "Exact commands: add --format json to this command" "$TMP/out" && ! grep -q -- "--format cmd" "$TMP/out" && ok || bad "restore names a --format it does not have: $(cat "$TMP/out")"

# --- apply and restore --format json against the simulators: exactly one JSON object on standard
# output whatever the exit status, progress and errors on standard error
SIM=$BUILD/sim
if [ -x "$SIM/netsh" ] && [ -x "$SIM/certutil" ]; then
    OLDH=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e
    NEWH=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
    seed_sim() {
        appid='{4dc3e181-e14b-4a21-b022-59fc669b0914}'
        subj='CN=*.northwind-traders.example,%20O=Northwind%20Traders,%20C=US'
        iss='CN=Fabrikam%20Issuing%20CA%202,%20O=Fabrikam,%20C=US'
        dns='*.northwind-traders.example,northwind-traders.example'
        {
            echo "binding ipport=0.0.0.0:443 certhash=$OLDH appid=$appid certstorename=MY"
            echo "binding hostnameport=shop.northwind-traders.example:443 certhash=$OLDH appid=$appid certstorename=MY"
            echo "cert store=My sha1=$OLDH haskey=1 notbefore=2025-12-01T09:00:00Z notafter=2026-12-05T08:59:00Z subject=$subj issuer=$iss serial=3a01 dns=$dns"
            echo "cert store=My sha1=$NEWH haskey=1 notbefore=2026-11-02T09:00:00Z notafter=2027-12-07T08:59:00Z subject=$subj issuer=$iss serial=3a02 dns=$dns"
        } >"$TMP/sim-state"
    }
    export CERTREBIND_SIM_STATE="$TMP/sim-state"
    TOOLS="--netsh $SIM/netsh --certutil $SIM/certutil"
    APPLY="apply $TOOLS --old $OLDH --new $NEWH --now 2026-11-23 --backup-dir $TMP/bk --yes --format json"
    # json_report EXIT DESCRIPTION PYTHON-ASSERTIONS -- COMMAND...: the exit status, one JSON object
    # on standard output whose "exit" is that status, and the assertions about it (d is the object)
    json_report() {
        want=$1; desc=$2; asserts=$3; shift 4
        "$@" >"$TMP/out" 2>"$TMP/err"
        got=$?
        [ "$got" = "$want" ] && ok || bad "$desc: exit $got, wanted $want ($(head -c 400 "$TMP/err"))"
        if python3 - "$TMP/out" "$want" "$asserts" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(text)  # the whole of standard output is one document
assert isinstance(d, dict), d
assert set(["plan", "ran", "rollback", "verified", "backup", "exit"]) <= set(d), sorted(d)
assert d["exit"] == int(sys.argv[2]), d["exit"]
exec(sys.argv[3])
PY
        then ok; else bad "$desc: the JSON report is not as expected: $(head -c 600 "$TMP/out")"; fi
    }
    seed_sim
    json_report 0 "apply --format json" 'assert d["verified"] is True and d["rollback"] is None, d
assert len(d["ran"]) == 2 and all(r["ok"] for r in d["ran"]), d["ran"]
assert d["ran"][0]["argv"][:3] == ["http", "update", "sslcert"] and d["ran"][0]["step"] == 1
assert d["backup"] and open(d["backup"], "rb").read(17) == b"certrebind backup", d["backup"]
assert len(d["plan"]["steps"]) == 2 and d["errors"] == []' -- "$BIN" $APPLY
    grep -q "step 2/2" "$TMP/err" && ok || bad "apply --format json: the progress is not on standard error"
    first_backup=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["backup"])' "$TMP/out")
    json_report 3 "apply --format json again: it already happened" 'assert d["ran"] == [] and d["plan"]["steps"] == [] and d["backup"] is None, d
assert d["verified"] is False' -- "$BIN" $APPLY
    seed_sim
    export CERTREBIND_SIM_FAIL=update:2
    json_report 4 "apply --format json, step 2 fails, rolled back" 'assert d["rollback"]["complete"] is True and d["verified"] is False, d
assert [r["ok"] for r in d["ran"]] == [True, False], d["ran"]
assert len(d["rollback"]["ran"]) == 1 and d["rollback"]["ran"][0]["undo"] is True and d["rollback"]["ran"][0]["step"] == 1
assert d["errors"] and d["backup"]' -- "$BIN" $APPLY
    unset CERTREBIND_SIM_FAIL
    seed_sim
    export CERTREBIND_SIM_FAIL=update:2,update:3
    json_report 5 "apply --format json, the rollback fails too" 'assert d["rollback"]["complete"] is False and d["rollback"]["ran"][0]["ok"] is False, d
assert d["backup"] and any("rollback" in e for e in d["errors"]), d' -- "$BIN" $APPLY
    unset CERTREBIND_SIM_FAIL
    grep -q "certrebind restore" "$TMP/err" && ok || bad "exit 5 with --format json: no restore command on standard error"
    half_done_backup=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["backup"])' "$TMP/out")
    json_report 0 "restore --format json after exit 5" 'assert d["verified"] is True and d["rollback"] is None and d["ran"] and d["backup"], d' -- "$BIN" restore "$half_done_backup" --netsh "$SIM/netsh" --backup-dir "$TMP/bk" --yes --format json
    json_report 3 "restore --format json: nothing differs" 'assert d["ran"] == [] and d["plan"]["steps"] == [], d' -- "$BIN" restore "$half_done_backup" --netsh "$SIM/netsh" --yes --format json
    json_report 1 "apply --format json refused: the new certificate is not in the store" 'assert d["ran"] == [] and d["plan"]["errors"] and d["backup"] is None, d' -- "$BIN" apply $TOOLS --old $OLDH --new 0b9e8d7c6f5a4e3d2c1b0a9f8e7d6c5b4a3f2e1d --now 2026-11-23 --backup-dir "$TMP/bk" --yes --format json
    json_report 2 "apply --format json without a selection" 'assert d["plan"] is None and d["ran"] == [] and d["errors"], d' -- "$BIN" apply $TOOLS --yes --format json
    json_report 1 "restore --format json of a file that is no backup" 'assert d["plan"] is None and d["errors"], d' -- "$BIN" restore "$TMP/show.txt" --netsh "$SIM/netsh" --yes --format json
    [ -f "$first_backup" ] && ok || bad "the first backup is gone"
    # usage errors the command line parser finds: the same object, plan null, nothing ran
    json_report 2 "apply --format json with an option apply does not take" 'assert d["plan"] is None and d["ran"] == [] and "apply does not take --rollback" in d["errors"][0], d' -- "$BIN" $APPLY --rollback "$TMP/r.cmd"
    json_report 2 "restore --format=json without a backup file" 'assert d["plan"] is None and d["errors"], d' -- "$BIN" restore --format=json --yes
    # another process holds the machine-wide lock (the fcntl lock on certrebind.lock): apply and
    # restore say once on standard error whom they wait for, then give up: exit 1, the holder named
    # in the one JSON object, nothing read or run
    seed_sim
    holder="process 4242, certrebind apply --auto --days 30, since 2026-11-23T03:00:00Z"
    python3 - "$TMP/bk/certrebind.lock" "$holder" >"$TMP/holder.out" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, (sys.argv[2] + "\n").encode())
print("held", flush=True)
time.sleep(120)
PY
    holder_pid=$!
    for _ in $(seq 1 100); do grep -q held "$TMP/holder.out" && break; sleep 0.1; done
    export CERTREBIND_LOCK_WAIT_SECONDS=1 CERTREBIND_SIM_LOG="$TMP/lock-sim.log"
    gives_up() { # DESCRIPTION -- COMMAND...
        what=$1; shift
        json_report 1 "$what while another process holds the lock" "assert d['plan'] is None and d['ran'] == [] and d['backup'] in (None, '$first_backup'), d
assert any('still held it after 1 s: $holder; nothing was changed' in e for e in d['errors']), d['errors']" "$@"
        [ "$(grep -c "waiting for the lock held by $holder (up to 1 s)" "$TMP/err")" = 1 ] && ok || bad "$what: not one waiting line on standard error: $(cat "$TMP/err")"
    }
    gives_up "apply --format json" -- "$BIN" $APPLY
    gives_up "restore --format json" -- "$BIN" restore "$first_backup" --netsh "$SIM/netsh" --backup-dir "$TMP/bk" --yes --format json
    [ ! -s "$TMP/lock-sim.log" ] && ok || bad "a run that did not get the lock ran tools: $(cat "$TMP/lock-sim.log")"
    unset CERTREBIND_LOCK_WAIT_SECONDS CERTREBIND_SIM_LOG
    kill "$holder_pid" && wait "$holder_pid" 2>/dev/null
    unset CERTREBIND_SIM_STATE
fi

# more stores than certrebind reads: an error that says the limit, not silence
mkdir -p "$TMP/many-stores"
python3 - "$TMP/many-stores/netsh-http-show-sslcert.txt" <<'PY'
import sys
rec = ("    IP:port                      : 10.0.{n}.1:443\r\n    Certificate Hash             : 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e\r\n"
       "    Application ID               : {{4dc3e181-e14b-4a21-b022-59fc669b0914}}\r\n    Certificate Store Name       : Store{n}\r\n\r\n")
open(sys.argv[1], "w").write("SSL Certificate bindings:\r\n\r\n" + "".join(rec.format(n=n) for n in range(40)))
PY
"$BIN" audit --from "$TMP/many-stores" --now 2026-11-23 >/dev/null 2>"$TMP/err"
grep -q 'more than 32 certificate stores: store "Store3[0-9]" and any later one are not read (limit 32)' "$TMP/err" && ok || bad "33 stores: no limit error ($(grep -c . "$TMP/err") lines)"
# an unsupported code page: the message lists the table's code pages
printf 'SSL Certificate bindings:\r\n caf\202\r\n' >"$TMP/cp.txt"
"$BIN" bindings --input "$TMP/cp.txt" --codepage 999 >/dev/null 2>"$TMP/err"
grep -q "code page 999 is not supported; supported: 437, .*1257, 65001" "$TMP/err" && ok || bad "code page list: $(cat "$TMP/err")"

# --- bind / unbind: the plan from a recorded host (nothing runs), refusals, usage
ZH="$FIX/iis-shared-443-zh-tw"
expect_exit 2 "bind without --site" -- "$BIN" bind --from "$DEMO" --host www.northwind-traders.example
grep -q "bind needs --site NAME" "$TMP/err" && ok || bad "bind without --site: $(cat "$TMP/err")"
expect_exit 2 "unbind without --host" -- "$BIN" unbind --from "$DEMO" --site x
grep -q "unbind needs --host HOST" "$TMP/err" && ok || bad "unbind without --host: $(cat "$TMP/err")"
# what the parser requires, --help shows as required (no brackets)
"$BIN" --help | grep -q "^  certrebind bind  .* --site NAME --host HOST \[--port N\]" && ok || bad "--help shows --site/--host of bind as optional"
expect_exit 2 "unbind takes no --cert" -- "$BIN" unbind --from "$DEMO" --site x --host y --cert 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17
expect_exit 2 "bind --port 0" -- "$BIN" bind --from "$DEMO" --site x --host y --port 0
expect_exit 0 "bind --from: the plan" -- "$BIN" bind --from "$DEMO" --site "Northwind Shop" --host www.northwind-traders.example --now 2026-11-23 --format json
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a, n = d["steps"]
assert a["tool"] == "appcmd" and a["op"] == "site-binding-add" and a["site"] == "Northwind Shop", a
assert a["argv"] == ["set", "site", "/site.name:Northwind Shop",
                     "/+bindings.[protocol='https',bindingInformation='*:443:www.northwind-traders.example',sslFlags='1']"], a
assert a["undo"][0][3].startswith("/-bindings.["), a
assert n["tool"] == "netsh" and n["op"] == "add" and n["kind"] == "hostnameport", n
assert "certhash=8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17" in n["argv"], n
assert n["undo"] == [["http", "delete", "sslcert", "hostnameport=www.northwind-traders.example:443"]], n
PY
then ok; else bad "bind JSON plan"; fi
expect_exit 0 "bind --format cmd" -- "$BIN" bind --from "$DEMO" --site "Northwind Shop" --host www.northwind-traders.example --now 2026-11-23 --format cmd
grep -q '^"%APPCMD%" set site /site.name:"Northwind Shop" ' "$TMP/out" && grep -q '^"%NETSH%" http add sslcert hostnameport=www.northwind-traders.example:443 ' "$TMP/out" && ok || bad "bind script lacks the appcmd or netsh line"
expect_exit 1 "bind refused: HTTP.sys has the hostnameport binding" -- "$BIN" bind --from "$DEMO" --site "Northwind Shop" --host shop.northwind-traders.example --now 2026-11-23
grep -q "plan --socket hostnameport=shop.northwind-traders.example:443" "$TMP/out" && ok || bad "bind refusal does not name plan --socket"
expect_exit 1 "bind refused as a script too" -- "$BIN" bind --from "$DEMO" --site "No Such Site" --host www.northwind-traders.example --now 2026-11-23 --format cmd
[ -s "$TMP/out" ] && bad "a refused bind wrote a script" || ok
expect_exit 0 "bind converts the seed's trap" -- "$BIN" bind --from "$ZH" --site 四技申請入學highschool8 --host highschool.ncut.edu.tw --now 2026-11-29
expect_exit 0 "unbind --from: the plan" -- "$BIN" unbind --from "$ZH" --site Portal2018 --host portal.ncut.edu.tw --now 2026-11-29 --format json
json_valid "$TMP/out" && ok || bad "unbind JSON invalid"
expect_exit 1 "unbind refused: another site still uses the host" -- "$BIN" unbind --from "$ZH" --site Library --host lib.ncut.edu.tw --now 2026-11-29
expect_exit 3 "unbind: nothing there" -- "$BIN" unbind --from "$ZH" --site Library --host none.ncut.edu.tw --now 2026-11-29
"$BIN" --help | grep -q "certrebind bind" && ok || bad "--help does not show bind"
# live bind/unbind --format json: carried out like apply and reported like it (one object, progress on
# standard error), not a plan shown while --yes is ignored
if [ -x "$SIM/appcmd" ] && [ -n "${TOOLS:-}" ]; then
    seed_bind() {
        {
            echo "site name=Shop%20Two id=3 state=Started"
            echo "sitebinding site=Shop%20Two protocol=http info=*:80:www.northwind-traders.example"
            echo "binding ipport=0.0.0.0:443 certhash=$OLDH appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY"
            echo "cert store=My sha1=$NEWH haskey=1 notbefore=2026-11-02T09:00:00Z notafter=2027-12-07T08:59:00Z subject=CN=*.northwind-traders.example issuer=CN=Fabrikam serial=3a02 dns=*.northwind-traders.example,northwind-traders.example"
        } >"$TMP/bind-state"
    }
    export CERTREBIND_SIM_STATE="$TMP/bind-state"
    seed_bind
    json_report 0 "bind --format json --yes runs and reports" 'assert d["verified"] is True and d["rollback"] is None and d["backup"], d
assert [(r["tool"], r["ok"]) for r in d["ran"]] == [("appcmd", True), ("netsh", True)], d["ran"]
assert len(d["plan"]["steps"]) == 2' -- "$BIN" bind --site "Shop Two" --host www.northwind-traders.example --now 2026-11-23 --backup-dir "$TMP/bk" --yes --format json $TOOLS --appcmd "$SIM/appcmd"
    grep -q "hostnameport=www.northwind-traders.example:443 certhash=$NEWH" "$TMP/bind-state" && ok || bad "bind --format json --yes did not bind"
    grep -q "step 2/2" "$TMP/err" && ok || bad "bind --format json: the progress is not on standard error"
    json_report 3 "unbind --format json: nothing there" 'assert d["ran"] == [] and d["plan"]["steps"] == [], d' -- "$BIN" unbind --site "Shop Two" --host none.northwind-traders.example --now 2026-11-23 --backup-dir "$TMP/bk" --yes --format json $TOOLS --appcmd "$SIM/appcmd"
    seed_bind
    export CERTREBIND_SIM_FAIL=add:1
    json_report 4 "bind --format json, the netsh step fails, rolled back" 'assert d["rollback"]["complete"] is True and d["verified"] is False, d
assert [(r["tool"], r["ok"]) for r in d["ran"]] == [("appcmd", True), ("netsh", False)], d["ran"]
assert d["rollback"]["ran"][0]["tool"] == "appcmd" and d["rollback"]["ran"][0]["undo"] is True' -- "$BIN" bind --site "Shop Two" --host www.northwind-traders.example --now 2026-11-23 --backup-dir "$TMP/bk" --yes --format json $TOOLS --appcmd "$SIM/appcmd"
    unset CERTREBIND_SIM_FAIL CERTREBIND_SIM_STATE
fi
# bind's own usage error (it needs both --site and --host) is one JSON object too
"$BIN" bind --format json --site x >"$TMP/out" 2>"$TMP/err"
if [ $? = 2 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit"] == 2 and "--host" in d["errors"][0], d' "$TMP/out"; then ok; else bad "bind --format json without --host: $(head -c 300 "$TMP/out")"; fi

# --- request / accept (the end-to-end runs with the simulators are in tests/test_accept.c)
OLDH=3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e
"$BIN" --help | grep -q "certrebind request" && "$BIN" --help | grep -q "certrebind accept  *CERT-FILE" && ok || bad "--help does not show request/accept"
expect_exit 0 "request --from writes the INF, runs nothing" -- "$BIN" request --from "$DEMO" --like "$OLDH" --out "$TMP/requests"
ls "$TMP/requests"/wildcard.northwind-traders.example-*.inf >/dev/null 2>&1 && ok || bad "request --from wrote no INF"
ls "$TMP/requests"/*.req >/dev/null 2>&1 && bad "request --from made a CSR" || ok
grep -q 'certreq.exe" -new -machine -q ' "$TMP/out" && ok || bad "request --from does not print the certreq command"
python3 -c 'import json,glob,sys; r=json.load(open(glob.glob(sys.argv[1]+"/*.request.json")[0])); assert r["like"]==sys.argv[2] and r["key"]=="rsa2048" and r["dns_names"]==["*.northwind-traders.example","northwind-traders.example"], r' "$TMP/requests" "$OLDH" && ok || bad "request record does not hold the request"
expect_exit 0 "request lists the records" -- "$BIN" request --from "$DEMO" --out "$TMP/requests"
grep -q "INF only" "$TMP/out" && ok || bad "request listing: $(cat "$TMP/out")"
expect_exit 1 "request: an IP address SAN cannot be asked for again" -- "$BIN" request --from "$FIX/certutil-ws2019-en-verbose" --like d3f7b1e5a9c3f7d1b5e9a3c7f1d5b9e3a7c1f5d9 --out "$TMP/requests2"
grep -q "IP Address=198.51.100.7" "$TMP/err" && ok || bad "IP SAN refusal does not name it: $(cat "$TMP/err")"
expect_exit 2 "request --template without --like" -- "$BIN" request --template WebServer
expect_exit 2 "accept needs its file" -- "$BIN" accept --yes
expect_exit 2 "accept --from (it changes the machine)" -- "$BIN" accept x.cer --from "$DEMO"
expect_exit 2 "accept --unattended --force" -- "$BIN" accept x.cer --unattended --force --yes
expect_exit 2 "apply --unattended --force" -- "$BIN" apply --old "$OLDH" --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --unattended --force
expect_exit 2 "accept usage error as JSON" -- "$BIN" accept x.cer --format json --print
json_valid "$TMP/out" && ok || bad "accept usage error: no JSON"
# a live tool that prints more than --max-input: refused, and its output is not kept in memory
printf '#!/bin/sh\nhead -c 3000000 /dev/zero | tr "\\000" a\n' >"$TMP/loud-netsh"
chmod +x "$TMP/loud-netsh"
expect_exit 1 "bindings: live output over --max-input" -- "$BIN" bindings --netsh "$TMP/loud-netsh" --max-input 1
grep -q "loud-netsh http show sslcert is larger than 1 MiB, the input limit" "$TMP/err" && ok || bad "live over --max-input: $(head -c 300 "$TMP/err")"

# --- schedule install --print: the two task files, checked by a real XML parser (xmllint); the
# end-to-end runs with the schtasks simulator are in tests/test_schedule.c
EXEW='C:\Program Files\certrebind\certrebind.exe'
expect_exit 0 "schedule install --print writes the task files, runs nothing" -- "$BIN" schedule install --print "$TMP/tasks" --exe "$EXEW" --at 04:30 --days 21
for t in on-renewal daily; do
    f="$TMP/tasks/certrebind-$t.xml"
    [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = fffe ] && ok || bad "$t: no UTF-16LE BOM"
    xmllint --noout "$f" && ok || bad "$t: xmllint finds it malformed"
    x() { xmllint --xpath "string(//*[local-name()='$1'])" "$f"; }
    [ "$(xmllint --xpath 'string(/*[local-name()="Task"]/@version)' "$f")" = 1.2 ] && ok || bad "$t: not Task schema 1.2"
    [ "$(x UserId)" = S-1-5-18 ] && [ "$(x RunLevel)" = HighestAvailable ] && ok || bad "$t: principal $(x UserId) $(x RunLevel)"
    [ "$(x MultipleInstancesPolicy)" = Queue ] && [ "$(x ExecutionTimeLimit)" = PT1H ] && [ "$(x StartWhenAvailable)" = true ] && ok || bad "$t: settings"
    [ "$(x Command)" = "\"$EXEW\"" ] && ok || bad "$t: command $(x Command)"
    [ "$(x URI)" = "\\certrebind\\$t" ] && ok || bad "$t: URI $(x URI)"
    grep -q "/create /tn \"\\\\certrebind\\\\$t\" /xml \"$f\" /f" "$TMP/out" && ok || bad "$t: no schtasks command line in $(cat "$TMP/out")"
done
f="$TMP/tasks/certrebind-on-renewal.xml"
q=$(xmllint --xpath "string(//*[local-name()='Subscription'])" "$f")
[ "$q" = "<QueryList><Query Id='0'><Select Path='Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'>*[System[EventID=1001]]</Select></Query></QueryList>" ] && ok || bad "on-renewal subscription: $q"
echo "$q" | xmllint --noout - && ok || bad "the subscription is not XML itself"
[ "$(xmllint --xpath "string(//*[local-name()='Value'][@name='OldCertHash'])" "$f")" = "Event/UserData/CertNotificationData/OldCertificateDetails/@Thumbprint" ] && ok || bad "OldCertHash value query"
[ "$(xmllint --xpath "string(//*[local-name()='Value'][@name='NewCertHash'])" "$f")" = "Event/UserData/CertNotificationData/NewCertificateDetails/@Thumbprint" ] && ok || bad "NewCertHash value query"
[ "$(xmllint --xpath "string(//*[local-name()='Arguments'])" "$f")" = 'apply --old $(OldCertHash) --new $(NewCertHash) --yes --unattended' ] && ok || bad "on-renewal arguments"
f="$TMP/tasks/certrebind-daily.xml"
[ "$(xmllint --xpath "string(//*[local-name()='StartBoundary'])" "$f")" = 2020-01-01T04:30:00 ] && [ "$(xmllint --xpath "string(//*[local-name()='RandomDelay'])" "$f")" = PT1H ] && [ "$(xmllint --xpath "string(//*[local-name()='DaysInterval'])" "$f")" = 1 ] && ok || bad "daily trigger"
[ "$(xmllint --xpath "string(//*[local-name()='Arguments'])" "$f")" = 'apply --auto --days 21 --yes --unattended' ] && ok || bad "daily arguments"
expect_exit 0 "schedule install --print: a folder with & and < in the paths" -- "$BIN" schedule install --print "$TMP/tasks2" --exe 'C:\R&D <x>\certrebind.exe' --backup-dir 'D:\b&k\' --event-log 'D:\logs\certrebind events.log'
f="$TMP/tasks2/certrebind-daily.xml"
xmllint --noout "$f" && [ "$(xmllint --xpath "string(//*[local-name()='Command'])" "$f")" = '"C:\R&D <x>\certrebind.exe"' ] && ok || bad "escaped command"
[ "$(xmllint --xpath "string(//*[local-name()='Arguments'])" "$f")" = 'apply --auto --days 30 --yes --unattended --backup-dir "D:\b&k\\" --event-log "D:\logs\certrebind events.log"' ] && ok || bad "arguments with quoted paths: $(xmllint --xpath "string(//*[local-name()='Arguments'])" "$f")"
# the golden files (tests/golden/task-*.xml) are what --print writes, and well-formed
expect_exit 0 "schedule install --print with the defaults" -- "$BIN" schedule install --print "$TMP/tasks4" --exe "$EXEW"
cmp -s "$TMP/tasks4/certrebind-on-renewal.xml" "$ROOT/tests/golden/task-on-renewal.xml" && cmp -s "$TMP/tasks4/certrebind-daily.xml" "$ROOT/tests/golden/task-daily.xml" && ok || bad "--print differs from tests/golden/task-*.xml"
for g in "$ROOT"/tests/golden/task-*.xml; do xmllint --noout "$g" && ok || bad "$g is not well-formed"; done
expect_exit 2 "schedule install --print needs --exe" -- "$BIN" schedule install --print "$TMP/tasks3"
expect_exit 1 "schedule install: --exe must be a full Windows path" -- "$BIN" schedule install --print "$TMP/tasks3" --exe 'certrebind.exe'
expect_exit 1 "schedule install: '%' in --exe" -- "$BIN" schedule install --print "$TMP/tasks3" --exe 'C:\%TEMP%\certrebind.exe'
expect_exit 1 "schedule install: '\$(' in --backup-dir" -- "$BIN" schedule install --print "$TMP/tasks3" --exe 'C:\a\certrebind.exe' --backup-dir 'C:\$(OldCertHash)'
[ -e "$TMP/tasks3" ] && bad "a refused --print wrote files" || ok
for at in 24:00 3:00 03:60 -1:00 03:5x; do
    expect_exit 2 "--at $at" -- "$BIN" schedule install --print "$TMP/tasks3" --exe 'C:\a\c.exe' --at "$at"
done
expect_exit 2 "--event-log without --unattended (apply)" -- "$BIN" apply --old "$OLDH" --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --event-log "$TMP/ev"
expect_exit 2 "schedule show takes no --exe" -- "$BIN" schedule show --exe 'C:\a\c.exe'
expect_exit 2 "schedule show usage error as JSON" -- "$BIN" schedule show --format json --frob
json_valid "$TMP/out" && ok || bad "schedule show usage error: no JSON"
"$BIN" --help | grep -q "certrebind schedule install" && ok || bad "--help does not show schedule install"
# a crafted, huge socket key: the plan refuses the record and quotes at most 200 characters of it
mkdir -p "$TMP/huge-key"
cp "$DEMO"/* "$TMP/huge-key/"
python3 - "$TMP/huge-key/netsh-http-show-sslcert.txt" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("IP:port                      : 0.0.0.0:443", "Hostname:port : " + "a&calc&" * 3000 + ".example:443", 1)
open(p, "w", encoding="utf-8").write(s)
PY
expect_exit 1 "plan: a crafted key is refused" -- "$BIN" plan --from "$TMP/huge-key" --old 3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e --new 8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17 --now 2026-11-23 --force
longest=$(cat "$TMP/out" "$TMP/err" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
grep -q "is incomplete or unreadable" "$TMP/out" && [ "$longest" -lt 700 ] && ok || bad "crafted key: longest line $longest"

# the test runner refuses a suite name it does not have (a CI list naming a renamed suite would
# otherwise run the others and pass)
if [ -x "$BUILD/run-tests" ]; then
    expect_exit 2 "run-tests with an unknown suite name" -- "$BUILD/run-tests" pattern no_such_suite
    grep -q "no suite named 'no_such_suite'" "$TMP/err" && ok || bad "run-tests unknown suite: $(cat "$TMP/err")"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
