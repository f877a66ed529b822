#!/usr/bin/env python3
"""Side-by-side benchmark of two supervisord daemons on N programs (see engine-scale.sh).

Stdlib only. Runs each daemon in turn (never both at once) on its own generated config in its own
temp dir, measures it through XML-RPC over its unix socket, /proc, and Python's supervisorctl,
and prints one table with the ratio ours/python. The bench process makes itself a child
subreaper, so every child a daemon leaves behind is re-parented here and killed at the end.
"""
import argparse
import ctypes
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import xmlrpc.client

CLK_TCK = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36
TAG_VAR = "JSUPERVISOR_BENCH_TAG"


# ---------------------------------------------------------------- XML-RPC over a unix socket

class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path, timeout):
        super().__init__()
        self._path = path
        self._timeout = timeout

    def make_connection(self, host):
        return _UnixConnection(self._path, self._timeout)


def rpc(sock_path, timeout=120.0):
    """A fresh proxy (one HTTP connection per call, as supervisorctl does)."""
    return xmlrpc.client.ServerProxy("http://localhost/RPC2",
                                     transport=_UnixTransport(sock_path, timeout))


# ---------------------------------------------------------------- /proc

def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def rss_mb(pid):
    return int(proc_status(pid)["VmRSS"].split()[0]) / 1024.0


def threads(pid):
    return int(proc_status(pid)["Threads"])


def _stat_fields(pid):
    """The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_secs(pid):
    """utime+stime of the whole process (all threads), in seconds."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def user_secs(pid):
    """utime of the whole process: its own work, without the kernel's on its behalf."""
    return int(_stat_fields(pid)[11]) / CLK_TCK


def all_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def ppid_of(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


def descendants(root):
    kids = {}
    for p in all_pids():
        kids.setdefault(ppid_of(p), []).append(p)
    out, todo = [], [root]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def tagged(tag):
    """Pids whose environment carries our tag (daemons and the children they spawned)."""
    needle = f"{TAG_VAR}={tag}".encode() + b"\0"
    out = []
    for p in all_pids():
        try:
            with open(f"/proc/{p}/environ", "rb") as f:
                if needle in f.read():
                    out.append(p)
        except OSError:
            pass
    return out


def live(pids):
    """Pids that exist and are not zombies."""
    out = []
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    out.append(p)
        except OSError:
            pass
    return out


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_everything(tag):
    """SIGKILL every tagged process and every descendant of this process; returns how many."""
    me = os.getpid()
    victims = set(tagged(tag)) | set(descendants(me))
    victims.discard(me)
    for p in victims:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.2)
    reap()
    return len(live(victims))


# ---------------------------------------------------------------- configs

def write_config(d, n, cmd, layout, startsecs, minfds):
    sock = os.path.join(d, "s.sock")
    lines = [
        "[supervisord]",
        f"logfile={d}/supervisord.log",
        f"pidfile={d}/supervisord.pid",
        f"childlogdir={d}/childlogs",
        f"minfds={minfds}",
        "",
        "[unix_http_server]",
        f"file={sock}",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{sock}",
        "",
    ]
    extra = [] if startsecs is None else [f"startsecs={startsecs}"]
    if layout == "numprocs":
        lines += ["[program:p]", f"command={cmd}", f"numprocs={n}",
                  "process_name=%(program_name)s%(process_num)04d", *extra, ""]
    else:
        for i in range(n):
            lines += [f"[program:p{i:04d}]", f"command={cmd}", *extra, ""]
    os.makedirs(f"{d}/childlogs", exist_ok=True)
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write("\n".join(lines))
    return conf, sock


def config_head(d, sock):
    """The sections every log benchmark's config starts with: daemon files in d, RPC on sock."""
    return [
        "[supervisord]", f"logfile={d}/supervisord.log", f"pidfile={d}/supervisord.pid",
        f"childlogdir={d}", "",
        "[unix_http_server]", f"file={sock}", "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
        "[supervisorctl]", f"serverurl=unix://{sock}", "",
    ]


def write_log_config(d, cmd):
    sock = os.path.join(d, "s.sock")
    log = os.path.join(d, "flood.log")
    text = "\n".join(config_head(d, sock) + [
        "[program:flood]", f"command={cmd}", f"stdout_logfile={log}",
        "stdout_logfile_maxbytes=0", "stdout_logfile_backups=0", "stderr_logfile=NONE", "",
    ])
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(text)
    return conf, sock, log


def harness_args(ap):
    """add_runner_args plus the --timeout and --keep that log_capture.py takes."""
    add_runner_args(ap)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--keep", action="store_true")


def become_harness(a):
    """--cleanup mode exits here; otherwise signals end the run cleanly and we adopt orphans."""
    if a.cleanup:
        sys.exit(1 if kill_everything(a.cleanup) else 0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


# ---------------------------------------------------------------- one daemon

class Daemon:
    def __init__(self, name, argv, conf, d, tag):
        self.name, self.argv, self.conf, self.dir, self.tag = name, argv, conf, d, tag
        self.proc = None

    def launch(self):
        env = dict(os.environ)
        env[TAG_VAR] = self.tag
        out = open(os.path.join(self.dir, "daemon.out"), "wb")
        self.proc = subprocess.Popen(self.argv + [self.conf], env=env, stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        out.close()
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # expected in every run here: running as root, no auth on the socket, our own stop/SIGTERM
    BENIGN = re.compile(r"running as root|without any HTTP authentication|"
                        r"stopped: \S+ \(terminated by SIGTERM\)|"
                        r"received SIGTERM indicating exit request|waiting for .* to (die|stop)")

    def log_problems(self):
        """Unexpected lines of the daemon's log and stdout at WARN/ERRO/CRIT or with a trace."""
        found = []
        for fn in ("supervisord.log", "daemon.out"):
            p = os.path.join(self.dir, fn)
            if not os.path.exists(p):
                continue
            with open(p, errors="replace") as f:
                for line in f:
                    if (re.search(r"\b(CRIT|ERRO|ERROR|WARN|Exception|Traceback)\b", line)
                            and not self.BENIGN.search(line)):
                        found.append(f"{fn}: {line.rstrip()}")
        return found


def running_count(sock, n_expected):
    infos = rpc(sock, timeout=60).supervisor.getAllProcessInfo()
    return sum(1 for i in infos if i["statename"] == "RUNNING"), len(infos)


def wait_all_running(sock, n, deadline, on_first=None, interval=0.1):
    """Polls getAllProcessInfo (every interval s) until n are RUNNING; returns the monotonic time
    it saw it, or None."""
    first = True
    while time.monotonic() < deadline:
        try:
            r, _ = running_count(sock, n)
            if first and on_first:
                on_first(time.monotonic())
            first = False
            if r >= n:
                return time.monotonic()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            pass
        time.sleep(interval)
    return None


def ctl(conf, args, timeout=600):
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/supervisorctl", "-c", conf, *args], capture_output=True,
                       text=True, timeout=timeout)
    return time.monotonic() - t0, p.returncode, p.stdout + p.stderr


def median_of(k, fn):
    times = []
    for _ in range(k):
        t0 = time.monotonic()
        fn()
        times.append(time.monotonic() - t0)
    return statistics.median(times)


def terminate(d, timeout):
    """SIGTERM and wait; returns seconds until exit, or None if it had to be killed."""
    t0 = time.monotonic()
    d.proc.send_signal(signal.SIGTERM)
    try:
        d.proc.wait(timeout=timeout)
        return time.monotonic() - t0
    except subprocess.TimeoutExpired:
        d.proc.kill()
        d.proc.wait()
        return None


def bench_scale(d, a, notes):
    """The N-program case. Returns {metric: value}; problems go to notes."""
    r = {}
    first_rpc = {}
    t0 = time.monotonic()
    pid = d.launch()
    t_all = wait_all_running(d_sock(d), a.n, t0 + a.timeout,
                             on_first=lambda t: first_rpc.setdefault("t", t))
    if "t" in first_rpc:
        r["first RPC answered (s)"] = first_rpc["t"] - t0
    if t_all is None:
        try:
            got = running_count(d_sock(d), a.n)
        except Exception as e:  # noqa: BLE001 - report whatever went wrong
            got = repr(e)
        notes.append(f"{d.name}: NOT all {a.n} RUNNING after {a.timeout:.0f} s (running, total: {got})")
        return r
    r["launch -> all RUNNING (s)"] = t_all - t0
    r["CPU used until then (s)"] = cpu_secs(pid)
    r["RSS all RUNNING (MB)"] = rss_mb(pid)
    r["threads"] = threads(pid)
    c0 = cpu_secs(pid)
    time.sleep(a.idle)
    r[f"idle CPU over {a.idle:.0f} s (% core)"] = 100.0 * (cpu_secs(pid) - c0) / a.idle
    r["RSS after idle (MB)"] = rss_mb(pid)
    r["getAllProcessInfo (ms, med 5)"] = 1000 * median_of(
        5, lambda: rpc(d_sock(d)).supervisor.getAllProcessInfo())
    r["getPID (ms, med 5)"] = 1000 * median_of(5, lambda: rpc(d_sock(d)).supervisor.getPID())
    r["supervisorctl status (ms, med 5)"] = 1000 * median_of(
        5, lambda: ctl(d.conf, ["status"]))
    r["RSS after status calls (MB)"] = rss_mb(pid)
    secs, rc, out = ctl(d.conf, ["stop", "all"])
    r["stop all (s)"] = secs
    check_ctl(d, "stop all", out, "stopped", a.n, notes)
    secs, rc, out = ctl(d.conf, ["start", "all"])
    r["start all (s)"] = secs
    check_ctl(d, "start all", out, "started", a.n, notes)
    if wait_all_running(d_sock(d), a.n, time.monotonic() + a.timeout) is None:
        notes.append(f"{d.name}: not all RUNNING again after start all")
    r["threads after start all"] = threads(pid)
    kids = len(live(descendants(pid)))
    down = terminate(d, a.timeout)
    if down is None:
        notes.append(f"{d.name}: did not exit within {a.timeout:.0f} s of SIGTERM (killed)")
    else:
        r["SIGTERM -> exit (s)"] = down
    time.sleep(0.3)
    reap()
    left = live(tagged(d.tag))
    if left:
        notes.append(f"{d.name}: {len(left)} processes still alive after it exited "
                     f"(of {kids} children before SIGTERM)")
    return r


def check_ctl(d, what, out, word, n, notes):
    ok = sum(1 for line in out.splitlines() if line.rstrip().endswith(word))
    if ok != n:
        bad = [l for l in out.splitlines() if not l.rstrip().endswith(word)][:3]
        notes.append(f"{d.name}: {what}: {ok}/{n} lines '{word}'; others: {bad}")


def bench_log(d, a, log, notes):
    r = {}
    pid = d.launch()
    if wait_all_running(d_sock(d), 1, time.monotonic() + a.timeout) is None:
        notes.append(f"{d.name}: log case: flood program never RUNNING")
        return r
    time.sleep(1.0)  # let the JIT / page cache settle; both get the same
    s0, c0, t0 = os.path.getsize(log), cpu_secs(pid), time.monotonic()
    time.sleep(a.log_secs)
    s1, c1, t1 = os.path.getsize(log), cpu_secs(pid), time.monotonic()
    r["log MB/s (1e6 B)"] = (s1 - s0) / (t1 - t0) / 1e6
    r["daemon CPU while logging (% core)"] = 100.0 * (c1 - c0) / (t1 - t0)
    r["RSS while logging (MB)"] = rss_mb(pid)
    r["threads while logging"] = threads(pid)
    try:
        rpc(d_sock(d), timeout=30).supervisor.stopProcess("flood")
    except Exception as e:  # noqa: BLE001
        notes.append(f"{d.name}: log case: stopProcess failed: {e!r}")
    if terminate(d, a.timeout) is None:
        notes.append(f"{d.name}: log case: did not exit after SIGTERM (killed)")
    reap()
    try:
        os.unlink(log)
    except OSError:
        pass
    return r


def d_sock(d):
    return os.path.join(d.dir, "s.sock")


# ---------------------------------------------------------------- table

def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, int):
        return str(v)
    return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"


def print_table(title, names, results):
    keys = []
    for n in names:
        for k in results.get(n, {}):
            if k not in keys:
                keys.append(k)
    w = max([len(k) for k in keys] + [10])
    print(title)
    print(f"  {'metric':<{w}} {'ours':>10} {'python':>10} {'ours/py':>8}")
    for k in keys:
        o, p = results.get("ours", {}).get(k), results.get("python", {}).get(k)
        ratio = f"{o / p:.2f}" if o is not None and p not in (None, 0) else "-"
        print(f"  {k:<{w}} {fmt(o):>10} {fmt(p):>10} {ratio:>8}")
    print()


def print_problems(problems, notes):
    """Prints {daemon: [unexpected log lines]} (up to 5 distinct each) and the NOTE lines."""
    for name, lines in problems.items():
        if lines:
            uniq = list(dict.fromkeys(re.sub(r"^\S+: \S+ \S+ ", "", l) for l in lines))
            print(f"{name}: {len(lines)} unexpected WARN/ERRO/CRIT lines in its log, e.g.:")
            for l in uniq[:5]:
                print(f"    {l[:160]}")
    for n in notes:
        print(f"NOTE {n}")


# ---------------------------------------------------------------- main

def add_runner_args(ap):
    """The options run-bench.sh passes to every script (--cleanup, --jar, --java, --workdir, --tag)."""
    ap.add_argument("--cleanup", metavar="TAG", help="only kill everything tagged TAG, then exit")
    ap.add_argument("--jar", help="supervisord.jar")
    ap.add_argument("--java", default="java")
    ap.add_argument("--workdir")
    ap.add_argument("--tag")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_runner_args(ap)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--cmd", default="/bin/sleep 100000")
    ap.add_argument("--layout", choices=["sections", "numprocs"], default="sections")
    ap.add_argument("--startsecs", type=int, default=None,
                    help="startsecs for every program (default: unset, i.e. 1)")
    ap.add_argument("--minfds", type=int, default=8192)
    ap.add_argument("--idle", type=float, default=10.0)
    ap.add_argument("--log-secs", type=float, default=5.0)
    ap.add_argument("--log-cmd", default="/usr/bin/yes")
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--only", choices=["ours", "python"])
    ap.add_argument("--skip-log", action="store_true")
    ap.add_argument("--keep", action="store_true", help="(the shell wrapper keeps the temp dir)")
    a = ap.parse_args()
    a.load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    if a.cleanup:
        sys.exit(1 if kill_everything(a.cleanup) else 0)

    # SIGTERM/SIGINT unwind through the finally blocks below, which kill every daemon and child
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("warning: could not become a child subreaper", file=sys.stderr)
    java_opts = os.environ.get("JAVA_OPTS", "").split()
    daemons = {
        "ours": [a.java, *java_opts, "-jar", a.jar, "-n", "-c"],
        "python": ["/usr/bin/supervisord", "-n", "-c"],
    }
    names = [a.only] if a.only else ["ours", "python"]
    scale, logres, notes, problems = {}, {}, [], {}
    try:
        for name in names:
            d_dir = os.path.join(a.workdir, f"{name}-scale")
            os.makedirs(d_dir)
            conf, _ = write_config(d_dir, a.n, a.cmd, a.layout, a.startsecs, a.minfds)
            d = Daemon(name, daemons[name], conf, d_dir, a.tag)
            print(f"[{time.strftime('%H:%M:%S')}] {name}: {a.n} programs ...", file=sys.stderr)
            try:
                scale[name] = bench_scale(d, a, notes)
            finally:
                if d.alive():
                    terminate(d, 30)
                kill_everything(a.tag)
                problems[name] = d.log_problems()
            shutil.rmtree(os.path.join(d_dir, "childlogs"), ignore_errors=True)
        if not a.skip_log:
            for name in names:
                d_dir = os.path.join(a.workdir, f"{name}-log")
                os.makedirs(d_dir)
                conf, _, log = write_log_config(d_dir, a.log_cmd)
                d = Daemon(name, daemons[name], conf, d_dir, a.tag)
                print(f"[{time.strftime('%H:%M:%S')}] {name}: log throughput ...", file=sys.stderr)
                try:
                    logres[name] = bench_log(d, a, log, notes)
                finally:
                    if d.alive():
                        terminate(d, 30)
                    kill_everything(a.tag)
                    problems[name + " (log case)"] = d.log_problems()
                    if os.path.exists(log):
                        os.unlink(log)
    finally:
        left = kill_everything(a.tag)
        if left:
            notes.append(f"{left} processes survived SIGKILL cleanup")

    load = open("/proc/loadavg").read().split()[:3]
    print(f"engine-scale: {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cpus, "
          f"load before/after {a.load_before} / {' '.join(load)}")
    print(f"  {a.n} programs '{a.cmd}' ({a.layout}, startsecs="
          f"{'default' if a.startsecs is None else a.startsecs}, minfds={a.minfds}); "
          f"ours = {' '.join(daemons['ours'][:-2])}, python = supervisord 4.2.5")
    print()
    print_table(f"N = {a.n} programs", names, scale)
    if logres:
        print_table(f"log throughput: '{a.log_cmd}' into one stdout log, no rotation, "
                    f"{a.log_secs:.0f} s window", names, logres)
    print_problems(problems, notes)


if __name__ == "__main__":
    main()
