#!/bin/sh
# Benchmark: `supervisorctl update` after one program of a 100-program [group:svc] changed.
# Python supervisord 4.2.5 + Python's supervisorctl (supervisord's group grain) vs our daemon with
# `update_grain = process` + our supervisorctl, side by side: wall time of the update and how many
# processes got a new pid. Each program takes ~0.3 s to stop (a TERM trap), as real services do.
#
# Usage: bench/update-grain.sh [programs]    (default 100)
# Needs supervisor-app/target/supervisord.jar and supervisor-ctl/target/supervisorctl.jar
# (mvn -B -pl supervisor-app -am package -DskipTests).
set -eu

programs=${1:-100}
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo=$(dirname -- "$here")
jar=$repo/supervisor-app/target/supervisord.jar
our_ctl=$repo/bin/supervisorctl
py_ctl=/usr/bin/supervisorctl
work=$(mktemp -d /tmp/update-bench-XXXXXX)
pids=
cleanup() {
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $pids; do
    i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf -- "$work"
}
trap cleanup EXIT INT TERM

# config <dir> <extra [supervisord] line> <command of p000>
config() {
  d=$1
  {
    printf '[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nchildlogdir=%s\n%s\n\n' "$d" "$d" "$d" "$2"
    printf '[unix_http_server]\nfile=%s/s.sock\n\n' "$d"
    printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n'
    printf '[supervisorctl]\nserverurl=unix://%s/s.sock\n\n' "$d"
    printf '[group:svc]\nprograms='
    n=0
    while [ $n -lt "$programs" ]; do
      [ $n -gt 0 ] && printf ','
      printf 'p%03d' $n
      n=$((n + 1))
    done
    printf '\n\n'
    n=0
    while [ $n -lt "$programs" ]; do
      cmd="/bin/sh -c 'trap \"sleep 0.3; exit 0\" TERM; while :; do sleep 1; done'"
      [ $n -eq 0 ] && cmd=$3
      printf '[program:p%03d]\ncommand=%s\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n\n' $n "$cmd"
      n=$((n + 1))
    done
  } > "$d/supervisord.conf"
}

status_pids() { "$1" -c "$2/supervisord.conf" status 2>/dev/null | awk '/RUNNING/ {print $1, $4}' | sort; }

await_running() {
  i=0
  while [ "$("$1" -c "$2/supervisord.conf" status 2>/dev/null | grep -c ' RUNNING ' || true)" -lt "$programs" ]; do
    i=$((i + 1))
    if [ $i -gt 600 ]; then echo "not all $programs programs RUNNING in $2" >&2; exit 1; fi
    sleep 0.2
  done
}

now() { date +%s.%N; }

run() { # <label> <dir> <ctl> <daemon command...>
  label=$1; d=$2; ctl=$3; shift 3
  "$@" -c "$d/supervisord.conf" > "$d/daemon.out" 2>&1 &
  pids="$pids $!"
  await_running "$ctl" "$d"
  status_pids "$ctl" "$d" > "$d/before"
  config "$d" "$extra" "/bin/sleep 100001"
  t0=$(now)
  "$ctl" -c "$d/supervisord.conf" update > "$d/update.out" 2>&1
  t1=$(now)
  await_running "$ctl" "$d"
  status_pids "$ctl" "$d" > "$d/after"
  restarted=$(join "$d/before" "$d/after" | awk '$2 != $3' | wc -l)
  printf '%-44s %8.2f s %8d of %d\n' "$label" "$(echo "$t1 - $t0" | bc)" "$restarted" "$programs"
  [ -n "${VERBOSE:-}" ] && cat "$d/update.out" >&2; t2=$(now); "$ctl" -c "$d/supervisord.conf" status >/dev/null 2>&1 || true; printf "%-44s %8.2f s (one status call, for scale)\n" "" "$(echo "$(now) - $t2" | bc)"
}

mkdir -p "$work/py" "$work/ours"
extra=""
config "$work/py" "$extra" "/bin/sleep 100000"
printf '%-44s %10s %14s\n' "one program of [group:svc] changed" "update" "new pids"
run "Python supervisord 4.2.5 + its supervisorctl" "$work/py" "$py_ctl" /usr/bin/supervisord -n
extra="update_grain = process"
config "$work/ours" "$extra" "/bin/sleep 100000"
run "jsupervisor (update_grain = process) + ours" "$work/ours" "$our_ctl" java -XX:TieredStopAtLevel=1 -jar "$jar" -n
