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
 * unlinked without replacement keeps being read through the open handle. A reader that fell more
 * than {@code maxLag} bytes behind (a slow client on a flooding log) skips to the last {@code head}
 * bytes with a {@code ==> N bytes skipped <==} marker, as {@code tail -f} over a slow link would
 * rather than replaying the whole flood. Not thread-safe: one stream's IO thread owns it. Knows
 * nothing of time; the caller decides when to poll.
 */
final class TailFollower implements Closeable {

  static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);

  /** The most a reader may lag before it skips ahead, unless told otherwise. */
  static final long DEFAULT_MAX_LAG = 4L * 1024 * 1024;

  private final Path path;
  private final int head;
  private final long maxLag;
  private FileChannel file;
  private Object inode;
  /** How far the file has been sent. */
  private long offset;

  private TailFollower(Path path, int head, long maxLag) {
    this.path = path;
    this.head = head;
    this.maxLag = maxLag;
  }

  /**
   * Opens {@code path}; the first {@link #poll} returns its last {@code head} bytes (all of it when
   * smaller).
   *
   * @throws IOException when the file cannot be opened (e.g. it does not exist)
   */
  static TailFollower open(Path path, int head) throws IOException {
    return open(path, head, DEFAULT_MAX_LAG);
  }

  /** As {@link #open(Path, int)}, skipping ahead when more than {@code maxLag} bytes behind. */
  static TailFollower open(Path path, int head, long maxLag) throws IOException {
    if (maxLag < head) {
      throw new IllegalArgumentException("maxLag " + maxLag + " < head " + head);
    }
    TailFollower follower = new TailFollower(Objects.requireNonNull(path, "path"), head, maxLag);
    follower.reopen();
    long size = follower.file.size();
    follower.offset = size >= head ? size - head : 0;
    return follower;
  }

  /**
   * The next bytes to send, at most {@code max}; empty when nothing was appended. A copying
   * convenience over {@link #read}.
   *
   * @throws IOException when reading the open file fails
   */
  byte[] poll(int max) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(max);
    read(buffer);
    byte[] out = new byte[buffer.position()];
    buffer.flip().get(out);
    return out;
  }

  /**
   * Reads the next bytes to send into {@code into} (as many as fit between its position and
   * limit, which must leave room for a marker line); returns how many, 0 when nothing was
   * appended. The caller owns the buffer, so a stream costs one buffer however fast the log grows.
   *
   * @throws IOException when reading the open file fails
   */
  int read(ByteBuffer into) throws IOException {
    follow();
    long size = file.size();
    int start = into.position();
    if (size < offset) {
      offset = 0;
      into.put(TRUNCATED);
      return TRUNCATED.length;
    }
    if (size - offset > maxLag) {
      long skipTo = size - head;
      into.put(("==> " + (skipTo - offset) + " bytes skipped <==\n").getBytes(StandardCharsets.US_ASCII));
      offset = skipTo;
    }
    int limit = into.limit();
    into.limit((int) Math.min(limit, into.position() + (size - offset)));
    try {
      while (into.hasRemaining()) {
        int n = file.read(into, offset);
        if (n < 0) {
          break;
        }
        offset += n;
      }
    } finally {
      into.limit(limit);
    }
    return into.position() - start;
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
