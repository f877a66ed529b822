#!/bin/sh
# Benchmark (not a test): the child-output log path per log format (raw, strip_ansi, timestamped,
# json, json + hourly rotation + gzip) against plain capture, and Python supervisord 4.2.5's raw
# capture, one after the other. See bench/README.md.
#
# Usage: bench/log-formats.sh [--secs S] [--rounds R] [--cases "ours raw,ours json"] [--logdir DIR]
#        [--base-jar JAR] [--keep]
# Env: JAVA (default java), JAVA_OPTS, PYTHON (default python3).
# Builds supervisor-app/target/supervisord.jar if it is missing (mvn package -DskipTests).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-bench.sh" log_formats.py logs "$@"
