#!/bin/sh
# Benchmark: wall time of `supervisorctl status` against one supervisord with 200 programs,
# jsupervisor's client (bin/supervisorctl, AppCDS) vs Python's supervisorctl, in the same run,
# interleaved so that machine load affects both alike.
#
# Usage: bench/ctl-status.sh [runs]          (default 20 runs of each)
# Env:   SUPERVISORD   daemon command        (default /usr/bin/supervisord)
#        PY_CTL        Python supervisorctl  (default /usr/bin/supervisorctl)
#        OUR_CTL       our launcher          (default <repo>/bin/supervisorctl)
# Needs supervisor-ctl/target/supervisorctl.jar (mvn -pl supervisor-ctl package -DskipTests).
set -eu

runs=${1:-20}
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo=$(dirname -- "$here")
supervisord=${SUPERVISORD:-/usr/bin/supervisord}
py_ctl=${PY_CTL:-/usr/bin/supervisorctl}
our_ctl=${OUR_CTL:-$repo/bin/supervisorctl}
programs=200

work=$(mktemp -d /tmp/ctl-bench-XXXXXX)
daemon_pid=
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    i=0
    while kill -0 "$daemon_pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
    kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf -- "$work"
}
trap cleanup EXIT INT TERM

conf=$work/supervisord.conf
{
  printf '[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nchildlogdir=%s\n\n' "$work" "$work" "$work"
  printf '[unix_http_server]\nfile=%s/s.sock\n\n' "$work"
  printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n'
  printf '[supervisorctl]\nserverurl=unix://%s/s.sock\n\n' "$work"
  n=0
  while [ $n -lt $programs ]; do
    printf '[program:p%03d]\ncommand=/bin/sleep 100000\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n\n' $n
    n=$((n + 1))
  done
} > "$conf"

# shellcheck disable=SC2086
$supervisord -n -c "$conf" > "$work/daemon.out" 2>&1 &
daemon_pid=$!

# wait until all programs run
i=0
while :; do
  running=$("$py_ctl" -c "$conf" status 2>/dev/null | grep -c ' RUNNING ' || true)
  [ "$running" -ge $programs ] && break
  i=$((i + 1))
  if [ $i -gt 300 ]; then echo "daemon did not start $programs programs (running: $running)" >&2; exit 1; fi
  sleep 0.2
done

ms_now() { date +%s%N; }
time_one() { # prints elapsed ms of one run of "$@"
  t0=$(ms_now)
  "$@" > /dev/null 2>&1 || true
  t1=$(ms_now)
  echo $(( (t1 - t0) / 1000000 ))
}

# warm-up: page cache for both, and the first run of ours records its AppCDS archive
for _ in 1 2 3; do
  time_one "$our_ctl" -c "$conf" status > /dev/null
  time_one "$py_ctl" -c "$conf" status > /dev/null
done

# same output? (a sanity check, not part of the timing)
"$our_ctl" -c "$conf" status | sed 's/pid [0-9]*, uptime .*/pid N/' > "$work/ours.txt" || true
"$py_ctl" -c "$conf" status | sed 's/pid [0-9]*, uptime .*/pid N/' > "$work/python.txt" || true
if cmp -s "$work/ours.txt" "$work/python.txt"; then same=yes; else same=NO; fi

: > "$work/ours.ms"
: > "$work/python.ms"
r=0
while [ $r -lt "$runs" ]; do
  time_one "$our_ctl" -c "$conf" status >> "$work/ours.ms"
  time_one "$py_ctl" -c "$conf" status >> "$work/python.ms"
  r=$((r + 1))
done

stats() { sort -n "$1" | awk '{a[NR]=$1; s+=$1} END {printf "mean %.1f ms  median %d ms  min %d ms  max %d ms", s/NR, a[int((NR+1)/2)], a[1], a[NR]}'; }
mean() { awk '{s+=$1} END {print s/NR}' "$1"; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "supervisorctl status, $programs programs, $runs runs each, interleaved ($(nproc) cpus, load $(cut -d' ' -f1 /proc/loadavg))"
echo "  ours   ($our_ctl): $(stats "$work/ours.ms")"
echo "  python ($py_ctl): $(stats "$work/python.ms")"
echo "  identical output: $same"
awk -v o="$(mean "$work/ours.ms")" -v p="$(mean "$work/python.ms")" -v om="$(median "$work/ours.ms")" -v pm="$(median "$work/python.ms")" \
  'BEGIN {printf "  ratio ours/python: mean %.2f  median %.2f  (< 1 means ours is faster)\n", o/p, om/pm}'
