package dev.jsupervisor.core.log;

import dev.jsupervisor.core.ControlException;
import java.nio.file.Path;

/** Reads log files by offset the way supervisord's readLog and tailLog do. Stateless; any thread. */
public final class LogFiles {
  private LogFiles() {}

  /**
   * supervisord's {@code readLog(offset, length)}: offset&lt;0 and length 0 → the last |offset| bytes;
   * offset≥0 and length 0 → to EOF; offset≥0 and length&gt;0 → length bytes from offset.
   *
   * @throws ControlException BAD_ARGUMENTS for other combinations, NO_FILE when the file does not
   *     exist (detail = path), FAILED on I/O errors
   */
  public static byte[] read(Path file, long offset, long length) throws ControlException {
    throw new UnsupportedOperationException("not built yet");
  }

  /**
   * supervisord's {@code tailProcessStdoutLog(offset, length)}; a missing file gives
   * {@code ('', 0, false)}.
   */
  public static TailResult tail(Path file, long offset, long length) {
    throw new UnsupportedOperationException("not built yet");
  }
}
