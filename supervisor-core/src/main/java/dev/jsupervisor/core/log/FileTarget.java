package dev.jsupervisor.core.log;

import dev.jsupervisor.core.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * A log file rotated as supervisord's RotatingFileHandler does: after every write, once the file
 * is at least {@code maxbytes} long, {@code f.(k)} → {@code f.(k+1)} for k = backups−1 … 1, then
 * {@code f} → {@code f.1}, and {@code f} is reopened empty. backups = 0 truncates instead;
 * maxbytes ≤ 0 never rotates. A file may exceed maxbytes by one write. An owner-only target
 * creates every file it makes with mode 0600 (before the umask), never readable by others.
 *
 * <p>Our extension ({@link Rotation}): also rotated by time, before the first write at or after
 * each instant of a {@link RotationSchedule} (on the injected clock), with the same numbering and
 * {@code backups}. With gzip, a rotated file is renamed aside at once and, on the compressor
 * executor, compressed to {@code f.1.gz} after {@code f.(k).gz} → {@code f.(k+1).gz}; jobs run in
 * order, so the numbering stays right however fast rotations come. Files set aside by an earlier
 * daemon that stopped before compressing them are compressed when the target opens, oldest first,
 * before any rotation of this one (and an aside name is never one already taken).
 */
final class FileTarget implements Target {
  private static final FileAttribute<?>[] OWNER_ONLY =
      {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  private static final FileAttribute<?>[] AS_UMASK_ALLOWS = {};

  private final Path path;
  private final FileAttribute<?>[] createAs;
  private final long maxbytes;
  private final int backups;
  private final Rotation rotation;
  private Instant nextRotation;
  private FileChannel channel;
  private static final AtomicLong ASIDE = new AtomicLong();
  /** Files set aside in this JVM whose compression has not finished: not an earlier daemon's leftovers. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  /**
   * Time rotation and compression of rotated files.
   *
   * @param schedule when to rotate by time; null = by size only
   * @param gzip compress rotated files on {@code compressor}
   * @param onError told of a failed compression (on the compressor's thread)
   */
  record Rotation(RotationSchedule schedule, ZoneId zone, TimeSource time, boolean gzip, Executor compressor,
      Consumer<String> onError) {
    static final Rotation SIZE_ONLY = new Rotation(null, ZoneId.systemDefault(), null, false, Runnable::run, m -> {});
  }

  FileTarget(Path path, boolean ownerOnly, long maxbytes, int backups) throws IOException {
    this(path, ownerOnly, maxbytes, backups, Rotation.SIZE_ONLY);
  }

  FileTarget(Path path, boolean ownerOnly, long maxbytes, int backups, Rotation rotation) throws IOException {
    this.path = path;
    this.createAs = ownerOnly ? OWNER_ONLY : AS_UMASK_ALLOWS;
    this.maxbytes = maxbytes;
    this.backups = backups;
    this.rotation = rotation;
    if (rotation.schedule() != null) {
      nextRotation = rotation.schedule().next(rotation.time().now(), rotation.zone());
    }
    this.channel = openAppend();
    if (backups > 0 && rotation.gzip()) {
      compressLeftovers();
    }
  }

  /**
   * Queues the {@code f.rotated-N} files an earlier daemon set aside and did not compress (it
   * stopped first), oldest first, so they become {@code f.k.gz} backups as if it had finished;
   * its half-written {@code f.rotated-N.gz} files are deleted (their source is still there).
   */
  private void compressLeftovers() {
    String asidePrefix = path.getFileName() + ".rotated-";
    List<Path> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(path.toAbsolutePath().getParent(), asidePrefix + "*")) {
      for (Path p : siblings) {
        String name = p.getFileName().toString();
        boolean partial = name.endsWith(".gz");
        Path source = partial ? p.resolveSibling(name.substring(0, name.length() - 3)) : p;
        if (PENDING.contains(source.toAbsolutePath()) // this daemon's compressor has it (a reopen after a reload)
            || !source.getFileName().toString().substring(asidePrefix.length()).chars().allMatch(Character::isDigit)) {
          continue;
        }
        if (partial) {
          Files.deleteIfExists(p);
        } else {
          leftovers.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      rotation.onError().accept("error looking for rotated logs left uncompressed beside " + path + ": " + e);
      return;
    }
    leftovers.sort(Comparator.comparing(FileTarget::modified).thenComparing(FileTarget::asideNumber));
    for (Path aside : leftovers) {
      submitCompression(aside);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long asideNumber(Path p) {
    String name = p.getFileName().toString();
    String digits = name.substring(name.lastIndexOf('-') + 1);
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private FileChannel openAppend() throws IOException {
    return FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        createAs);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    write(ByteBuffer.wrap(buf, off, len));
  }

  @Override
  public boolean takesBuffers() {
    return true;
  }

  /** A direct {@code src} goes to the file as it is (a heap one is copied by the JDK). */
  @Override
  public void write(ByteBuffer b) throws IOException {
    if (nextRotation != null) {
      Instant now = rotation.time().now();
      if (!now.isBefore(nextRotation)) {
        nextRotation = rotation.schedule().next(now, rotation.zone());
        if (channel == null || channel.size() > 0) {
          rotate();
        }
      }
    }
    if (channel == null) {
      channel = openAppend(); // a previous rotation or reopen failed: try again
    }
    while (b.hasRemaining()) {
      channel.write(b);
    }
    if (maxbytes > 0 && channel.size() >= maxbytes) {
      rotate();
    }
  }

  private void rotate() throws IOException {
    closeChannel();
    if (backups > 0 && rotation.gzip()) {
      Path aside;
      do { // a leftover of an earlier daemon may hold a number: never replace it
        aside = path.resolveSibling(path.getFileName() + ".rotated-" + ASIDE.incrementAndGet());
      } while (Files.exists(aside, LinkOption.NOFOLLOW_LINKS));
      move(path, aside);
      submitCompression(aside);
    } else if (backups > 0) {
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

  private void submitCompression(Path aside) {
    PENDING.add(aside.toAbsolutePath());
    try {
      rotation.compressor().execute(() -> compress(aside));
    } catch (RejectedExecutionException e) {
      compress(aside);
    }
  }

  /** On the compressor: {@code aside} → {@code f.1.gz}, the older {@code .gz} backups shifted up. */
  private void compress(Path aside) {
    Path tmp = aside.resolveSibling(aside.getFileName() + ".gz");
    try {
      compressNow(aside, tmp);
    } finally {
      PENDING.remove(aside.toAbsolutePath());
    }
  }

  private void compressNow(Path aside, Path tmp) {
    if (!Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
      return; // removed meanwhile (a cleanup script): nothing to keep
    }
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, createAs);
      try (InputStream in = Files.newInputStream(aside);
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 65536)) {
        in.transferTo(out);
      }
      Files.deleteIfExists(gzBackup(backups));
      for (int k = backups - 1; k >= 1; k--) {
        Path from = gzBackup(k);
        if (Files.exists(from)) {
          move(from, gzBackup(k + 1));
        }
      }
      move(tmp, gzBackup(1));
      Files.deleteIfExists(aside);
    } catch (IOException | RuntimeException e) {
      rotation.onError().accept("error compressing rotated log " + aside + " (kept as it is): " + e);
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the uncompressed file is kept; a later start retries it
      }
    }
  }

  private Path gzBackup(int k) {
    return path.resolveSibling(path.getFileName() + "." + k + ".gz");
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
