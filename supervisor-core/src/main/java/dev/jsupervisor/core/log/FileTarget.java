package dev.jsupervisor.core.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * A log file rotated as supervisord's RotatingFileHandler does: after every write, once the file
 * is at least {@code maxbytes} long, {@code f.(k)} → {@code f.(k+1)} for k = backups−1 … 1, then
 * {@code f} → {@code f.1}, and {@code f} is reopened empty. backups = 0 truncates instead;
 * maxbytes ≤ 0 never rotates. A file may exceed maxbytes by one write. An owner-only target
 * creates every file it makes with mode 0600 (before the umask), never readable by others.
 */
final class FileTarget implements Target {
  private static final FileAttribute<?>[] OWNER_ONLY =
      {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  private static final FileAttribute<?>[] AS_UMASK_ALLOWS = {};

  private final Path path;
  private final FileAttribute<?>[] createAs;
  private final long maxbytes;
  private final int backups;
  private FileChannel channel;

  FileTarget(Path path, boolean ownerOnly, long maxbytes, int backups) throws IOException {
    this.path = path;
    this.createAs = ownerOnly ? OWNER_ONLY : AS_UMASK_ALLOWS;
    this.maxbytes = maxbytes;
    this.backups = backups;
    this.channel = openAppend();
  }

  private FileChannel openAppend() throws IOException {
    return FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        createAs);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    if (channel == null) {
      channel = openAppend(); // a previous rotation or reopen failed: try again
    }
    ByteBuffer b = ByteBuffer.wrap(buf, off, len);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    if (maxbytes > 0 && channel.size() >= maxbytes) {
      rotate();
    }
  }

  private void rotate() throws IOException {
    closeChannel();
    if (backups > 0) {
      for (int k = backups - 1; k >= 1; k--) {
        Path from = backup(k);
        if (Files.exists(from)) {
          move(from, backup(k + 1));
        }
      }
      move(path, backup(1));
    }
    channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), createAs);
  }

  private Path backup(int k) {
    return path.resolveSibling(path.getFileName() + "." + k);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      // the source vanished (a cleanup script removed it): as supervisord, carry on
    }
  }

  @Override
  public void reopen() throws IOException {
    closeChannel();
    channel = openAppend();
  }

  @Override
  public void clear() throws IOException {
    closeChannel();
    Files.deleteIfExists(path);
    channel = openAppend();
  }

  @Override
  public void close() {
    closeChannel();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing buffered in a FileChannel: nothing lost
      }
      channel = null;
    }
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(path);
  }

  @Override
  public String describe() {
    return path.toString();
  }
}
