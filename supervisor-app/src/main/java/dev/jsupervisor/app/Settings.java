package dev.jsupervisor.app;

import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.LogLevel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon-level settings in effect: {@code [supervisord]} with the command-line options laid
 * over it (options win, as in supervisord).
 */
record Settings(
    Optional<Path> logfile,
    boolean logfileSyslog,
    long logfileMaxbytes,
    int logfileBackups,
    int umask,
    LogLevel loglevel,
    Path pidfile,
    boolean silent,
    long minfds,
    long minprocs,
    boolean nocleanup,
    Path childlogdir,
    Optional<String> user,
    String identifier,
    Map<String, String> environment,
    LogFormatSpec logFormat) {

  static Settings of(SupervisordConf conf, Options o) {
    var s = conf.supervisord();
    return new Settings(
        o.logfile().map(Path::of).or(s::logfile),
        o.logfile().isEmpty() && s.logfileSyslog(),
        o.logfileMaxbytes().orElse(s.logfileMaxbytes()),
        o.logfileBackups().orElse(s.logfileBackups()),
        o.umask().orElse(s.umask()),
        o.loglevel().map(Converters::logLevel).orElse(s.loglevel()),
        o.pidfile().map(Path::of).orElse(s.pidfile()),
        o.silent() || s.silent(),
        o.minfds().map(Integer::longValue).orElse((long) s.minfds()),
        o.minprocs().orElse((long) s.minprocs()),
        o.nocleanup() || s.nocleanup(),
        o.childlogdir().map(Path::of).orElse(s.childlogdir()),
        o.user().or(s::user),
        o.identifier().orElse(s.identifier()),
        s.environment(),
        s.logFormat());
  }
}
