package dev.jsupervisor.core;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the engine takes from a program's sd_notify datagrams ({@code KEY=value} lines): whether one
 * said {@code READY=1}, and the last {@code STATUS=} text (control characters dropped, cut to
 * {@link #STATUS_MAX} characters). Other keys ({@code MAINPID}, {@code WATCHDOG}, {@code STOPPING},
 * {@code ERRNO}, file-descriptor store…) are ignored. Immutable; any thread.
 *
 * @param ready some datagram said {@code READY=1}
 * @param status the newest {@code STATUS=} text, if any
 */
record SdNotifyMessage(boolean ready, Optional<String> status) {
  static final int STATUS_MAX = 200;
  static final SdNotifyMessage NOTHING = new SdNotifyMessage(false, Optional.empty());

  /** One datagram as received (UTF-8; malformed bytes become U+FFFD). */
  static SdNotifyMessage parse(byte[] datagram) {
    boolean ready = false;
    String status = null;
    for (String line : new String(datagram, StandardCharsets.UTF_8).split("\n")) {
      if (line.equals("READY=1")) {
        ready = true;
      } else if (line.startsWith("STATUS=")) {
        status = clean(line.substring("STATUS=".length()));
      }
    }
    return new SdNotifyMessage(ready, Optional.ofNullable(status));
  }

  /** This message followed by {@code later}: ready if either was, {@code later}'s status if it has one. */
  SdNotifyMessage then(SdNotifyMessage later) {
    return new SdNotifyMessage(ready || later.ready, later.status.isPresent() ? later.status : status);
  }

  private static String clean(String text) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), STATUS_MAX));
    text.codePoints().filter(c -> !Character.isISOControl(c)).limit(STATUS_MAX).forEach(b::appendCodePoint);
    return b.toString().strip();
  }
}
