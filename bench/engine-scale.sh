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
exec "$here/run-bench.sh" engine_scale.py engine "$@"
