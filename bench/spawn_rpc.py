#!/usr/bin/env python3
"""Spawn cost and RPC latency of two supervisord daemons, A/B alternated (see spawn-rpc.sh).

Stdlib only; reuses engine_scale's helpers (configs, XML-RPC over the unix socket, /proc, cleanup).
Both daemons run on the same generated config (N programs /bin/sleep, autostart=false,
startsecs=0) in their own temp dirs and stay up for the whole run; in every round the order of the
two is swapped (ours first in even rounds), and each figure is the median over rounds.
Per round and daemon:
  spawn: daemon CPU (utime+stime, all threads) and wall time from startAllProcesses(wait=False) until
    getAllProcessInfo (polled every 10 ms; the polls are included) shows N RUNNING, / N;
  startProcess / stopProcess: wall time of one call each (wait=True) for K programs, p50;
  getState: M calls, one new connection each (as supervisorctl does), p50 and p99.
"""
import argparse
import os
import signal
import statistics
import sys
import time
import ctypes

import engine_scale as es


def quantile(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def wait_all(sock, state, timeout):
    """Polls getAllProcessInfo every 10 ms until every process is in state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        infos = es.rpc(sock).supervisor.getAllProcessInfo()
        if all(i["statename"] == state for i in infos):
            return
        time.sleep(0.01)
    raise SystemExit(f"not all {state} within {timeout:.0f} s")


def one_round(d, pid, a):
    # startAllProcesses(wait=False) then polling: Python's wait=True re-checks its callbacks once per
    # main-loop pass (up to 1 s each when idle), which would measure that, not spawning
    r = {}
    sock = es.d_sock(d)
    c0 = es.cpu_secs(pid)
    wall = timed(lambda: (es.rpc(sock).supervisor.startAllProcesses(False), wait_all(sock, "RUNNING", a.timeout)))
    cpu = es.cpu_secs(pid) - c0
    r["start all -> RUNNING: daemon CPU per spawn (ms)"] = 1000 * cpu / a.n
    r["start all -> RUNNING: wall per spawn (ms)"] = 1000 * wall / a.n
    c0 = es.cpu_secs(pid)
    es.rpc(sock).supervisor.stopAllProcesses(False)
    wait_all(sock, "STOPPED", a.timeout)
    r["stop all -> STOPPED: daemon CPU per stop (ms)"] = 1000 * (es.cpu_secs(pid) - c0) / a.n
    starts, stops = [], []
    for i in range(a.k):
        name = f"p{i:04d}"
        starts.append(timed(lambda: es.rpc(sock).supervisor.startProcess(name, True)))
        # Python loses a SIGTERM that reaches the child between fork and exec (the child still has
        # supervisord's handler), so both get 50 ms before the stop
        time.sleep(0.05)
        stops.append(timed(lambda: es.rpc(sock).supervisor.stopProcess(name, True)))
    r["startProcess p50 (ms)"] = 1000 * statistics.median(starts)
    r["stopProcess p50 (ms)"] = 1000 * statistics.median(stops)
    gs = [timed(lambda: es.rpc(sock).supervisor.getState()) for _ in range(a.m)]
    r["getState p50 (ms)"] = 1000 * statistics.median(gs)
    r["getState p99 (ms)"] = 1000 * quantile(gs, 0.99)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    es.add_runner_args(ap)
    ap.add_argument("-n", type=int, default=100, help="programs (default 100)")
    ap.add_argument("-k", type=int, default=30, help="start/stop pairs per round (default 30)")
    ap.add_argument("-m", type=int, default=300, help="getState calls per round (default 300)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="unreported rounds first (default 1)")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--only", choices=["ours", "python"])
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    if a.cleanup:
        sys.exit(1 if es.kill_everything(a.cleanup) else 0)
    load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(es.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    java_opts = os.environ.get("JAVA_OPTS", "").split()
    argv = {
        "ours": [a.java, *java_opts, "-jar", a.jar, "-n", "-c"],
        "python": ["/usr/bin/supervisord", "-n", "-c"],
    }
    names = [a.only] if a.only else ["ours", "python"]
    daemons, pids, notes = {}, {}, []
    rounds = {n: [] for n in names}
    try:
        for name in names:
            d_dir = os.path.join(a.workdir, name)
            os.makedirs(d_dir)
            conf, _ = es.write_config(d_dir, a.n, "/bin/sleep 100000", "sections", 0, 8192)
            with open(conf) as f:
                text = f.read().replace("startsecs=0", "startsecs=0\nautostart=false")
            with open(conf, "w") as f:
                f.write(text)
            d = es.Daemon(name, argv[name], conf, d_dir, a.tag)
            pids[name] = d.launch()
            daemons[name] = d
        for name in names:
            if es.wait_all_running(es.d_sock(daemons[name]), 0, time.monotonic() + a.timeout) is None:
                raise SystemExit(f"{name} did not answer within {a.timeout:.0f} s")
        for i in range(a.warmup + a.rounds):
            order = names if i % 2 == 0 else names[::-1]
            for name in order:
                print(f"[{time.strftime('%H:%M:%S')}] round {i + 1 - a.warmup} {name}", file=sys.stderr)
                r = one_round(daemons[name], pids[name], a)
                if i >= a.warmup:
                    rounds[name].append(r)
    finally:
        for d in daemons.values():
            if d.alive():
                es.terminate(d, 30)
        es.kill_everything(a.tag)
        for name, d in daemons.items():
            for line in d.log_problems()[:3]:
                notes.append(f"{name}: {line[:160]}")
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"spawn-rpc: {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cpus, "
          f"load before/after {load_before} / {load}")
    print(f"  N={a.n} programs /bin/sleep (autostart=false, startsecs=0), K={a.k} start/stop pairs, "
          f"M={a.m} getState calls per round; {a.rounds} rounds A/B alternated "
          f"(+{a.warmup} warm-up), medians over rounds")
    med = {n: {k: statistics.median(r[k] for r in rounds[n]) for k in rounds[n][0]}
           for n in names if rounds[n]}
    es.print_table(f"N = {a.n}", names, med)
    for n in notes:
        print(f"NOTE {n}")


if __name__ == "__main__":
    main()
