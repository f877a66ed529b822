package dev.jsupervisor.config;

import dev.jsupervisor.core.LogFormatSpec;

import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.UpdateGrain;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [supervisord]} section with supervisord's defaults applied. Relative paths are made
 * absolute against the working directory at load time and {@code ~} is expanded, as supervisord does.
 *
 * @param logfile the main log file; empty when {@code logfile=syslog} (see {@link #logfileSyslog()})
 * @param logfileSyslog {@code logfile=syslog}: the main log goes to the local syslog
 * @param logfileMaxbytes rotation size, 0 = never
 * @param logfileBackups rotated files kept
 * @param loglevel threshold of the main log
 * @param pidfile where the daemon writes its pid
 * @param umask applied when daemonizing
 * @param nodaemon the {@code nodaemon} key as written, empty when absent: an explicit {@code false}
 *     daemonizes, as in supervisord; absent, the daemon stays in the foreground (the seed's default)
 * @param silent with nodaemon: do not echo the main log to stdout
 * @param minfds RLIMIT_NOFILE wanted
 * @param minprocs RLIMIT_NPROC wanted
 * @param nocleanup keep old AUTO child logs at start
 * @param childlogdir directory of AUTO child logs (exists)
 * @param user drop privileges to this user (validated to exist)
 * @param directory chdir here when daemonizing (exists)
 * @param stripAnsi strip ANSI escapes from child output
 * @param environment added to every child's environment by the daemon (not merged into ProcessSpecs)
 * @param identifier the RPC identification string
 * @param updateGrain jsupervisor's {@code update_grain}: what our update restarts of a changed group
 * @param logFormat our main-log shaping keys ({@code log_format}, {@code log_timestamp_format},
 *     {@code log_rotate}, {@code log_rotate_gzip}); {@link LogFormatSpec#RAW} = supervisord's
 */
public record SupervisordSection(
    Optional<Path> logfile,
    boolean logfileSyslog,
    long logfileMaxbytes,
    int logfileBackups,
    LogLevel loglevel,
    Path pidfile,
    int umask,
    Optional<Boolean> nodaemon,
    boolean silent,
    int minfds,
    int minprocs,
    boolean nocleanup,
    Path childlogdir,
    Optional<String> user,
    Optional<Path> directory,
    boolean stripAnsi,
    Map<String, String> environment,
    String identifier,
    UpdateGrain updateGrain,
    LogFormatSpec logFormat) {

  public SupervisordSection {
    environment = Map.copyOf(environment);
  }
}
