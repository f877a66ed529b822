#!/bin/sh
# Benchmark (not a test): spawn cost and RPC latency, jsupervisor's daemon vs Python supervisord
# 4.2.5, both up on the same N-program config (autostart=false, startsecs=0), measured A/B
# alternated over several rounds; prints medians and ratios. See bench/README.md.
#
# Usage: bench/spawn-rpc.sh [-n N] [-k PAIRS] [-m CALLS] [--rounds R] [--warmup W] [--only ours|python]
# Env: JAVA, JAVA_OPTS (extra JVM flags for our daemon), PYTHON.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-bench.sh" spawn_rpc.py spawnrpc "$@"
