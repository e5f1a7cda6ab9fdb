#!/usr/bin/env python3
"""`make bench`: times certrebind on generated inputs and reports throughput and peak memory.
usage: bench.py BIN BUILD_DIR. Each case runs 3 times; the best wall time is reported."""
import os
import resource
import subprocess
import sys
import time

BIN, BUILD = sys.argv[1], sys.argv[2]
WORK = os.path.join(BUILD, "bench")
HERE = os.path.dirname(os.path.abspath(__file__))
os.makedirs(WORK, exist_ok=True)


def generate(script, n, name):
    path = os.path.join(WORK, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, script), str(n)], stdout=f, check=True)
    return path


def run(argv):
    """Best wall time of 3 runs and the peak RSS (KiB) of one run, measured in a fresh child."""
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if p.returncode not in (0, 3):
            sys.exit("bench: %s failed (%d): %s" % (" ".join(argv), p.returncode, p.stderr.decode()[:500]))
        best = dt if best is None else min(best, dt)
    # peak memory: a wrapper child whose only child is the measured run
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    rss = int(subprocess.run([sys.executable, "-c", code] + argv, capture_output=True, text=True).stdout)
    return best, rss


rows = []
for n in (1000, 10000, 100000):
    path = generate("gen-sslcert.py", n, "sslcert-%d.txt" % n)
    size = os.path.getsize(path)
    t, rss = run([BIN, "bindings", "--input", path, "--format", "json"])
    rows.append(("bindings --format json", n, size, t, rss))

if os.path.exists(os.path.join(HERE, "gen-certutil-store.py")):
    path = generate("gen-certutil-store.py", 10000, "certutil-10000.txt")
    size = os.path.getsize(path)
    t, rss = run([BIN, "certs", "--input", path, "--format", "json"])
    rows.append(("certs --format json", 10000, size, t, rss))

OLD = "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
NEW = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
RAW_MARKER = b"--- netsh http show sslcert, as printed ---\n"


def plan_host(n):
    """A recorded host with n bindings (every tenth on OLD) and 10,000 certificates; beside it the
    host after `apply --old OLD --new NEW` and a backup taken before, for restore and verification."""
    d = os.path.join(WORK, "plan-%dk" % (n // 1000))
    listing = os.path.join(d, "netsh-http-show-sslcert.txt")
    if not os.path.exists(listing):
        subprocess.run([sys.executable, os.path.join(HERE, "gen-plan-host.py"), d, str(n), "10000"], check=True)
    after_dir = d + "-after"
    after = os.path.join(after_dir, "netsh-http-show-sslcert.txt")
    backup = d + ".backup"
    if not os.path.exists(after) or not os.path.exists(backup):
        with open(listing, "rb") as f:
            raw = f.read()
        os.makedirs(after_dir, exist_ok=True)
        with open(after, "wb") as f:
            f.write(raw.replace(OLD.encode(), NEW.encode()))
        with open(backup, "wb") as f:
            f.write(b"certrebind backup 1\ncreated-by certrebind bench\nplan bench\n" + RAW_MARKER + raw)
    return d, after_dir, backup


def plan_argv(d):
    return [BIN, "plan", "--from", d, "--old", OLD, "--new", NEW, "--now", "2026-11-23", "--format", "json"]


plan_time = {}
restore_time = {}
if os.path.exists(os.path.join(HERE, "gen-plan-host.py")):
    for n in (50000, 100000):
        d, after_dir, backup = plan_host(n)
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        t, rss = run(plan_argv(d))
        plan_time[n] = t
        rows.append(("plan %dk bindings x 10k certs" % (n // 1000), n, size, t, rss))
        # the host after the change, restored from the backup taken before: a dry run (--from)
        t, rss = run([BIN, "restore", backup, "--from", after_dir])
        restore_time[n] = t
        rows.append(("restore dry run %dk" % (n // 1000), n, os.path.getsize(backup), t, rss))

bench_plan = os.path.join(BUILD, "bench-plan")
plan_lines = []
if os.path.exists(bench_plan) and plan_time:
    for n in sorted(plan_time):
        d, after_dir, _ = plan_host(n)
        p = subprocess.run([bench_plan, d, OLD, NEW, os.path.join(after_dir, "netsh-http-show-sslcert.txt")],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("bench: bench-plan failed: " + p.stderr[:500])
        plan_lines.append(p.stdout.strip())

print("%-32s %8s %10s %9s %10s %14s %11s %7s" % ("case", "items", "input MB", "time s", "MB/s", "items/s",
                                                 "peak MB", "xinput"))
for name, n, size, t, rss in rows:
    mb = size / 1e6
    print("%-32s %8d %10.1f %9.3f %10.1f %14.0f %11.1f %7.2f" % (
        name, n, mb, t, mb / t, n / t, rss / 1024, rss * 1024 / size))
for n in sorted(restore_time):
    print("restore dry run / plan at %dk bindings: %.2fx" % (n // 1000, restore_time[n] / plan_time[n]))
for line in plan_lines:
    print(line)
