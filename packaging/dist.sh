#!/bin/sh
# Builds jsupervisor's self-contained distribution (what `mvn -Pdist package` runs, and the
# Dockerfile):
#
#   <out>/jsupervisor/bin/supervisord      launcher (bounded heap, serial GC; JAVA_OPTS overrides)
#   <out>/jsupervisor/bin/supervisorctl    launcher (records an AppCDS archive on its first run)
#   <out>/jsupervisor/lib/supervisord.jar, lib/supervisorctl.jar (and lib/libjffi-1.2.so, jffi's stub)
#   <out>/jsupervisor/runtime/             jlink'd Java runtime with only the modules below
#   <out>/jsupervisor-<version>-linux-x64.tar.gz   the same tree, to unpack in /opt
#
# usage: dist.sh <out-dir> <version> <supervisord.jar> <supervisorctl.jar> <launcher-dir>
# JLINK picks the jlink to use (default: $JAVA_HOME/bin/jlink, else jlink on PATH).
set -eu

if [ $# -ne 5 ]; then
  echo "usage: $0 <out-dir> <version> <supervisord.jar> <supervisorctl.jar> <launcher-dir>" >&2
  exit 2
fi
out=$1 version=$2 app_jar=$3 ctl_jar=$4 launchers=$5

# What `jdeps --ignore-missing-deps --multi-release 17 --print-module-deps supervisord.jar` prints
# (the client jar needs java.base and java.xml, included). Re-run it when dependencies change.
# Plus jdk.crypto.ec, which jdeps cannot see (a security provider, found at run time): without it
# https:// probes fail against servers with EC certificates or ECDHE-only key exchange (JDK 17).
MODULES=java.base,java.desktop,java.naming,java.security.jgss,java.security.sasl,java.sql,jdk.crypto.ec,jdk.management,jdk.unsupported

jlink=${JLINK:-}
if [ -z "$jlink" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jlink=$JAVA_HOME/bin/jlink
  else
    jlink=jlink
  fi
fi

root=$out/jsupervisor
rm -rf -- "$root"
mkdir -p -- "$root/bin" "$root/lib"
"$jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive --output "$root/runtime" >/dev/null
# The CDS archive for heaps over 32 GiB (no compressed oops) is never used with the launchers' -Xmx.
rm -f -- "$root/runtime/lib/server/classes_nocoops.jsa"

cp -- "$app_jar" "$root/lib/supervisord.jar"
# jffi's native stub written beside the jar at package time (JffiStub), copied after the jar so that it is
# not older than it: the daemon loads it from lib/ instead of extracting it at every start
for stub in "$(dirname -- "$app_jar")"/libjffi-*.so; do
  if [ -f "$stub" ]; then cp -- "$stub" "$root/lib/"; fi
done
cp -- "$ctl_jar" "$root/lib/supervisorctl.jar"
cp -- "$launchers/supervisord" "$launchers/supervisorctl" "$root/bin/"
chmod 755 "$root/bin/supervisord" "$root/bin/supervisorctl"

# No supervisorctl class-data archive is recorded here: it is only valid at the jar's final path.
# bin/supervisorctl records it on its first run where lib/ is writable (the Dockerfile does so).

tarball=$out/jsupervisor-$version-linux-x64.tar.gz
tar -C "$out" -czf "$tarball" jsupervisor
echo "jsupervisor distribution: $root ($(du -sh "$root" | cut -f1)), $tarball ($(du -h "$tarball" | cut -f1))"
