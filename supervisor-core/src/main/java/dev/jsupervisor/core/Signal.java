package dev.jsupervisor.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The POSIX signals of Linux (x86_64 and aarch64 numbering), parsed the way supervisord parses
 * {@code stopsignal} and {@code signalProcess} arguments: a name with or without {@code SIG}, in any
 * case, with surrounding spaces, or a number.
 */
public enum Signal {
  HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10), SEGV(11),
  USR2(12), PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19), TSTP(20),
  TTIN(21), TTOU(22), URG(23), XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28), IO(29),
  PWR(30), SYS(31);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  /** The signal number passed to kill(2). */
  public int number() {
    return number;
  }

  /** The conventional name, e.g. {@code SIGTERM}. */
  public String signalName() {
    return "SIG" + name();
  }

  /** The signal with this number, if Linux has one. */
  public static Optional<Signal> ofNumber(int number) {
    for (Signal s : values()) {
      if (s.number == number) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses {@code TERM}, {@code sigterm}, {@code " int "} or {@code "15"}.
   *
   * @return empty when the text names no signal of this platform
   */
  public static Optional<Signal> parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.chars().allMatch(Character::isDigit)) {
      try {
        return ofNumber(Integer.parseInt(t));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (t.startsWith("SIG")) {
      t = t.substring(3);
    }
    if (t.equals("IOT")) {
      return Optional.of(ABRT);
    }
    if (t.equals("POLL")) {
      return Optional.of(IO);
    }
    if (t.equals("CLD")) {
      return Optional.of(CHLD);
    }
    try {
      return Optional.of(valueOf(t));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
