#!/bin/sh
# Shared runner of the Python-driven benchmarks (engine-scale.sh, log-formats.sh,
# event-listener.sh): checks for Python supervisord, builds supervisord.jar if it is missing, runs
# SCRIPT with --jar --java --workdir --tag and the caller's arguments in the background (so that a
# signal runs the cleanup at once), then has SCRIPT kill everything tagged and removes the temp dir
# (unless --keep).
#
# Usage (from a wrapper): exec "$here/run-bench.sh" SCRIPT.py WORKDIR-PREFIX "$@"
# Env: JAR (default supervisor-app/target/supervisord.jar of this checkout), JAVA, PYTHON.
set -eu

script=$1
prefix=$2
shift 2
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo=$(dirname -- "$here")
jar=${JAR:-$repo/supervisor-app/target/supervisord.jar}
python=${PYTHON:-python3}
keep=no
for arg in "$@"; do [ "$arg" = "--keep" ] && keep=yes; done

[ -x /usr/bin/supervisord ] && [ -x /usr/bin/supervisorctl ] \
  || { echo "needs Python supervisord at /usr/bin (apt-get install supervisor)" >&2; exit 2; }
if [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$repo" && { mvn -q -o package -DskipTests || mvn -q package -DskipTests; }) >&2
fi

work=$(mktemp -d "/tmp/bench-$prefix-XXXXXX")
tag=$prefix-$$-$(date +%s%N)
bench_pid=
cleanup() {
  # the script kills everything it started on its way out; this catches an interrupted run
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  "$python" "$here/$script" --cleanup "$tag" || echo "cleanup: some processes survived" >&2
  if [ "$keep" = yes ]; then echo "kept $work" >&2; else rm -rf -- "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# in the background so that a signal to this shell runs the trap at once, not after the run
"$python" "$here/$script" --jar "$jar" --java "${JAVA:-java}" --workdir "$work" \
  --tag "$tag" "$@" &
bench_pid=$!
wait "$bench_pid"
