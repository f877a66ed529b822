#!/bin/sh
# Benchmark (not a test): jsupervisor's daemon vs Python supervisord 4.2.5, side by side in one run
# on the same machine, on a generated config with N programs, plus a log-throughput case.
# The daemons run one after the other, never at once. See bench/README.md for what is measured.
#
# Usage: bench/engine-scale.sh [-n N] [engine_scale.py options...]
#   -n N               programs (default 500; try -n 1000)
#   --cmd CMD          program command (default '/bin/sleep 100000'; '/bin/cat' keeps its stdin pipe)
#   --layout L         'sections' (N [program:x], default) or 'numprocs' (one program, numprocs=N)
#   --startsecs S      startsecs of every program (default: unset = supervisord's 1)
#   --idle SECS        idle-CPU window (default 10)      --log-secs SECS  log window (default 5)
#   --only ours|python --skip-log                        --keep  (keep the temp dir)
# Env: JAVA (default java), JAVA_OPTS (extra JVM flags for our daemon), PYTHON (default python3).
# Builds supervisor-app/target/supervisord.jar if it is missing (mvn package -DskipTests).
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo=$(dirname -- "$here")
jar=$repo/supervisor-app/target/supervisord.jar
python=${PYTHON:-python3}
keep=no
for arg in "$@"; do [ "$arg" = "--keep" ] && keep=yes; done

[ -x /usr/bin/supervisord ] && [ -x /usr/bin/supervisorctl ] \
  || { echo "needs Python supervisord at /usr/bin (apt-get install supervisor)" >&2; exit 2; }
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$repo" && { mvn -q -o package -DskipTests || mvn -q package -DskipTests; }) >&2
fi

work=$(mktemp -d /tmp/bench-engine-XXXXXX)
tag=engine-scale-$$-$(date +%s%N)
bench_pid=
cleanup() {
  # engine_scale.py kills everything it started on its way out; this catches an interrupted run
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  "$python" "$here/engine_scale.py" --cleanup "$tag" || echo "cleanup: some processes survived" >&2
  if [ "$keep" = yes ]; then echo "kept $work" >&2; else rm -rf -- "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# in the background so that a signal to this shell runs the trap at once, not after the run
"$python" "$here/engine_scale.py" --jar "$jar" --java "${JAVA:-java}" --workdir "$work" \
  --tag "$tag" "$@" &
bench_pid=$!
wait "$bench_pid"
