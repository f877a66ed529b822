#!/bin/sh
# Benchmark (not a test): every figure of issue 12's footprint table for our daemon (the README's
# `java -jar supervisor-app/target/supervisord.jar -c FILE`, no extra JVM flags) and Python
# supervisord 4.2.5 (`/usr/bin/supervisord -n -c FILE`), alternating A/B, never both at once;
# medians over the rounds and ours/Python ratios as one table. See bench/README.md "Footprint".
#
# Usage: bench/footprint.sh [--rounds R] [--quick] [--only SCENARIOS] [--keep]
#   --rounds R   rounds (default 3; about 3 min each on a 2-core box)
#   --quick      1 round, 10 s idle window, fewer RPC calls, 120 MB logged (about 2-3 min)
#   --only S,..  just these scenarios of start100,idle200,start500,log1,log20 (default all)
# Env: JAVA (default java), PYTHON (default python3).
# Builds supervisor-app/target/supervisord.jar if it is missing (mvn package -DskipTests).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-bench.sh" footprint.py footprint "$@"
