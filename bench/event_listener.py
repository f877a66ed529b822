#!/usr/bin/env python3
"""Event benchmark (not a test): PROCESS_LOG events delivered to one listener pool.

One program writes --rate 60-byte lines a second (one write and flush each; paced, so that both
daemons get the same input) with stdout_events_enabled=true; one
[eventlistener:counter] (a Python listener written from the protocol: READY, read the header and the
payload, count, RESULT 2 OK) subscribes to PROCESS_LOG. For Python supervisord 4.2.5 and ours, one
after the other, over --secs seconds after 1 s of warm-up: events delivered per second (counted by
the listener), payload bytes per second, the daemon's CPU, and the daemon's CPU ms per 10k events
(the cost of dispatching, independent of how much CPU the machine had left). Both daemons run the
same listener, so the listener's own speed bounds both. Stdlib only; reuses engine_scale.py.
"""
import argparse
import ctypes
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_scale as es  # noqa: E402

LISTENER = r'''
import sys, os
out = sys.argv[1]
n = nbytes = 0
w, r = sys.stdout, sys.stdin
while True:
    w.write("READY\n"); w.flush()
    header = dict(t.split(":", 1) for t in r.readline().split())
    payload = r.read(int(header["len"]))
    n += 1
    nbytes += len(payload)
    if n % 200 == 0:
        with open(out + ".tmp", "w") as f:
            f.write("%d %d\n" % (n, nbytes))
        os.replace(out + ".tmp", out)
    w.write("RESULT 2\nOK"); w.flush()
'''

WRITER = r'''
import sys, time
rate = float(sys.argv[1])
line = "x" * 59 + "\n"
start, n = time.monotonic(), 0
while True:
    sys.stdout.write(line); sys.stdout.flush()
    n += 1
    ahead = n / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
'''



def write_config(d, rate):
    sock = os.path.join(d, "s.sock")
    with open(os.path.join(d, "listener.py"), "w") as f:
        f.write(LISTENER)
    with open(os.path.join(d, "writer.py"), "w") as f:
        f.write(WRITER)
    text = "\n".join([
        "[supervisord]", f"logfile={d}/supervisord.log", f"pidfile={d}/supervisord.pid", f"childlogdir={d}", "",
        "[unix_http_server]", f"file={sock}", "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[program:talker]", f"command=/usr/bin/python3 -u {d}/writer.py {rate}", "startsecs=0",
        f"stdout_logfile={d}/talker.log", "stdout_logfile_maxbytes=0", "stdout_events_enabled=true", "",
        "[eventlistener:counter]", f"command=/usr/bin/python3 -u {d}/listener.py {d}/count",
        "events=PROCESS_LOG", "buffer_size=10000", f"stderr_logfile={d}/listener.err", "",
    ])
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(text)
    return conf, sock


def read_count(d):
    try:
        with open(os.path.join(d, "count")) as f:
            n, b = f.read().split()
            return int(n), int(b)
    except (OSError, ValueError):
        return 0, 0


def run_case(a, name, kind, notes):
    d = os.path.join(a.workdir, name.replace(" ", "_"))
    os.makedirs(d)
    conf, sock = write_config(d, a.rate)
    argv = [a.java, *os.environ.get("JAVA_OPTS", "").split(), "-jar", a.jar, "-n", "-c"] if kind == "ours" \
        else ["/usr/bin/supervisord", "-n", "-c"]
    dm = es.Daemon(name, argv, conf, d, a.tag)
    pid = dm.launch()
    r = {}
    deadline = time.monotonic() + a.timeout
    while read_count(d)[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    if read_count(d)[0] == 0:
        notes.append(f"{name}: no event reached the listener")
    else:
        time.sleep(1.0)
        (n0, b0), c0, t0 = read_count(d), es.cpu_secs(pid), time.monotonic()
        time.sleep(a.secs)
        (n1, b1), c1, t1 = read_count(d), es.cpu_secs(pid), time.monotonic()
        dt = t1 - t0
        r["events/s"] = (n1 - n0) / dt
        r["payload KB/s"] = (b1 - b0) / dt / 1e3
        r["CPU %core"] = 100.0 * (c1 - c0) / dt
        r["CPU ms/10k ev"] = 1000.0 * (c1 - c0) / max((n1 - n0) / 1e4, 1e-9)
    if es.terminate(dm, a.timeout) is None:
        notes.append(f"{name}: killed after SIGTERM")
    es.reap()
    problems = [p for p in dm.log_problems() if "buffer overflowed" not in p]
    if problems:
        notes.append(f"{name}: {problems[:3]}")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    es.add_runner_args(ap)
    ap.add_argument("--secs", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rate", type=float, default=2000.0, help="lines per second the program writes (one write each)")
    ap.add_argument("--timeout", type=float, default=120.0)
    a = ap.parse_args()
    if a.cleanup:
        sys.exit(1 if es.kill_everything(a.cleanup) else 0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    ctypes.CDLL(None).prctl(es.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    runs, notes = {}, []
    try:
        for rnd in range(a.rounds):
            for name, kind in (("python", "python"), ("ours", "ours")):
                print(f"[{time.strftime('%H:%M:%S')}] round {rnd + 1}: {name} ...", file=sys.stderr)
                r = run_case(a, f"{name} {rnd}", kind, notes)
                if r:
                    runs.setdefault(name, []).append(r)
    finally:
        es.kill_everything(a.tag)
    results = {n: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for n, rs in runs.items()}
    print(f"PROCESS_LOG events to one listener pool, program writing {a.rate:.0f} lines/s, {a.secs:.0f} s each, "
          f"median of {a.rounds} rounds "
          f"(load before {load}, after {' '.join(open('/proc/loadavg').read().split()[:3])})")
    keys = ["events/s", "payload KB/s", "CPU %core", "CPU ms/10k ev"]
    print(f"  {'':<10}" + "".join(f"{k:>16}" for k in keys))
    for n in ("python", "ours"):
        if n in results:
            print(f"  {n:<10}" + "".join(f"{results[n][k]:>16.1f}" for k in keys))
    if "python" in results and "ours" in results:
        print(f"  {'ours/py':<10}" + "".join(f"{results['ours'][k] / max(results['python'][k], 1e-9):>16.2f}"
                                            for k in keys))
    for n in notes:
        print("note:", n)


if __name__ == "__main__":
    main()
