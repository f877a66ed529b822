package dev.jsupervisor.core.os.posix;

import dev.jsupervisor.core.spi.LaunchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * Turns {@code user=} into an argv prefix that switches users between posix_spawn and the
 * program's exec.
 *
 * <p>posix_spawn cannot change credentials, and a JVM cannot safely run code between fork and exec.
 * So the child execs util-linux's {@code setpriv --reuid --regid --init-groups -- argv...}, which
 * calls setgroups(initgroups: the supplementary groups from the group database, primary gid
 * first)/setresgid/setresuid and then execs the program: the pid stays the same, so the child is
 * still the process-group leader we spawned. Differences from supervisord: chdir happens before the
 * switch (as root), and a program that cannot be exec'd fails inside setpriv (exit 127 and a
 * message on the child's stderr) instead of in the launcher.
 */
final class UserSwitch {
  static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final POSIX POSIX = POSIXFactory.getNativePOSIX();

  private UserSwitch() {}

  /**
   * The argv to spawn for {@code argv} run as {@code user} ({@code name}, {@code uid}, or either
   * followed by {@code :group}); {@code argv} itself when no switch is needed (same user).
   *
   * @throws LaunchException unknown user or group, not root, or setpriv missing
   */
  static List<String> wrap(String user, List<String> argv) throws LaunchException {
    long[] ids = credentials(user);
    long uid = ids[0];
    long gid = ids[1];
    boolean groupGiven = user.indexOf(':') >= 0;
    int currentUid = Native.LIBC.getuid();
    if (currentUid == uid && (!groupGiven || Native.LIBC.getgid() == gid)) {
      return argv; // supervisord: switching to yourself is a no-op, so non-root may name itself
    }
    if (currentUid != 0) {
      throw new LaunchException("couldn't setuid to " + user + ": Can't drop privilege as nonroot user");
    }
    if (!Files.isExecutable(SETPRIV)) {
      throw new LaunchException("couldn't setuid to " + user + ": " + SETPRIV + " (util-linux) is required to switch users");
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add(SETPRIV.toString());
    wrapped.add("--reuid=" + uid);
    wrapped.add("--regid=" + gid);
    wrapped.add("--init-groups");
    wrapped.add("--");
    wrapped.addAll(argv);
    return wrapped;
  }

  /**
   * The uid and gid that {@code user} ({@code name}, {@code uid}, or either followed by
   * {@code :group}) runs as: the group given, else the user's primary group.
   *
   * @throws LaunchException unknown user or group
   */
  static long[] credentials(String user) throws LaunchException {
    String userPart = user;
    String groupPart = null;
    int colon = user.indexOf(':');
    if (colon >= 0) {
      userPart = user.substring(0, colon);
      groupPart = user.substring(colon + 1);
    }
    Passwd pw = lookupUser(user, userPart);
    return new long[] {pw.getUID(), groupPart == null ? pw.getGID() : lookupGroup(user, groupPart)};
  }

  private static Passwd lookupUser(String spec, String name) throws LaunchException {
    Passwd pw;
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      pw = POSIX.getpwuid(parseId(spec, name));
      if (pw == null) {
        throw new LaunchException("couldn't setuid to " + spec + ": Can't find uid " + name);
      }
    } else {
      pw = name.isEmpty() ? null : POSIX.getpwnam(name);
      if (pw == null) {
        throw new LaunchException("couldn't setuid to " + spec + ": Can't find username '" + name + "'");
      }
    }
    return pw;
  }

  private static long lookupGroup(String spec, String name) throws LaunchException {
    Group gr;
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      gr = POSIX.getgrgid(parseId(spec, name));
    } else {
      gr = name.isEmpty() ? null : POSIX.getgrnam(name);
    }
    if (gr == null) {
      throw new LaunchException("couldn't setgid to " + spec + ": Can't find group '" + name + "'");
    }
    return gr.getGID();
  }

  private static int parseId(String spec, String digits) throws LaunchException {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new LaunchException("couldn't setuid to " + spec + ": id " + digits + " is out of range", e);
    }
  }
}
