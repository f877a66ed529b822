package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.PythonRepr;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.HealthSpec;
import dev.jsupervisor.core.ProbeSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.RestartBackoff;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Our opt-in health keys of a program (issue 15), read after the seed's into one {@link HealthSpec}:
 * {@code readiness_*} and {@code liveness_*} probes, the Go port's {@code liveness_check_*},
 * {@code restart_backoff*}, {@code restart_limit_*}, {@code fatal_retry_after},
 * {@code exit_daemon_on}/{@code exit_daemon_code} and the conditions of {@code depends_on}
 * ({@code name:condition}). Python supervisord ignores all of them. Without any of them the spec's
 * health equals {@link HealthSpec#NONE}. Throws {@link ValueException} naming the key and value.
 */
final class HealthReader {
  private final SectionKeys keys;
  private final LoadContext ctx;
  private final String section;

  HealthReader(SectionKeys keys) {
    this.keys = keys;
    this.ctx = keys.ctx();
    this.section = keys.section();
  }

  private String get(String key) {
    String v = keys.get(key, null);
    return v == null || v.isBlank() ? null : v.strip();
  }

  void apply(ProcessSpec.Builder b, String dependsOnRaw) {
    HealthSpec h = HealthSpec.NONE;
    Optional<ProbeSpec> readiness = probe("readiness", Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1));
    if (readiness.isPresent()) {
      h = h.withReadiness(readiness.get());
    }
    Optional<ProbeSpec> liveness = probe("liveness", Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1));
    Optional<ProbeSpec> goLiveness = goLivenessCheck();
    if (liveness.isPresent() && goLiveness.isPresent()) {
      keys.currentKey().accept("liveness_check_script");
      throw new ValueException("liveness_check_script and liveness_probe cannot both be set");
    }
    if (liveness.or(() -> goLiveness).isPresent()) {
      ProbeSpec l = liveness.or(() -> goLiveness).get();
      if (l.check() instanceof ProbeSpec.Output) {
        keys.currentKey().accept("liveness_probe");
        throw new ValueException("liveness_probe cannot be an output: probe (output probes are for readiness only)");
      }
      if (l.check() instanceof ProbeSpec.Notify) {
        keys.currentKey().accept("liveness_probe");
        throw new ValueException("liveness_probe cannot be notify (sd_notify READY=1 is a readiness probe only)");
      }
      h = h.withLiveness(l);
    }
    h = h.withBackoff(backoff());
    int burst = nonNegativeInt("restart_limit_burst", 0);
    Duration interval = duration("restart_limit_interval", Duration.ofSeconds(60), false);
    if (burst > 0) {
      h = h.withRestartLimit(new HealthSpec.RestartLimit(burst, interval));
    }
    h = h.withFatalRetryAfter(duration("fatal_retry_after", Duration.ZERO, true));
    h = h.withExitPolicy(exitPolicy());
    h = h.withDependsOnConditions(conditions(dependsOnRaw));
    b.health(h);
  }

  /**
   * A {@code readiness_probe = notify} program gets its own {@code NOTIFY_SOCKET}: one in its
   * {@code environment} (or env files) as well is a contradiction, reported on readiness_probe.
   */
  static void checkNotifySocket(ProcessSpec spec) {
    if (spec.health().readiness().filter(p -> p.check() instanceof ProbeSpec.Notify).isPresent()
        && spec.environment().containsKey(dev.jsupervisor.core.SystemdNotifier.NOTIFY_SOCKET)) {
      throw new ValueException("readiness_probe = notify gives the program its own NOTIFY_SOCKET, but its environment"
          + " sets NOTIFY_SOCKET=" + PythonRepr.of(spec.environment().get(dev.jsupervisor.core.SystemdNotifier.NOTIFY_SOCKET))
          + " too (remove one of them)");
    }
  }

  /** The names of {@code depends_on = a, b:healthy}, conditions dropped (the seed's list). */
  static java.util.List<String> dependencyNames(String raw) {
    return Converters.listOfStrings(raw).stream().filter(s -> !s.isEmpty())
        .map(s -> s.contains(":") ? s.substring(0, s.indexOf(':')).strip() : s).toList();
  }

  private Map<String, HealthSpec.DependsCondition> conditions(String raw) {
    Map<String, HealthSpec.DependsCondition> out = new LinkedHashMap<>();
    for (String entry : Converters.listOfStrings(raw == null ? "" : raw)) {
      int colon = entry.indexOf(':');
      if (colon < 0) {
        continue;
      }
      keys.currentKey().accept("depends_on");
      String name = entry.substring(0, colon).strip();
      String cond = entry.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      HealthSpec.DependsCondition c = switch (cond) {
        case "started", "process_started" -> HealthSpec.DependsCondition.STARTED;
        case "running" -> HealthSpec.DependsCondition.RUNNING;
        case "healthy", "process_healthy" -> HealthSpec.DependsCondition.HEALTHY;
        case "completed_successfully", "process_completed_successfully" ->
            HealthSpec.DependsCondition.COMPLETED_SUCCESSFULLY;
        default -> throw new ValueException("depends_on condition " + PythonRepr.of(entry.substring(colon + 1).strip())
            + " of " + PythonRepr.of(name) + " is not one of started, running, healthy, completed_successfully");
      };
      out.put(name, c);
    }
    return out;
  }

  private Optional<ProbeSpec> probe(String prefix, Duration delay, Duration period, Duration timeout) {
    String key = prefix + "_probe";
    String v = get(key);
    if (v == null) {
      for (String k : new String[] {"_http_status", "_http_body", "_tls_verify", "_initial_delay", "_period",
          "_timeout", "_success_threshold", "_failure_threshold"}) {
        if (get(prefix + k) != null) {
          throw new ValueException(prefix + k + " is set but " + key + " is not");
        }
      }
      return Optional.empty();
    }
    ProbeSpec.Check check = check(key, v);
    if (check instanceof ProbeSpec.Http http) {
      int[] range = statusRange(prefix + "_http_status");
      String body = get(prefix + "_http_body");
      ProbeSpec.Tls tls = http.tls();
      String verify = get(prefix + "_tls_verify");
      if (verify != null) {
        keys.currentKey().accept(prefix + "_tls_verify");
        if (tls == ProbeSpec.Tls.NONE) {
          throw new ValueException(prefix + "_tls_verify is only for https:// probes, but " + key + " is "
              + PythonRepr.of(v));
        }
        tls = Converters.bool(verify) ? ProbeSpec.Tls.VERIFY : ProbeSpec.Tls.NO_VERIFY;
      }
      check = new ProbeSpec.Http(http.host(), http.port(), http.path(), range[0], range[1], Optional.ofNullable(body),
          tls);
    } else {
      for (String k : new String[] {"_http_status", "_http_body"}) {
        if (get(prefix + k) != null) {
          throw new ValueException(prefix + k + " is only for http:// probes, but " + key + " is " + PythonRepr.of(v));
        }
      }
      if (get(prefix + "_tls_verify") != null) {
        throw new ValueException(prefix + "_tls_verify is only for https:// probes, but " + key + " is " + PythonRepr.of(v));
      }
    }
    return Optional.of(new ProbeSpec(check,
        duration(prefix + "_initial_delay", delay, true),
        duration(prefix + "_period", period, false),
        duration(prefix + "_timeout", timeout, false),
        positiveInt(prefix + "_success_threshold", 1),
        positiveInt(prefix + "_failure_threshold", 3)));
  }

  /**
   * {@code command:…}, {@code script://…}, {@code tcp://host:port}, {@code tcp:host:port},
   * {@code http://…}, {@code https://…}, {@code output:regex}, {@code notify}.
   */
  private ProbeSpec.Check check(String key, String v) {
    keys.currentKey().accept(key);
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("notify")) {
      return new ProbeSpec.Notify();
    }
    if (lower.startsWith("command:") || lower.startsWith("script://")) {
      String cmd = v.substring(v.indexOf(lower.startsWith("command:") ? ":" : "//") + (lower.startsWith("command:") ? 1 : 2)).strip();
      if (cmd.isEmpty()) {
        throw new ValueException(key + " " + PythonRepr.of(v) + " has no command");
      }
      return new ProbeSpec.Command(cmd);
    }
    if (lower.startsWith("tcp:")) {
      String hp = v.substring(lower.startsWith("tcp://") ? 6 : 4);
      int colon = hp.lastIndexOf(':');
      if (colon <= 0) {
        throw new ValueException(key + " " + PythonRepr.of(v) + " is not tcp:host:port");
      }
      return new ProbeSpec.Tcp(hp.substring(0, colon), port(key, v, hp.substring(colon + 1)));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      boolean https = lower.startsWith("https://");
      try {
        URI u = new URI(v);
        if (u.getHost() == null) {
          throw new ValueException(key + " " + PythonRepr.of(v) + " has no host");
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) {
          path += "?" + u.getRawQuery();
        }
        return new ProbeSpec.Http(u.getHost(), u.getPort() < 0 ? (https ? 443 : 80) : u.getPort(), path, 200, 399,
            Optional.empty(), https ? ProbeSpec.Tls.VERIFY : ProbeSpec.Tls.NONE);
      } catch (URISyntaxException e) {
        throw new ValueException(key + " " + PythonRepr.of(v) + " is not a URL: " + e.getReason());
      }
    }
    if (lower.startsWith("output:")) {
      try {
        return new ProbeSpec.Output(Pattern.compile(v.substring(7).strip()));
      } catch (PatternSyntaxException e) {
        throw new ValueException(key + " " + PythonRepr.of(v) + " is not a valid regex: " + e.getDescription());
      }
    }
    throw new ValueException(key + " " + PythonRepr.of(v)
        + " is not a probe (use command:CMD, tcp:HOST:PORT, http[s]://HOST:PORT/PATH, output:REGEX or notify)");
  }

  private static int port(String key, String v, String text) {
    try {
      int p = Integer.parseInt(text.strip());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValueException(key + " " + PythonRepr.of(v) + " has a bad port " + PythonRepr.of(text));
  }

  /** {@code 200-399} or {@code 200}. */
  private int[] statusRange(String key) {
    String v = get(key);
    if (v == null) {
      return new int[] {200, 399};
    }
    try {
      String[] parts = v.split("-", 2);
      int lo = Integer.parseInt(parts[0].strip());
      int hi = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : lo;
      if (lo >= 100 && hi <= 599 && lo <= hi) {
        return new int[] {lo, hi};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValueException(key + " " + PythonRepr.of(v) + " is not a status or range such as 200-399");
  }

  /** The Go port's {@code liveness_check_*} keys, as a liveness probe (failure action restart only). */
  private Optional<ProbeSpec> goLivenessCheck() {
    String script = get("liveness_check_script");
    if (script == null) {
      return Optional.empty();
    }
    ProbeSpec.Check check;
    String lower = script.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("tcp://")
        || lower.startsWith("script://")) {
      if (lower.startsWith("http") && script.contains(" -")) {
        throw new ValueException("liveness_check_script " + PythonRepr.of(script)
            + ": curl-style options (-H, -d, --key-file …) are not supported");
      }
      check = check("liveness_check_script", script);
    } else {
      check = new ProbeSpec.Command(script);
    }
    String action = get("liveness_check_failure_action");
    if (action != null && !action.equalsIgnoreCase("restart")) {
      throw new ValueException("liveness_check_failure_action " + PythonRepr.of(action)
          + " is not supported (only restart)");
    }
    if (get("liveness_check_success_action") != null) {
      throw new ValueException("liveness_check_success_action is not supported");
    }
    return Optional.of(new ProbeSpec(check,
        duration("liveness_check_initial_delay", Duration.ofSeconds(60), true),
        duration("liveness_check_period", Duration.ofSeconds(60), false),
        duration("liveness_check_timeout", Duration.ofSeconds(30), false),
        positiveInt("liveness_check_success_threshold", 1),
        positiveInt("liveness_check_failure_threshold", 3)));
  }

  private RestartBackoff backoff() {
    String kind = get("restart_backoff");
    String[] tuning = {"restart_backoff_initial", "restart_backoff_max", "restart_backoff_jitter",
        "restart_backoff_reset_after"};
    if (kind == null || kind.equalsIgnoreCase("linear")) {
      for (String k : tuning) {
        if (get(k) != null) {
          throw new ValueException(k + " is set but restart_backoff is not exponential");
        }
      }
      return RestartBackoff.LINEAR;
    }
    if (!kind.equalsIgnoreCase("exponential")) {
      keys.currentKey().accept("restart_backoff");
      throw new ValueException("restart_backoff " + PythonRepr.of(kind) + " is not linear or exponential");
    }
    Duration initial = duration("restart_backoff_initial", Duration.ofSeconds(1), false);
    Duration max = duration("restart_backoff_max", Duration.ofSeconds(60), false);
    if (max.compareTo(initial) < 0) {
      throw new ValueException("restart_backoff_max " + seconds(max) + " is below restart_backoff_initial "
          + seconds(initial));
    }
    String j = get("restart_backoff_jitter");
    double jitter = 0.2;
    if (j != null) {
      try {
        jitter = Double.parseDouble(j);
      } catch (NumberFormatException e) {
        jitter = Double.NaN;
      }
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new ValueException("restart_backoff_jitter " + PythonRepr.of(j) + " is not a fraction between 0 and 1");
      }
    }
    return RestartBackoff.exponential(initial, max, jitter, duration("restart_backoff_reset_after",
        Duration.ofSeconds(60), true));
  }

  private HealthSpec.ExitPolicy exitPolicy() {
    String when = get("exit_daemon_on");
    HealthSpec.ExitWhen w;
    if (when == null) {
      w = HealthSpec.ExitWhen.NEVER;
    } else {
      w = switch (when.toLowerCase(Locale.ROOT)) {
        case "never", "false", "no" -> HealthSpec.ExitWhen.NEVER;
        case "fatal" -> HealthSpec.ExitWhen.FATAL;
        case "unexpected" -> HealthSpec.ExitWhen.UNEXPECTED;
        case "any", "exit", "true" -> HealthSpec.ExitWhen.ANY;
        default -> throw new ValueException("exit_daemon_on " + PythonRepr.of(when)
            + " is not one of never, fatal, unexpected, any");
      };
    }
    String code = get("exit_daemon_code");
    if (code == null) {
      return w == HealthSpec.ExitWhen.NEVER ? HealthSpec.ExitPolicy.NONE : new HealthSpec.ExitPolicy(w, OptionalInt.empty());
    }
    if (w == HealthSpec.ExitWhen.NEVER) {
      throw new ValueException("exit_daemon_code is set but exit_daemon_on is not");
    }
    int c;
    try {
      c = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      c = -1;
    }
    if (c < 0 || c > 255) {
      throw new ValueException("exit_daemon_code " + PythonRepr.of(code) + " is not an exit status 0-255");
    }
    return new HealthSpec.ExitPolicy(w, OptionalInt.of(c));
  }

  /** Seconds, decimals allowed ({@code 0.5}); zero allowed only when {@code zeroOk}. */
  private Duration duration(String key, Duration dflt, boolean zeroOk) {
    String v = get(key);
    if (v == null) {
      return dflt;
    }
    try {
      BigDecimal s = new BigDecimal(v);
      if (s.signum() > 0 || (zeroOk && s.signum() == 0)) {
        return Duration.ofNanos(s.movePointRight(9).longValueExact());
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new ValueException(key + " " + PythonRepr.of(v) + " is not a number of seconds "
        + (zeroOk ? ">= 0" : "> 0"));
  }

  private int positiveInt(String key, int dflt) {
    int n = nonNegativeInt(key, dflt);
    if (n < 1) {
      throw new ValueException(key + " " + n + " must be at least 1");
    }
    return n;
  }

  private int nonNegativeInt(String key, int dflt) {
    String v = get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValueException(key + " " + PythonRepr.of(v) + " is not an integer >= 0");
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
  }
}
