#!/usr/bin/env python3
"""Log capture benchmark (not a test): child output into log files, ours against Python supervisord.

Writers are programs of the daemon (a small Python writer, stdlib only) that each write a fixed
number of bytes of 100-byte lines to stdout in 1 MiB writes: a warm-up part, then, once the bench
says go, the measured part and a last marker line. The measured window is from "go" until every
writer's marker line is in its log; the daemon's CPU (utime+stime from /proc) over that window.
Afterwards every log file of every writer (the live one and its rotated backups) is counted:
bytes for plain capture, lines for the line formats (a timestamped/JSON line is longer than its
input), and the difference to what the writers wrote is reported as lost. Backups are sized so
that rotation never deletes a file, which is what makes the count exact.

Cases: Python supervisord 4.2.5 and ours, 1 writer and N writers, size rotation off
(maxbytes=0) and on (--maxbytes, e.g. 16MB), and for ours also log_format=timestamped and json
(relative to ours plain; --plain leaves them out). With --base-jar an older jar runs every
plain case as "before". Rounds alternate the daemons; medians are printed. Reuses
engine_scale.py's helpers.
"""
import argparse
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_scale as es  # noqa: E402

MIB = 1 << 20
LINE = b"2026-12-01 12:00:00 INFO request served path=/api/v1/items status=200 duration_ms=12 user=alice"
LINE = (LINE + b" " + b"x" * 99)[:99] + b"\n"  # 100 bytes
MARK = b"BENCH-END"

WRITER = r'''
import os, sys, time
line = LINE_BYTES
mib_warm, mib, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
block = memoryview((line + b"\n") * (1048576 // (len(line) + 1)) + b"z" * (1048576 % (len(line) + 1) - 1) + b"\n")
def put(b):
    while b:
        b = b[os.write(1, b):]
def wait(path):
    while not os.path.exists(path):
        time.sleep(0.005)
wait(go + ".warm")
for _ in range(mib_warm):
    put(block)
put(b"BENCH-WARM".ljust(99, b".") + b"\n")
wait(go)
for _ in range(mib):
    put(block)
put(b"BENCH-END".ljust(99, b".") + b"\n")
'''


def lines_per_mib():
    # the block: floor(1 MiB / 100) lines of LINE, then one filler line making it exactly 1 MiB
    return MIB // len(LINE) + 1


def write_config(d, a, writers, rotate, fmt, mib_warm, mib):
    sock = os.path.join(d, "s.sock")
    script = os.path.join(d, "writer.py")
    with open(script, "w") as f:
        f.write(WRITER.replace("LINE_BYTES", repr(LINE[:-1])))
    total = (mib_warm + mib) * MIB + 2 * len(LINE)
    maxbytes = es_bytes(a.maxbytes if writers == 1 else a.maxbytes_n) if rotate else 0
    # enough backups that no file is ever deleted (each file holds at least maxbytes)
    backups = (math.ceil(total / maxbytes) + 1) if rotate else 0
    text = es.config_head(d, sock)
    for i in range(writers):
        text += [f"[program:w{i:02d}]",
                 f"command={sys.executable} {script} {mib_warm} {mib} {d}/go",
                 f"stdout_logfile={d}/w{i:02d}.log", f"stdout_logfile_maxbytes={maxbytes}",
                 f"stdout_logfile_backups={backups}", "stderr_logfile=NONE",
                 "startsecs=0", "autorestart=false"]
        if fmt != "plain":
            text.append(f"log_format={fmt}")
        text.append("")
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write("\n".join(text))
    return conf, sock, backups


def es_bytes(s):
    s = s.upper()
    for suffix, mul in (("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30)):
        if s.endswith(suffix):
            return int(s[:-2]) * mul
    return int(s)


def user_secs(pid):
    """utime of the whole process: the daemon's own code, without the kernel's pipe and file work."""
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[11]) / es.CLK_TCK


def files_of(d, i):
    base = os.path.join(d, f"w{i:02d}.log")
    out = [base] if os.path.exists(base) else []
    k = 1
    while os.path.exists(f"{base}.{k}"):
        out.append(f"{base}.{k}")
        k += 1
    return out


def tail_has(path, token):
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            f.seek(max(0, size - 400))
            return token in f.read()
    except OSError:
        return False


def marked(d, i, token):
    """The writer's marker is in its live log, or in its newest backup (the last write rotated)."""
    base = os.path.join(d, f"w{i:02d}.log")
    return tail_has(base, token) or tail_has(base + ".1", token)


def wait_marks(d, writers, token, deadline, pid):
    todo = set(range(writers))
    while todo and time.monotonic() < deadline:
        todo = {i for i in todo if not marked(d, i, token)}
        if todo:
            time.sleep(0.002)
    return not todo


def count(paths, lines):
    n = 0
    for p in paths:
        if not lines:
            n += os.path.getsize(p)
            continue
        with open(p, "rb") as f:
            while True:
                b = f.read(1 << 22)
                if not b:
                    break
                n += b.count(b"\n")
    return n


def run_case(a, name, kind, writers, rotate, fmt, notes):
    d = os.path.join(a.workdir, name.replace(" ", "_").replace(",", ""))
    os.makedirs(d)
    mib = a.mib if writers == 1 else max(1, a.mib // writers)
    # as much warm-up as measured: with 128 KiB reads the JIT compiles the read path only after
    # thousands of them, and compiler threads' CPU inside the window is not the log path's cost
    mib_warm = mib
    conf, sock, backups = write_config(d, a, writers, rotate, fmt, mib_warm, mib)
    jar = a.base_jar if kind == "before" else a.jar
    argv = [a.java, *os.environ.get("JAVA_OPTS", "").split(), "-jar", jar, "-n", "-c"] if kind != "python" \
        else ["/usr/bin/supervisord", "-n", "-c"]
    dm = es.Daemon(name, argv, conf, d, a.tag)
    pid = dm.launch()
    r = {}
    try:
        if es.wait_all_running(sock, writers, time.monotonic() + a.timeout) is None:
            notes.append(f"{name}: writers never RUNNING")
            return r
        open(os.path.join(d, "go.warm"), "w").close()
        if not wait_marks(d, writers, b"BENCH-WARM", time.monotonic() + a.timeout, pid):
            notes.append(f"{name}: warm-up never arrived")
            return r
        time.sleep(0.2)
        u0, c0, t0 = user_secs(pid), es.cpu_secs(pid), time.monotonic()
        open(os.path.join(d, "go"), "w").close()
        done = wait_marks(d, writers, MARK, time.monotonic() + a.timeout, pid)
        u1, c1, t1 = user_secs(pid), es.cpu_secs(pid), time.monotonic()
        if not done:
            notes.append(f"{name}: not every end marker arrived within {a.timeout:.0f} s")
        time.sleep(0.3)  # every byte before the marker is in the files already; this is for safety
        lines = fmt != "plain"
        per_writer = (mib_warm + mib) * (lines_per_mib() if lines else MIB) + 2 * (1 if lines else len(LINE))
        got = sum(count(files_of(d, i), lines) for i in range(writers))
        expected = writers * per_writer
        measured = writers * mib * MIB  # input bytes of the window
        dt = t1 - t0
        r["MiB/s"] = measured / MIB / dt
        r["CPU s/GiB"] = (c1 - c0) / (measured / (1 << 30))
        r["user s/GiB"] = (u1 - u0) / (measured / (1 << 30))
        r["CPU %core"] = 100.0 * (c1 - c0) / dt
        r["lost"] = (expected - got) * (1 if not lines else len(LINE))
        r["rotations"] = sum(len(files_of(d, i)) - 1 for i in range(writers))
        if r["lost"]:
            notes.append(f"{name}: expected {expected} {'lines' if lines else 'bytes'}, found {got}")
        return r
    finally:
        if es.terminate(dm, a.timeout) is None:
            notes.append(f"{name}: killed after SIGTERM")
        es.reap()
        problems = dm.log_problems()
        if problems:
            notes.append(f"{name}: {problems[:3]}")
        for i in range(writers):
            for p in files_of(d, i):
                os.unlink(p)


def cases(a):
    out = []
    for w in (1, a.writers):
        for rotate in (False, True):
            rot = f"rotate {a.maxbytes if w == 1 else a.maxbytes_n}" if rotate else "no rotation"
            out.append((f"python {w}w {rot}", "python", w, rotate, "plain"))
            out.append((f"ours {w}w {rot}", "ours", w, rotate, "plain"))
            if a.base_jar:
                out.append((f"before {w}w {rot}", "before", w, rotate, "plain"))
            if not rotate and not a.plain:
                out.append((f"ours timestamped {w}w {rot}", "ours", w, rotate, "timestamped"))
                out.append((f"ours json {w}w {rot}", "ours", w, rotate, "json"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    es.harness_args(ap)
    ap.add_argument("--mib", type=int, default=512, help="MiB measured per case (split among the writers)")
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--base-jar", help="also run this supervisord.jar (e.g. of the main branch) as 'before'")
    ap.add_argument("--maxbytes", default="16MB", help="stdout_logfile_maxbytes of the 1-writer rotation case")
    ap.add_argument("--maxbytes-n", default="2MB", help="stdout_logfile_maxbytes of the N-writer rotation case")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of all cases, interleaved; medians are shown")
    ap.add_argument("--cases", default="", help="substring a case name must contain (default: all)")
    ap.add_argument("--plain", action="store_true", help="plain capture only (no timestamped/json cases)")
    a = ap.parse_args()
    es.become_harness(a)
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    runs, notes = {}, []
    wanted = [c for c in cases(a) if a.cases in c[0]]
    try:
        for rnd in range(a.rounds):
            for name, kind, w, rotate, fmt in wanted:
                print(f"[{time.strftime('%H:%M:%S')}] round {rnd + 1}: {name} ...", file=sys.stderr)
                r = run_case(a, f"{name} {rnd}", kind, w, rotate, fmt, notes)
                if r:
                    runs.setdefault(name, []).append(r)
    finally:
        es.kill_everything(a.tag)
    med = {n: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for n, rs in runs.items()}
    print(f"log capture: {a.mib} MiB of 100-byte lines per case in 1 MiB writes, median of {a.rounds} rounds "
          f"(load before {load}, after {' '.join(open('/proc/loadavg').read().split()[:3])})")
    print(f"  {'case':<34} {'MiB/s':>8} {'CPU s/GiB':>10} {'user s/GiB':>10} {'CPU %core':>10} {'lost B':>7} {'rot':>4}"
          f" {'MiB/s vs py':>12} {'CPU vs py':>10} {'CPU vs ours plain':>18}")
    for name, kind, w, rotate, fmt in wanted:
        r = med.get(name)
        if not r:
            print(f"  {name:<34} {'-':>8}")
            continue
        key = name.replace("timestamped ", "").replace("json ", "")
        py = med.get(key.replace("ours", "python").replace("before", "python"))
        plain = med.get(key)
        vs_py = f"{r['MiB/s'] / py['MiB/s']:.2f}" if py and kind != "python" else ""
        cpu_py = f"{r['CPU s/GiB'] / py['CPU s/GiB']:.2f}" if py and kind != "python" else ""
        vs_plain = f"{100.0 * (r['CPU s/GiB'] / plain['CPU s/GiB'] - 1):+.0f} %" if plain and fmt != "plain" else ""
        print(f"  {name:<34} {r['MiB/s']:>8.0f} {r['CPU s/GiB']:>10.2f} {r['user s/GiB']:>10.2f} {r['CPU %core']:>10.0f}"
              f" {r['lost']:>7.0f}"
              f" {r['rotations']:>4.0f} {vs_py:>12} {cpu_py:>10} {vs_plain:>18}")
    for n in notes:
        print("NOTE:", n)


if __name__ == "__main__":
    main()
