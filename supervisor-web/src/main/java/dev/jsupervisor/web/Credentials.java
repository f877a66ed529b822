package dev.jsupervisor.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The username and password of one server section. The stored password is clear text or {@code
 * {SHA}} + the hex SHA-1 of the password, as supervisord accepts.
 */
record Credentials(String username, String password) {

  private static final String SHA_PREFIX = "{SHA}";

  Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** Rejects a username without password or the reverse, with supervisord's message. */
  static void check(Optional<String> username, Optional<String> password, String section) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "Section [" + section + "] contains incomplete authentication: If a username or a"
              + " password is specified, both the username and password must be specified");
    }
  }

  /** The credentials of a listener, empty when it has no authentication. */
  static Optional<Credentials> of(Optional<String> username, Optional<String> password) {
    return username.flatMap(u -> password.map(p -> new Credentials(u, p)));
  }

  /** Whether the offered pair matches; compares in constant time to not leak the password. */
  boolean matches(String offeredUser, String offeredPassword) {
    boolean userOk = constantTimeEquals(username, offeredUser);
    boolean passwordOk;
    if (password.startsWith(SHA_PREFIX)) {
      String hex = HexFormat.of().formatHex(sha1(offeredPassword));
      passwordOk =
          constantTimeEquals(password.substring(SHA_PREFIX.length()).toLowerCase(Locale.ROOT), hex);
    } else {
      passwordOk = constantTimeEquals(password, offeredPassword);
    }
    return userOk & passwordOk;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha1(String s) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-1", e);
    }
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
