#!/usr/bin/env python3
"""Log benchmark (not a test): throughput of the child-output path per log format.

One program, /usr/bin/yes with a 100-byte line, into stdout_logfile (maxbytes=0), for each case:
Python supervisord 4.2.5 raw, and ours raw / strip_ansi / timestamped / json / json with hourly
rotation + gzip; with --base-jar, also the ours cases with that jar as "base …" (a before/after
comparison in one interleaved run). Measured over --secs seconds after 1 s of warm-up: INPUT lines/s and MB/s (the
child's bytes that reached the log, counted as lines in the log, times the input line length), and
the daemon's CPU. Stdlib only; reuses engine_scale.py's helpers.
"""
import argparse
import os
import signal
import sys
import time
import ctypes
import statistics

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_scale as es  # noqa: E402

LINE = "2026-12-01 12:00:00 INFO request served path=/api/v1/items status=200 duration_ms=12 user=alice"
LINE = (LINE + " " + "x" * 99)[:99]  # 99 chars + "\n" = 100 bytes per input line

CASES = [
    ("python raw", "python", []),
    ("ours raw", "ours", []),
    ("ours strip_ansi", "ours", ["strip_ansi"]),
    ("ours timestamped", "ours", ["log_format=timestamped"]),
    ("ours json", "ours", ["log_format=json"]),
    ("ours json+hourly+gzip", "ours", ["log_format=json", "log_rotate=hourly", "log_rotate_gzip=true"]),
]


def write_config(d, keys, logdir):
    conf, sock, log = es.write_log_config(d, f"/usr/bin/yes {LINE}")
    text = open(conf).read()
    if logdir:  # e.g. a tmpfs: no disk writeback throttling the daemon's writes
        moved = os.path.join(logdir, os.path.basename(d) + ".log")
        text = text.replace(f"stdout_logfile={log}\n", f"stdout_logfile={moved}\n")
        log = moved
    prog = "\n".join(k for k in keys if k != "strip_ansi")
    if "strip_ansi" in keys:
        text = text.replace("[supervisord]\n", "[supervisord]\nstrip_ansi=true\n", 1)
    text = text.replace("stderr_logfile=NONE\n", "stderr_logfile=NONE\n" + prog + "\n")
    with open(conf, "w") as f:
        f.write(text)
    return conf, log


def count_lines(path, start, end):
    n = 0
    with open(path, "rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            b = f.read(min(left, 1 << 22))
            if not b:
                break
            n += b.count(b"\n")
            left -= len(b)
    return n


def read_calls(pid):
    """(bytes read, read calls) of the whole process, from /proc/PID/io (rchar, syscr)."""
    with open(f"/proc/{pid}/io") as f:
        io = dict(line.split(": ") for line in f.read().splitlines())
    return int(io["rchar"]), int(io["syscr"])


def child_pids(pid):
    kids = []
    for t in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{t}/children") as f:
            kids += [int(k) for k in f.read().split()]
    return kids


def run_case(a, name, kind, keys, notes):
    d = os.path.join(a.workdir, name.replace(" ", "_").replace("+", "_"))
    os.makedirs(d)
    conf, log = write_config(d, keys, a.logdir)
    jar = a.base_jar if kind == "base" else a.jar
    argv = [a.java, *os.environ.get("JAVA_OPTS", "").split(), "-jar", jar, "-n", "-c"] if kind in ("ours", "base") \
        else ["/usr/bin/supervisord", "-n", "-c"]
    dm = es.Daemon(name, argv, conf, d, a.tag)
    pid = dm.launch()
    r = {}
    if es.wait_all_running(os.path.join(d, "s.sock"), 1, time.monotonic() + a.timeout) is None:
        notes.append(f"{name}: never RUNNING")
        return r
    time.sleep(1.0)
    kids = child_pids(pid)
    s0, c0, u0, t0 = os.path.getsize(log), es.cpu_secs(pid), es.user_secs(pid), time.monotonic()
    k0 = sum(es.cpu_secs(k) for k in kids)
    rb0, rc0 = read_calls(pid)
    time.sleep(a.secs)
    s1, c1, u1, t1 = os.path.getsize(log), es.cpu_secs(pid), es.user_secs(pid), time.monotonic()
    k1 = sum(es.cpu_secs(k) for k in kids)
    rb1, rc1 = read_calls(pid)
    os.kill(pid, signal.SIGSTOP)  # freeze the file while it is counted
    lines = count_lines(log, s0, s1)
    os.kill(pid, signal.SIGCONT)
    dt = t1 - t0
    r["lines/s"] = lines / dt
    r["input MB/s"] = lines * (len(LINE) + 1) / dt / 1e6
    r["log file MB/s"] = (s1 - s0) / dt / 1e6
    r["CPU %core"] = 100.0 * (c1 - c0) / dt
    r["CPU ms/MB"] = 1000.0 * (c1 - c0) / max(r["input MB/s"] * dt, 1e-9)
    r["user ms/MB"] = 1000.0 * (u1 - u0) / max(r["input MB/s"] * dt, 1e-9)
    r["writer %core"] = 100.0 * (k1 - k0) / dt
    r["KiB/read"] = (rb1 - rb0) / max(rc1 - rc0, 1) / 1024
    if es.terminate(dm, a.timeout) is None:
        notes.append(f"{name}: killed after SIGTERM")
    es.reap()
    os.unlink(log)
    problems = dm.log_problems()
    if problems:
        notes.append(f"{name}: {problems[:3]}")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    es.add_runner_args(ap)
    ap.add_argument("--secs", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of all cases, interleaved; medians are shown")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--cases", default="", help="comma-separated case names to run (default: all)")
    ap.add_argument("--logdir", help="where the log files go (default: the work dir); e.g. /dev/shm to take the "
                    "disk's writeback out of the figures")
    ap.add_argument("--base-jar", help="another supervisord.jar (e.g. before a change): its cases are named 'base …'")
    a = ap.parse_args()
    cases = list(CASES)
    if a.base_jar:
        cases += [("base" + n[len("ours"):], "base", keys) for n, kind, keys in CASES if kind == "ours"]
    if a.cleanup:
        sys.exit(1 if es.kill_everything(a.cleanup) else 0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    ctypes.CDLL(None).prctl(es.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    runs, notes = {}, []
    try:
        wanted = [c for c in cases if not a.cases or c[0] in a.cases.split(",")
                  or (c[1] == "base" and "ours" + c[0][len("base"):] in a.cases.split(","))]
        for rnd in range(a.rounds):
            for name, kind, keys in wanted:
                print(f"[{time.strftime('%H:%M:%S')}] round {rnd + 1}: {name} ...", file=sys.stderr)
                r = run_case(a, f"{name} {rnd}", kind, keys, notes)
                if r:
                    print(f"    {name}: {r['input MB/s']:.1f} input MB/s, {r['CPU ms/MB']:.2f} CPU ms/MB", file=sys.stderr)
                    runs.setdefault(name, []).append(r)
    finally:
        es.kill_everything(a.tag)
    results = {n: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for n, rs in runs.items()}
    base = results.get("ours raw", {}).get("input MB/s")
    base_cpu = results.get("ours raw", {}).get("CPU ms/MB")
    print(f"log formats: /usr/bin/yes, {len(LINE) + 1}-byte lines, {a.secs:.0f} s each, median of {a.rounds} rounds "
          f"(load before {load}, after {' '.join(open('/proc/loadavg').read().split()[:3])})")
    print(f"  {'case':<24} {'lines/s':>10} {'input MB/s':>11} {'file MB/s':>10} {'CPU %core':>10} {'CPU ms/MB':>10}"
          f" {'user ms/MB':>10} {'writer %core':>12} {'KiB/read':>8} {'MB/s vs raw':>12} {'CPU/MB vs raw':>14}")
    for name, _, _ in cases:
        r = results.get(name, {})
        if not r and name not in results:
            continue
        if not r:
            print(f"  {name:<24} {'-':>10}")
            continue
        rel = f"{100.0 * (r['input MB/s'] / base - 1):+.1f} %" if base else "-"
        rel_cpu = f"{100.0 * (r['CPU ms/MB'] / base_cpu - 1):+.1f} %" if base_cpu else "-"
        print(f"  {name:<24} {r['lines/s']:>10.0f} {r['input MB/s']:>11.1f} {r['log file MB/s']:>10.1f} "
              f"{r['CPU %core']:>10.1f} {r['CPU ms/MB']:>10.2f} {r['user ms/MB']:>10.2f} {r['writer %core']:>12.1f} {r['KiB/read']:>8.1f}"
              f" {rel:>12} {rel_cpu:>14}")
    for n in notes:
        print("NOTE:", n)


if __name__ == "__main__":
    main()
