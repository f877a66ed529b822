package dev.jsupervisor.web.rest;

import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ControlException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A window of a log file as the page reads it: text plus the byte offsets it covers, so the page can
 * follow new output ({@link #tail}) and load earlier parts ({@link #before}) without gaps or
 * repeats. Windows are cut at UTF-8 character boundaries. (supervisord's {@code tailProcessLog}
 * result lacks the start offset, hence this class.) Blocking file I/O: call on a worker thread.
 *
 * @param text the bytes of [start, end) decoded as UTF-8
 * @param start file offset of the first byte
 * @param end file offset after the last byte: ask from here next time
 * @param size the file's size when read
 * @param overflow bytes between the requested offset and {@code start} were skipped
 * @param reset the requested offset was beyond the end: the file was cleared or rotated
 */
record LogWindow(String text, long start, long end, long size, boolean overflow, boolean reset) {

  static final int MAX_LENGTH = 1 << 20;

  /** New output from {@code offset} on, at most {@code length} bytes (the newest ones); offset &lt; 0 = just the end. */
  static LogWindow tail(Path file, long offset, int length) throws ControlException {
    try (FileChannel ch = open(file)) {
      long size = ch.size();
      boolean reset = offset > size;
      long from = offset < 0 || reset ? Math.max(0, size - length) : offset;
      boolean overflow = false;
      if (size - from > length) {
        from = size - length;
        overflow = true;
      }
      return read(ch, from, size, size, overflow, reset, offset < 0 || reset || overflow);
    } catch (IOException e) {
      throw new ControlException(Reason.FAILED, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** At most {@code length} bytes that end at {@code end} (for loading earlier parts). */
  static LogWindow before(Path file, long end, int length) throws ControlException {
    try (FileChannel ch = open(file)) {
      long size = ch.size();
      long to = Math.min(Math.max(0, end), size);
      long from = Math.max(0, to - length);
      return read(ch, from, to, size, false, false, true);
    } catch (IOException e) {
      throw new ControlException(Reason.FAILED, "cannot read " + file + ": " + e.getMessage());
    }
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", text);
    m.put("start", start);
    m.put("offset", end);
    m.put("size", size);
    m.put("overflow", overflow);
    m.put("reset", reset);
    return m;
  }

  private static FileChannel open(Path file) throws IOException, ControlException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ControlException(Reason.NO_FILE, file.toString());
    }
  }

  /** Reads [from, to); when {@code alignStart}, skips to the next character start (the window began mid-way). */
  private static LogWindow read(FileChannel ch, long from, long to, long size, boolean overflow, boolean reset,
      boolean alignStart) throws IOException {
    int n = (int) (to - from);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
      // a file that shrank while reading just gives fewer bytes
    }
    byte[] bytes = buf.array();
    int len = buf.position();
    int skip = 0;
    if (alignStart && from > 0) {
      while (skip < len && skip < 4 && (bytes[skip] & 0xC0) == 0x80) {
        skip++;
      }
    }
    int cut = incompleteTail(bytes, skip, len);
    String text = new String(bytes, skip, len - skip - cut, StandardCharsets.UTF_8);
    return new LogWindow(text, from + skip, from + len - cut, size, overflow, reset);
  }

  /** How many bytes at the end belong to a character whose remaining bytes are not written yet. */
  static int incompleteTail(byte[] b, int from, int len) {
    for (int back = 1; back <= 3 && len - back >= from; back++) {
      int c = b[len - back] & 0xFF;
      if ((c & 0xC0) == 0x80) {
        continue;
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }
}
