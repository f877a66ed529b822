package dev.jsupervisor.web;

import dev.jsupervisor.core.ActivityLog;
import dev.jsupervisor.core.LogLevel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;
import org.xnio.IoUtils;

/**
 * A {@code [unix_http_server]}'s socket file, made as supervisord makes it: bound at {@code
 * <file>.<pid>}, chmod/chown'ed, then hard-linked to {@code <file>}; an existing file that accepts a
 * connection means another server (error), otherwise it is a stale socket and is replaced. {@link
 * #remove()} deletes the file when the server closes. Called by the thread that starts or stops the
 * web server.
 */
final class UnixSocketFile implements SocketServer.Binding {

  private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());
  private final UnixListener config;
  private final Path file;
  private final ActivityLog activityLog;

  UnixSocketFile(UnixListener config, ActivityLog activityLog) {
    this.config = config;
    this.file = config.file().toAbsolutePath().normalize();
    this.activityLog = activityLog;
  }

  @Override
  public ServerSocketChannel open() throws ListenerBindException {
    Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
    ServerSocketChannel server = null;
    try {
      Files.deleteIfExists(tmp);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(tmp), 1024);
      try {
        Files.setPosixFilePermissions(tmp, permissions(config.chmod()));
        chown(tmp);
        link(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return server;
    } catch (ListenerBindException e) {
      IoUtils.safeClose(server);
      throw e;
    } catch (IOException | RuntimeException e) {
      IoUtils.safeClose(server);
      throw new ListenerBindException(file.toString(), "Cannot open an HTTP server: " + SocketServer.describe(e), e);
    }
  }

  @Override
  public void remove() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot remove socket " + file + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }

  private void link(Path tmp) throws IOException {
    try {
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      if (answers(file)) {
        throw new ListenerBindException(file.toString(), ListenerBindException.ALREADY_LISTENING, e);
      }
      activityLog.log(LogLevel.WARN, "Unlinking stale socket " + file);
      Files.deleteIfExists(file);
      Files.createLink(file, tmp);
    }
  }

  /** Whether something accepts connections on {@code socket} (supervisord probes with a GET). */
  private static boolean answers(Path socket) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return probe.isConnected();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void chown(Path path) throws IOException {
    if (config.chownUser().isEmpty() && config.chownGroup().isEmpty()) {
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
    if (config.chownUser().isPresent()) {
      view.setOwner(names.lookupPrincipalByName(config.chownUser().get()));
    }
    if (config.chownGroup().isPresent()) {
      view.setGroup(names.lookupPrincipalByGroupName(config.chownGroup().get()));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        result.add(bits[i]);
      }
    }
    return result;
  }
}
