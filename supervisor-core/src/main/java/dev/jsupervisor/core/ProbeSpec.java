package dev.jsupervisor.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One health probe of a program (readiness or liveness): what to check and how often. After
 * {@code initialDelay} the check runs every {@code period}, each attempt failing after
 * {@code timeout}; {@code successThreshold} passes in a row make it pass, {@code failureThreshold}
 * failures in a row make it fail. Immutable.
 *
 * @param check what one attempt does
 * @param initialDelay wait after the spawn (readiness) or after RUNNING (liveness) before the first attempt
 * @param period time between the starts of two attempts
 * @param timeout an attempt not finished by then fails
 * @param successThreshold consecutive passes needed to pass
 * @param failureThreshold consecutive failures needed to fail
 */
public record ProbeSpec(Check check, Duration initialDelay, Duration period, Duration timeout, int successThreshold,
    int failureThreshold) {

  /** What one probe attempt does. */
  public sealed interface Check {
    /** Human text for logs: {@code command 'pg_isready'}, {@code tcp 127.0.0.1:5432}. */
    String describe();
  }

  /** Runs {@code /bin/sh -c command} with the program's environment; exit 0 passes. */
  public record Command(String command) implements Check {
    public Command {
      Objects.requireNonNull(command, "command");
    }

    @Override
    public String describe() {
      return "command '" + command + "'";
    }
  }

  /** Opens a TCP connection; connected passes. */
  public record Tcp(String host, int port) implements Check {
    public Tcp {
      Objects.requireNonNull(host, "host");
    }

    @Override
    public String describe() {
      return "tcp " + host + ":" + port;
    }
  }

  /**
   * HTTP/1.0 GET of {@code path}, over TLS unless {@code tls} is {@link Tls#NONE}; passes when the
   * status is within [statusMin, statusMax] and, if given, the first 64 KiB of the body contain
   * {@code bodyContains}.
   */
  public record Http(String host, int port, String path, int statusMin, int statusMax, Optional<String> bodyContains,
      Tls tls) implements Check {
    public Http {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(bodyContains, "bodyContains");
      Objects.requireNonNull(tls, "tls");
      if (statusMin > statusMax) {
        throw new IllegalArgumentException("status range " + statusMin + "-" + statusMax + " is empty");
      }
    }

    /** Plain HTTP ({@code http://}). */
    public Http(String host, int port, String path, int statusMin, int statusMax, Optional<String> bodyContains) {
      this(host, port, path, statusMin, statusMax, bodyContains, Tls.NONE);
    }

    @Override
    public String describe() {
      return (tls == Tls.NONE ? "http://" : "https://") + host + ":" + port + path;
    }
  }

  /** Whether an HTTP probe speaks TLS ({@code https://}) and checks the server's certificate. */
  public enum Tls {
    /** Plain HTTP. */
    NONE,
    /** TLS; the certificate must chain to the JVM's trusted roots and name the host (as a browser checks). */
    VERIFY,
    /** TLS; any certificate is accepted (a self-signed health endpoint). */
    NO_VERIFY
  }

  /** Passes once a line the program writes (stdout or stderr) matches {@code regex}; readiness only. */
  public record Output(Pattern regex) implements Check {
    public Output {
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public String describe() {
      return "output /" + regex.pattern() + "/";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Output other && other.regex.pattern().equals(regex.pattern());
    }

    @Override
    public int hashCode() {
      return regex.pattern().hashCode();
    }
  }

  /**
   * Passes once the program itself sends {@code READY=1} by sd_notify to the socket named by the
   * {@code NOTIFY_SOCKET} it is given (as systemd's {@code Type=notify}); readiness only.
   */
  public record Notify() implements Check {
    @Override
    public String describe() {
      return "sd_notify";
    }
  }

  public ProbeSpec {
    Objects.requireNonNull(check, "check");
    requirePositive(period, "period");
    requirePositive(timeout, "timeout");
    Objects.requireNonNull(initialDelay, "initialDelay");
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must be >= 0 but was " + initialDelay);
    }
    if (successThreshold < 1 || failureThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be >= 1 but were " + successThreshold + "/" + failureThreshold);
    }
  }

  /** A probe with the defaults: no initial delay, every 10 s, 1 s timeout, 1 pass, 3 failures. */
  public static ProbeSpec of(Check check) {
    return new ProbeSpec(check, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 1, 3);
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be > 0 but was " + d);
    }
  }
}
