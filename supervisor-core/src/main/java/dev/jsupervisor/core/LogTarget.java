package dev.jsupervisor.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One destination of a child's output stream. A stream may have several (the seed's comma-separated
 * {@code stdout_logfile = a.log, /dev/stdout}).
 */
public sealed interface LogTarget {

  /**
   * A regular file, rotated by the stream's maxbytes/backups. Readable by offset and tailed.
   *
   * @param ownerOnly create it (and its rotations) readable by the owner only, as supervisord
   *     creates AUTO logs (mode 0600); otherwise the umask decides
   */
  record File(Path path, boolean ownerOnly) implements LogTarget {
    public File {
      Objects.requireNonNull(path, "path");
    }

    /** A file named in the config: created as the umask allows. */
    public File(Path path) {
      this(path, false);
    }
  }

  /**
   * {@code AUTO}: a file in childlogdir named {@code <process>-<channel>---<identifier>-<random>.log},
   * created when the group is added; behaves as {@link File} afterwards.
   */
  record Auto() implements LogTarget {}

  /** {@code /dev/stdout} of the supervisor (never rotated). */
  record Stdout() implements LogTarget {}

  /** {@code /dev/stderr} of the supervisor (never rotated). */
  record Stderr() implements LogTarget {}

  /** {@code syslog} (local) or {@code syslog @[proto:]host[:port]} (remote). */
  record Syslog(String protocol, String host, int port) implements LogTarget {
    /** The local syslog daemon ({@code /dev/log}). */
    public static Syslog local() {
      return new Syslog("unix", "/dev/log", 0);
    }

    public boolean isLocal() {
      return protocol.equals("unix");
    }
  }
}
