package dev.jsupervisor.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** One destination of a {@link ProcessLog}. Called with the ProcessLog's lock held. */
interface Target {
  void write(byte[] buf, int off, int len) throws IOException;

  /** Reopens after an external move (logrotate); no-op for non-files. */
  void reopen() throws IOException;

  /** Deletes and reopens; no-op for non-files. */
  void clear() throws IOException;

  void close();

  /** The file written, if this is a file target. */
  Optional<Path> file();

  /** For messages: the path or the target's name. */
  String describe();
}
