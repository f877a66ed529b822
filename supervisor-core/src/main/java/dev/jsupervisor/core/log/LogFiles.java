package dev.jsupervisor.core.log;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads log files by offset the way supervisord's readLog and tailLog do. Stateless; any thread. */
public final class LogFiles {
  /** Reads larger than this fail rather than exhaust the heap (supervisord has no limit). */
  private static final long MAX_READ = Integer.MAX_VALUE - 8;

  private LogFiles() {}

  /**
   * supervisord's {@code readLog(offset, length)}: offset&lt;0 and length 0 → the last |offset| bytes;
   * offset≥0 and length 0 → to EOF; offset≥0 and length&gt;0 → length bytes from offset (fewer at
   * EOF; none when offset is past EOF). Any thread.
   *
   * @throws ControlException BAD_ARGUMENTS for other combinations (offset&lt;0 with length≠0,
   *     length&lt;0), NO_FILE when the file does not exist (detail = path), FAILED on I/O errors
   */
  public static byte[] read(Path file, long offset, long length) throws ControlException {
    if ((offset < 0 && length != 0) || (offset >= 0 && length < 0)) {
      throw new ControlException(Reason.BAD_ARGUMENTS, "");
    }
    if (!Files.exists(file)) {
      throw new ControlException(Reason.NO_FILE, file.toString());
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long from;
      long count;
      if (offset < 0) {
        long abs = offset == Long.MIN_VALUE ? Long.MAX_VALUE : -offset;
        from = Math.max(0, size - abs);
        count = Math.min(size, abs);
      } else {
        from = offset;
        count = length == 0 ? size - offset : Math.min(length, size - offset);
      }
      return readAt(ch, from, Math.max(0, count));
    } catch (NoSuchFileException e) {
      throw new ControlException(Reason.NO_FILE, file.toString());
    } catch (IOException | ArithmeticException e) {
      throw new ControlException(Reason.FAILED, "");
    }
  }

  /**
   * supervisord's {@code tailProcessStdoutLog(offset, length)}: returns up to {@code length} bytes
   * ending at EOF when more than that is new since {@code offset} (overflow), else the bytes from
   * {@code offset}; the returned offset is always the file size. A missing file gives
   * {@code ('', 0, false)}; a read error gives {@code ('', offset, false)} as in supervisord. Any
   * thread; never throws.
   */
  public static TailResult tail(Path file, long offset, long length) {
    if (!Files.exists(file)) {
      return new TailResult(new byte[0], 0, false);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long sz = ch.size();
      boolean overflow = false;
      long off = offset;
      long len = length;
      if (sz > off + len) {
        overflow = true;
        off = sz - 1;
      }
      if (off + len > sz) {
        if (off > sz - 1) {
          len = 0;
        }
        off = sz - len;
      }
      off = Math.max(0, off);
      len = Math.max(0, len);
      byte[] data = len == 0 ? new byte[0] : readAt(ch, off, Math.min(len, Math.max(0, sz - off)));
      return new TailResult(data, sz, overflow);
    } catch (IOException e) {
      return new TailResult(new byte[0], offset, false);
    }
  }

  private static byte[] readAt(FileChannel ch, long from, long count) throws IOException {
    if (count > MAX_READ) {
      throw new IOException("read of " + count + " bytes is too large");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) count);
    long pos = from;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        break; // the file shrank (rotation) meanwhile: return what was there
      }
      pos += n;
    }
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }
}
