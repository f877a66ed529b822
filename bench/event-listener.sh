#!/bin/sh
# Benchmark (not a test): PROCESS_LOG events delivered to one event-listener pool, and the daemon's
# CPU per 10k events, Python supervisord 4.2.5 and ours one after the other. See bench/README.md.
#
# Usage: bench/event-listener.sh [--secs S] [--rounds R] [--keep]
# Env: JAVA (default java), JAVA_OPTS, PYTHON (default python3).
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

work=$(mktemp -d /tmp/bench-events-XXXXXX)
tag=event-listener-$$-$(date +%s%N)
bench_pid=
cleanup() {
  # event_listener.py kills everything it started on its way out; this catches an interrupted run
  if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  "$python" "$here/event_listener.py" --cleanup "$tag" || echo "cleanup: some processes survived" >&2
  if [ "$keep" = yes ]; then echo "kept $work" >&2; else rm -rf -- "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# in the background so that a signal to this shell runs the trap at once, not after the run
"$python" "$here/event_listener.py" --jar "$jar" --java "${JAVA:-java}" --workdir "$work" \
  --tag "$tag" "$@" &
bench_pid=$!
wait "$bench_pid"
