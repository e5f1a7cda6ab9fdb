#!/usr/bin/env python3
"""`make bench`: times certrebind on generated inputs and reports throughput and peak memory.
usage: bench.py BIN BUILD_DIR. Each case runs 3 times; the best is reported, as wall time and as
CPU time (user + system of the process: on a machine shared with other work, wall time also
counts the waiting for a CPU)."""
import os
import resource
import subprocess
import sys
import time

BIN, BUILD = sys.argv[1], sys.argv[2]
WORK = os.path.join(BUILD, "bench")
HERE = os.path.dirname(os.path.abspath(__file__))
os.makedirs(WORK, exist_ok=True)

OLD = "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
NEW = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"


def generate(script, n, name, *extra):
    path = os.path.join(WORK, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, script), str(n)] + list(extra), stdout=f, check=True)
    return path


def run(argv, runs=3):
    """Best wall time and best CPU time of `runs` runs, and the peak RSS (KiB) of one run, each
    measured in a fresh child."""
    best_wall = best_cpu = None
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode not in (0, 3):
            sys.exit("bench: %s failed (%d): %s" % (" ".join(argv), p.returncode, p.stderr.decode()[:500]))
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    # peak memory: a wrapper child whose only child is the measured run
    code = ("import resource,subprocess,sys;"
            "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    rss = int(subprocess.run([sys.executable, "-c", code] + argv, capture_output=True, text=True).stdout)
    return best_wall, best_cpu, rss


def plan_host(n):
    """A recorded host with n bindings (every tenth on OLD) and 10,000 certificates; beside it the
    host after `apply --old OLD --new NEW` and a backup taken before, for restore and verification."""
    d = os.path.join(WORK, "plan-%dk" % (n // 1000))
    listing = os.path.join(d, "netsh-http-show-sslcert.txt")
    if not os.path.exists(listing):
        subprocess.run([sys.executable, os.path.join(HERE, "gen-plan-host.py"), d, str(n), "10000"], check=True)
    after_dir = d + "-after"
    after = os.path.join(after_dir, "netsh-http-show-sslcert.txt")
    if not os.path.exists(after):
        with open(listing, "rb") as f:
            raw = f.read()
        os.makedirs(after_dir, exist_ok=True)
        with open(after, "wb") as f:
            f.write(raw.replace(OLD.encode(), NEW.encode()))
    return d, after_dir, d + ".backup"


rows = []
json_100k = []  # (layout, path, wall, cpu) of the 100k listings, for the comparison with the script
for n, layout in ((1000, ""), (10000, ""), (100000, ""), (100000, "extended")):
    path = generate("gen-sslcert.py", n, "sslcert-%d%s.txt" % (n, "-" + layout if layout else ""),
                    *(["--" + layout] if layout else []))
    size = os.path.getsize(path)
    wall, cpu, rss = run([BIN, "bindings", "--input", path, "--format", "json"])
    rows.append(("bindings --format json" + (" (2025)" if layout else ""), n, size, wall, cpu, rss))
    if n == 100000:
        json_100k.append((layout, path, wall, cpu))

if os.path.exists(os.path.join(HERE, "gen-certutil-store.py")):
    path = generate("gen-certutil-store.py", 10000, "certutil-10000.txt")
    wall, cpu, rss = run([BIN, "certs", "--input", path, "--format", "json"])
    rows.append(("certs --format json", 10000, os.path.getsize(path), wall, cpu, rss))

# the same 100k listings through a per-line regular-expression script (what admins write)
script = []
for layout, path, wall, cpu in json_100k:
    s_wall, s_cpu, s_rss = run([sys.executable, os.path.join(HERE, "bench-regex-parser.py"), path], runs=1)
    rows.append(("python regex script -> json" + (" (2025)" if layout else ""), 100000, os.path.getsize(path), s_wall,
                 s_cpu, s_rss))
    script.append((layout, s_wall / wall, s_cpu / cpu))

# bench-plan times planning and the verification after apply, and writes the backup apply would
# take (the restore dry run below restores the host after the change from it)
bench_plan = os.path.join(BUILD, "bench-plan")
plan_lines = []
for n in (50000, 100000):
    d, after_dir, backup = plan_host(n)
    p = subprocess.run([bench_plan, d, OLD, NEW, os.path.join(after_dir, "netsh-http-show-sslcert.txt"), backup],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("bench: bench-plan failed: " + p.stderr[:500])
    plan_lines.append(p.stdout.strip())

plan_time, restore_time = {}, {}
for n in (50000, 100000):
    d, after_dir, backup = plan_host(n)
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    wall, cpu, rss = run([BIN, "plan", "--from", d, "--old", OLD, "--new", NEW, "--now", "2026-11-23",
                          "--format", "json"])
    plan_time[n] = (wall, cpu)
    rows.append(("plan %dk bindings x 10k certs" % (n // 1000), n, size, wall, cpu, rss))
    wall, cpu, rss = run([BIN, "restore", backup, "--from", after_dir])
    restore_time[n] = (wall, cpu)
    # restore reads two listings: the backup's and the live one it compares with
    live = os.path.getsize(os.path.join(after_dir, "netsh-http-show-sslcert.txt"))
    rows.append(("restore dry run %dk (+live)" % (n // 1000), n, os.path.getsize(backup) + live, wall, cpu, rss))

print("%-32s %8s %9s %8s %8s %8s %9s %7s" % ("case", "items", "input MB", "wall s", "cpu s", "MB/s cpu",
                                           "peak MB", "xinput"))
for name, n, size, wall, cpu, rss in rows:
    mb = size / 1e6
    print("%-32s %8d %9.1f %8.3f %8.3f %8.1f %9.1f %7.2f" % (name, n, mb, wall, cpu, mb / cpu if cpu else 0,
                                                           rss / 1024, rss * 1024 / size))
for layout, by_wall, by_cpu in script:
    print("bindings --format json vs the regex script on 100k bindings (%s layout): %.1fx faster (wall), %.1fx (cpu)"
          % ("Server 2025, with Extended Properties" if layout else "Server 2022", by_wall, by_cpu))
for n in sorted(restore_time):
    print("restore dry run / plan at %dk bindings: %.2fx (wall), %.2fx (cpu)" % (
        n // 1000, restore_time[n][0] / plan_time[n][0], restore_time[n][1] / plan_time[n][1]))
for line in plan_lines:
    print(line)
