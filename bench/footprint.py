#!/usr/bin/env python3
"""Footprint benchmark (not a test): every figure of issue 12's table, ours vs Python supervisord.

Stdlib only; reuses engine_scale.py's helpers (XML-RPC over the unix socket, /proc readers,
subreaper and tag cleanup). Each scenario runs our daemon and Python's one after the other (never
both at once), alternating which goes first, for --rounds rounds; the table shows the median of
each figure and the ratio ours/python. Scenarios (startsecs=0 everywhere):
  start100  100 programs: launch -> all RUNNING, daemon CPU until then, RSS; then RPC latency:
            stopProcess/startProcess(wait=true) on one program, getState (new connection per call),
            and getState's p99 again over twice as many calls made right after those
  idle200   200 programs: settle, then a window of idle: context switches of all threads, CPU,
            RSS after it, threads (and ours grouped by name)
  start500  500 programs: launch -> all RUNNING, RSS
  log1/log20  1 or 20 writers of a fixed byte count into stdout logs with rotation
            (maxbytes=50MB, backups=3): MiB/s, daemon CPU s per GiB, bytes lost
"""
import argparse
import ctypes
import os
import re
import shutil
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_scale as es  # noqa: E402

MIB = 1 << 20
GIB = 1 << 30

SCENARIOS = ["start100", "idle200", "start500", "log1", "log20"]

# comm names (15 chars max) of threads the JVM itself starts; everything else is ours
JVM_THREADS = re.compile(
    r"^(java|GC Thread|G1 |VM Thread|VM Periodic|Reference Handl|Finalizer|Signal Dispatch|"
    r"Service Thread|Native Heap Tri|Monitor Deflati|C1 CompilerThre|C2 CompilerThre|Sweeper thread|"
    r"Common-Cleaner|Notification Th|Attach Listener|process reaper|VM Operation|"
    r"StrDedup|Cleaner-|JFR )")


# ---------------------------------------------------------------- /proc helpers

def task_ids(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []


def ctx_switches(pid):
    """{tid: voluntary+nonvoluntary context switches} of every thread alive now."""
    out = {}
    for t in task_ids(pid):
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                out[t] = sum(int(line.split()[1]) for line in f if "ctxt_switches:" in line)
        except OSError:
            pass
    return out


def switches_between(before, after):
    """Switches in the window of the threads alive at its end (one that exited in it is lost)."""
    return sum(n - before.get(t, 0) for t, n in after.items())


def thread_names(pid):
    names = []
    for t in task_ids(pid):
        try:
            with open(f"/proc/{pid}/task/{t}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            pass
    return names


def group_names(names):
    """'JVM n: a, b×2; ours m: c, d' with runs of numbered names folded."""
    def fold(ns):
        counts = {}
        for n in ns:
            k = re.sub(r"[-#]?\d+$", "#", n)
            counts[k] = counts.get(k, 0) + 1
        return ", ".join(f"{k}×{c}" if c > 1 else k for k, c in sorted(counts.items()))
    jvm = [n for n in names if JVM_THREADS.match(n)]
    ours = [n for n in names if not JVM_THREADS.match(n)]
    return f"JVM-internal {len(jvm)}: {fold(jvm)}; ours {len(ours)}: {fold(ours)}"


# ---------------------------------------------------------------- scenarios

def start_daemon(d, n, a, notes):
    """Launches d and waits for n RUNNING; returns (pid, seconds) or (pid, None)."""
    t0 = time.monotonic()
    pid = d.launch()
    t = es.wait_all_running(es.d_sock(d), n, t0 + a.timeout, interval=0.05)
    if t is None:
        notes.append(f"{d.name}: not all {n} RUNNING after {a.timeout:.0f} s")
        return pid, None
    return pid, t - t0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def timed_calls(k, fn):
    out = []
    for _ in range(k):
        t0 = time.perf_counter()
        fn()
        out.append(1000 * (time.perf_counter() - t0))
    return out


def wait_exec(sock, name, word, timeout=5.0):
    """Untimed: waits until the program's child has exec'd (its cmdline contains word). With
    startsecs=0 RUNNING can come before the exec, and Python's forked child still has the
    daemon's SIGTERM handler until then, so an immediate stop would wait stopwaitsecs."""
    pid = es.rpc(sock).supervisor.getProcessInfo(name)["pid"]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if word.encode() in f.read():
                    return
        except OSError:
            return
        time.sleep(0.001)


def sc_start100(d, pid, secs, a):
    r = {}
    r["launch -> all RUNNING, 100 (s)"] = secs
    r["start-up CPU, 100 (s)"] = es.cpu_secs(pid)
    r["RSS, 100 programs (MB)"] = es.rss_mb(pid)
    sock = es.d_sock(d)
    stops, starts = [], []
    for _ in range(a.rpc_calls):
        stops += timed_calls(1, lambda: es.rpc(sock).supervisor.stopProcess("p0000", True))
        starts += timed_calls(1, lambda: es.rpc(sock).supervisor.startProcess("p0000", True))
        wait_exec(sock, "p0000", "sleep")
    r["startProcess p50 (ms)"] = statistics.median(starts)
    r["stopProcess p50 (ms)"] = statistics.median(stops)
    gs = timed_calls(a.getstate_calls, lambda: es.rpc(sock).supervisor.getState())
    r["getState p50 (ms)"] = statistics.median(gs)
    r["getState p99 (ms)"] = pct(gs, 99)
    # the same call once the first ones have been made (a JIT has compiled their path; Python's
    # daemon gets the same calls): what a daemon that has been up a while answers
    gs = timed_calls(a.getstate_calls * 2, lambda: es.rpc(sock).supervisor.getState())
    r["getState p99, later (ms)"] = pct(gs, 99)
    return r


def sc_idle200(d, pid, secs, a):
    r = {}
    time.sleep(a.settle)
    s0, c0, t0 = ctx_switches(pid), es.cpu_secs(pid), time.monotonic()
    time.sleep(a.idle)
    s1, c1, t1 = ctx_switches(pid), es.cpu_secs(pid), time.monotonic()
    r["RSS, 200 idle (MB)"] = es.rss_mb(pid)
    r["threads at idle, 200"] = es.threads(pid)
    r["idle wake-ups, 200 (ctx sw/s)"] = switches_between(s0, s1) / (t1 - t0)
    r[f"idle CPU over {a.idle:.0f} s, 200 (ms)"] = 1000 * (c1 - c0)
    if d.name == "ours":
        r["_names"] = group_names(thread_names(pid))
    return r


def sc_start500(d, pid, secs, a):
    r = {}
    r["launch -> all RUNNING, 500 (s)"] = secs
    r["RSS, 500 programs (MB)"] = es.rss_mb(pid)
    return r


def write_log_config(dirname, writers, each):
    sock = os.path.join(dirname, "s.sock")
    writer = os.path.join(dirname, "writer.sh")
    with open(writer, "w") as f:
        # a fixed byte count, then stay RUNNING (an exit would be restarted and write again)
        f.write("#!/bin/sh\nhead -c \"$1\" /dev/zero | tr '\\000' x\nexec sleep 100000\n")
    lines = [
        "[supervisord]", f"logfile={dirname}/supervisord.log", f"pidfile={dirname}/supervisord.pid",
        f"childlogdir={dirname}", "",
        "[unix_http_server]", f"file={sock}", "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
    ]
    for i in range(writers):
        lines += [f"[program:w{i:02d}]", f"command=/bin/sh {writer} {each}", "autostart=false",
                  "startsecs=0", "autorestart=false",
                  f"stdout_logfile={dirname}/logs/w{i:02d}.log",
                  "stdout_logfile_maxbytes=50MB", "stdout_logfile_backups=3",
                  "stderr_logfile=NONE", ""]
    os.makedirs(os.path.join(dirname, "logs"))
    conf = os.path.join(dirname, "supervisord.conf")
    with open(conf, "w") as f:
        f.write("\n".join(lines))
    return conf


def logged_bytes(dirname):
    total = 0
    for fn in os.listdir(os.path.join(dirname, "logs")):
        try:
            total += os.path.getsize(os.path.join(dirname, "logs", fn))
        except OSError:
            pass
    return total


def sc_log(d, pid, a, notes, writers, each):
    r = {}
    time.sleep(0.5)
    want = writers * each
    sock = es.d_sock(d)
    c0, t0 = es.cpu_secs(pid), time.monotonic()
    es.rpc(sock).supervisor.startAllProcesses(False)
    got, last, t_last = 0, -1, time.monotonic()
    while got < want:
        got = logged_bytes(d.dir)
        now = time.monotonic()
        if got != last:
            last, t_last = got, now
        elif now - t_last > 10:
            break  # no progress for 10 s: what is missing is lost
        time.sleep(0.01)
    t1, c1 = t_last, es.cpu_secs(pid)
    tag = f"{writers} writer" + ("s" if writers > 1 else "")
    r[f"log {tag}: MiB/s"] = got / MIB / (t1 - t0)
    r[f"log {tag}: CPU s per GiB"] = (c1 - c0) / (got / GIB) if got else None
    r[f"log {tag}: bytes lost"] = want - got
    if want != got:
        notes.append(f"{d.name}: {tag}: {want - got} of {want} bytes not in the logs")
    return r


# ---------------------------------------------------------------- driver

def run_one(name, argv, scenario, a, rnd, notes, problems):
    d_dir = os.path.join(a.workdir, f"r{rnd}-{scenario}-{name}")
    os.makedirs(d_dir)
    writers = {"log1": 1, "log20": 20}.get(scenario)
    if writers:
        n = 0
        conf = write_log_config(d_dir, writers, a.log_bytes // writers)
    else:
        n = {"start100": 100, "idle200": 200, "start500": 500}[scenario]
        conf, _ = es.write_config(d_dir, n, "/bin/sleep 100000", "sections", 0, 8192)
    d = es.Daemon(name, argv, conf, d_dir, a.tag)
    print(f"[{time.strftime('%H:%M:%S')}] round {rnd} {scenario} {name}", file=sys.stderr)
    r = {}
    try:
        pid, secs = start_daemon(d, n, a, notes)
        if secs is not None and writers:
            r = sc_log(d, pid, a, notes, writers, a.log_bytes // writers)
        elif secs is not None:
            r = {"start100": sc_start100, "idle200": sc_idle200,
                 "start500": sc_start500}[scenario](d, pid, secs, a)
    finally:
        if d.alive() and es.terminate(d, 60) is None:
            notes.append(f"{name}: {scenario}: did not exit within 60 s of SIGTERM (killed)")
        es.kill_everything(a.tag)
        for line in d.log_problems():
            problems.setdefault(name, []).append(line)
        shutil.rmtree(d_dir, ignore_errors=True)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    es.add_runner_args(ap)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="1 round, 10 s idle, 20 RPC / 200 getState calls, 120 MB logged")
    ap.add_argument("--keep", action="store_true", help="(the shell wrapper keeps the temp dir)")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--only", metavar="SCENARIOS",
                    help="comma-separated scenarios to run (default all: " + ",".join(SCENARIOS) + ")")
    a = ap.parse_args()
    if a.cleanup:
        sys.exit(1 if es.kill_everything(a.cleanup) else 0)
    if a.quick:
        a.rounds, a.idle, a.settle, a.rpc_calls, a.getstate_calls = 1, 10.0, 2.0, 20, 200
        a.log_bytes = 120_000_000
    else:
        a.idle, a.settle, a.rpc_calls, a.getstate_calls = 20.0, 3.0, 50, 500
        # 180 MB: 1 writer rotates 3 times and keeps everything (4 files x 50 MB would not)
        a.log_bytes = 180_000_000
    uptime_before = os.popen("uptime").read().strip()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(es.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("warning: could not become a child subreaper", file=sys.stderr)
    daemons = {
        "ours": [a.java, "-jar", a.jar, "-c"],  # the README's launch command, no extra flags
        "python": ["/usr/bin/supervisord", "-n", "-c"],
    }
    scenarios = SCENARIOS
    if a.only:
        scenarios = [s.strip() for s in a.only.split(",") if s.strip()]
        unknown = [s for s in scenarios if s not in SCENARIOS]
        if unknown:
            ap.error(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    results = {"ours": {}, "python": {}}  # name -> metric -> [values]
    notes, problems, names_notes = [], {}, []
    t_start = time.monotonic()
    try:
        for rnd in range(1, a.rounds + 1):
            for i, sc in enumerate(scenarios):
                order = ["ours", "python"] if (rnd + i) % 2 else ["python", "ours"]
                for name in order:
                    r = run_one(name, daemons[name], sc, a, rnd, notes, problems)
                    if "_names" in r:
                        names_notes.append(r.pop("_names"))
                    for k, v in r.items():
                        if v is not None:
                            results[name].setdefault(k, []).append(v)
    finally:
        left = es.kill_everything(a.tag)
        if left:
            notes.append(f"{left} processes survived SIGKILL cleanup")

    keys = []
    for n in ("ours", "python"):
        for k in results[n]:
            if k not in keys:
                keys.append(k)
    w = max([len(k) for k in keys] + [10])
    print(f"footprint: {time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} cpus, "
          f"{a.rounds} round(s){' (--quick)' if a.quick else ''}"
          f"{', only ' + ','.join(scenarios) if a.only else ''}, "
          f"{time.monotonic() - t_start:.0f} s")
    print(f"  uptime before: {uptime_before}")
    print(f"  uptime after:  {os.popen('uptime').read().strip()}")
    print(f"  ours = java -jar {a.jar} -c FILE; python = /usr/bin/supervisord -n -c FILE (4.2.5)")
    print(f"  startsecs=0; log: {a.log_bytes} B in total per case, maxbytes=50MB backups=3")
    print()
    print(f"| {'figure':<{w}} | {'ours':>9} | {'python':>9} | {'ours/py':>7} |")
    print(f"|{'-' * (w + 2)}|{'-' * 11}|{'-' * 11}|{'-' * 9}|")
    for k in keys:
        o = results["ours"].get(k)
        p = results["python"].get(k)
        om = statistics.median(o) if o else None
        pm = statistics.median(p) if p else None
        ratio = f"{om / pm:.2f}" if om is not None and pm else "-"
        if isinstance(om, float) and k.endswith("bytes lost"):
            om = int(om)
        if isinstance(pm, float) and k.endswith("bytes lost"):
            pm = int(pm)
        print(f"| {k:<{w}} | {es.fmt(om):>9} | {es.fmt(pm):>9} | {ratio:>7} |")
    print()
    for n in dict.fromkeys(names_notes):
        print(f"NOTE threads of ours at idle: {n}")
    es.print_problems(problems, notes)


if __name__ == "__main__":
    main()
