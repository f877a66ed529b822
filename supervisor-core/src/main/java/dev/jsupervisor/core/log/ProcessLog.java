package dev.jsupervisor.core.log;

import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.spi.OutputSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One output stream of a process, written to all its targets: files rotated by size
 * ({@code name}, {@code name.1} … {@code name.N}), the supervisor's stdout/stderr, syslog.
 * Thread-safe: the launcher's I/O thread writes, the loop or RPC threads clear/reopen.
 * Write errors are reported once to the activity log and do not stop the other targets.
 */
public final class ProcessLog implements OutputSink, Closeable {

  /**
   * Opens (creating, appending) the targets of {@code spec}. {@code spec} must not contain AUTO
   * targets: the engine replaces them by files first.
   *
   * @param label e.g. {@code web:api stdout}, for error messages
   * @throws IOException if a file target cannot be opened
   */
  public static ProcessLog open(String label, LogSpec spec) throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The first file target, which readLog/tail read; empty if none. */
  public Optional<Path> file() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Total bytes written since opened. */
  public long bytesWritten() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Closes and reopens the file targets (after logrotate moved them). */
  public void reopen() throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Deletes and reopens the file targets (backups untouched), as clearProcessLogs does. */
  public void clear() throws IOException {
    throw new UnsupportedOperationException("not built yet");
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("not built yet");
  }
}
