package dev.jsupervisor.core.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The supervisor's own fd 1 or 2, written raw (not through {@code System.out}, which an embedder
 * may have replaced or which may encode). Never rotated, as supervisord requires maxbytes=0 there.
 */
final class StdioTarget implements Target {
  private final String name;
  private final FileOutputStream out;

  private StdioTarget(String name, FileDescriptor fd) {
    this.name = name;
    this.out = new FileOutputStream(fd);
  }

  static StdioTarget stdout() {
    return new StdioTarget("/dev/stdout", FileDescriptor.out);
  }

  static StdioTarget stderr() {
    return new StdioTarget("/dev/stderr", FileDescriptor.err);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    out.write(buf, off, len);
  }

  @Override
  public void reopen() {}

  @Override
  public void clear() {}

  @Override
  public void close() {
    // never close the supervisor's own stdout/stderr
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return name;
  }
}
