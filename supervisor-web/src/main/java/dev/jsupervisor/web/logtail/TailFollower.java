package dev.jsupervisor.web.logtail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Follows one file like supervisord's {@code tail_f_producer}: starts {@code head} bytes before the
 * end, then yields appended bytes; a file that shrank yields {@code ==> File truncated <==} and is
 * read again from 0; a new inode at the path (rotation) is opened and read from its beginning. A file
 * unlinked without replacement keeps being read through the open handle. Not thread-safe: one
 * stream's IO thread owns it. Knows nothing of time; the caller decides when to poll.
 */
final class TailFollower implements Closeable {

  static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  private final Path path;
  private FileChannel file;
  private Object inode;
  /** How far the file has been sent. */
  private long offset;

  private TailFollower(Path path) {
    this.path = path;
  }

  /**
   * Opens {@code path}; the first {@link #poll} returns its last {@code head} bytes (all of it when
   * smaller).
   *
   * @throws IOException when the file cannot be opened (e.g. it does not exist)
   */
  static TailFollower open(Path path, int head) throws IOException {
    TailFollower follower = new TailFollower(Objects.requireNonNull(path, "path"));
    follower.reopen();
    long size = follower.file.size();
    follower.offset = size >= head ? size - head : 0;
    return follower;
  }

  /**
   * The next bytes to send, at most {@code max}; empty when nothing was appended.
   *
   * @throws IOException when reading the open file fails
   */
  byte[] poll(int max) throws IOException {
    follow();
    long size = file.size();
    if (size < offset) {
      offset = 0;
      return TRUNCATED.clone();
    }
    if (size == offset) {
      return NOTHING;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(max, size - offset));
    while (buffer.hasRemaining()) {
      int n = file.read(buffer, offset + buffer.position());
      if (n < 0) {
        break;
      }
    }
    offset += buffer.position();
    byte[] out = new byte[buffer.position()];
    buffer.flip().get(out);
    return out;
  }

  /** Whether bytes beyond what was polled are already in the file (poll again without waiting). */
  boolean behind() throws IOException {
    return file.size() > offset;
  }

  private void follow() throws IOException {
    Object current;
    try {
      current = Files.getAttribute(path, "unix:ino");
    } catch (IOException | UnsupportedOperationException e) {
      return; // unlinked (or no inode notion): keep reading the open handle, as supervisord does
    }
    if (!current.equals(inode)) {
      file.close();
      reopen();
    }
  }

  private void reopen() throws IOException {
    file = FileChannel.open(path, StandardOpenOption.READ);
    try {
      inode = Files.getAttribute(path, "unix:ino");
    } catch (UnsupportedOperationException e) {
      inode = path; // no unix view: rotation cannot be detected, tailing still works
    }
    offset = 0;
  }

  /** The modification time of the followed file, for {@code Last-Modified}. */
  long lastModifiedMillis() throws IOException {
    return Files.getLastModifiedTime(path).toMillis();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
