#!/bin/sh
# Benchmark (not a test): log capture throughput, CPU per GiB and bytes lost, ours against Python
# supervisord 4.2.5 on the same configs (1 and 20 writers, size rotation off and on; ours also with
# log_format=timestamped and json), alternating, several rounds, medians. See bench/README.md.
#
# Usage: bench/log-capture.sh [--mib M] [--writers N] [--maxbytes 16MB] [--maxbytes-n 2MB] [--rounds R] [--cases SUBSTR]
#          [--plain] [--base-jar OLD.jar] [--keep]
# Env: JAVA (default java), JAVA_OPTS, PYTHON (default python3).
# Builds supervisor-app/target/supervisord.jar if it is missing (mvn package -DskipTests).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-bench.sh" log_capture.py logcap "$@"
