#!/bin/sh
# Benchmark (not a test): PROCESS_LOG events delivered to one event-listener pool, and the daemon's
# CPU per 10k events, Python supervisord 4.2.5 and ours one after the other. See bench/README.md.
#
# Usage: bench/event-listener.sh [--secs S] [--rounds R] [--keep]
# Env: JAVA (default java), JAVA_OPTS, PYTHON (default python3).
# Builds supervisor-app/target/supervisord.jar if it is missing (mvn package -DskipTests).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-bench.sh" event_listener.py events "$@"
