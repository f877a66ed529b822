package dev.jsupervisor.config.values;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up users and groups as Python's {@code pwd}/{@code grp} modules do. {@link #SYSTEM} reads
 * {@code /etc/passwd} and {@code /etc/group} and falls back to {@code getent} (for NSS sources such as
 * LDAP). Tests pass their own. Implementations must be thread-safe.
 */
public interface UserDatabase {
  /** The uid of user {@code name}, if it exists. */
  Optional<Integer> uidOf(String name);

  /** Whether a user with this uid exists. */
  boolean uidExists(int uid);

  /** The gid of group {@code name}, if it exists. */
  Optional<Integer> gidOf(String name);

  /** Whether a group with this gid exists. */
  boolean gidExists(int gid);

  /** The home directory of user {@code name}, if it exists. */
  Optional<String> home(String name);

  /** The primary gid of the user with this uid, if it exists (Python's {@code gid_for_uid}). */
  default Optional<Integer> primaryGidOf(int uid) {
    return Optional.empty();
  }

  /** The machine's user database. */
  UserDatabase SYSTEM = new UserDatabase() {
    @Override
    public Optional<Integer> uidOf(String name) {
      return field("passwd", name, 0, 2).map(Integer::parseInt);
    }

    @Override
    public boolean uidExists(int uid) {
      return field("passwd", Integer.toString(uid), 2, 2).isPresent();
    }

    @Override
    public Optional<Integer> gidOf(String name) {
      return field("group", name, 0, 2).map(Integer::parseInt);
    }

    @Override
    public boolean gidExists(int gid) {
      return field("group", Integer.toString(gid), 2, 2).isPresent();
    }

    @Override
    public Optional<Integer> primaryGidOf(int uid) {
      return field("passwd", Integer.toString(uid), 2, 3).map(Integer::parseInt);
    }

    @Override
    public Optional<String> home(String name) {
      return field("passwd", name, 0, 5);
    }

    /** Field {@code want} of the first entry whose field {@code match} equals {@code key}. */
    private Optional<String> field(String db, String key, int match, int want) {
      if (key.isEmpty() || key.contains(":") || key.contains("\n")) {
        return Optional.empty();
      }
      try {
        for (String line : Files.readAllLines(Path.of("/etc", db), StandardCharsets.UTF_8)) {
          Optional<String> f = pick(line, key, match, want);
          if (f.isPresent()) {
            return f;
          }
        }
      } catch (IOException | RuntimeException e) {
        // unreadable file: fall through to getent
      }
      return getent(db, key).flatMap(line -> pick(line, key, match, want));
    }

    private Optional<String> pick(String line, String key, int match, int want) {
      String[] f = line.split(":", -1);
      if (f.length > Math.max(match, want) && f[match].equals(key)) {
        return Optional.of(f[want]);
      }
      return Optional.empty();
    }

    private Optional<String> getent(String db, String key) {
      try {
        Process p = new ProcessBuilder(List.of("getent", db, key)).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
          String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
          if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
            return Optional.of(out.lines().findFirst().orElse(""));
          }
        } finally {
          p.destroy();
        }
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    }
  };
}
