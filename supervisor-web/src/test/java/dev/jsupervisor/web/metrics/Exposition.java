package dev.jsupervisor.web.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict parser for the Prometheus text exposition format 0.0.4, for tests. */
final class Exposition {
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*)\\})? "
          + "(NaN|[+-]Inf|[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)(?: -?[0-9]+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  record Sample(String name, Map<String, String> labels, double value) {}

  final List<Sample> samples = new ArrayList<>();
  final Map<String, String> types = new HashMap<>();

  /** Parses {@code text}; throws IllegalArgumentException naming the first bad line. */
  static Exposition parse(String text) {
    Exposition e = new Exposition();
    Set<String> familiesSeen = new HashSet<>();
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition must end with a newline");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      if (line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher t = TYPE.matcher(line);
        if (!t.matches()) {
          throw new IllegalArgumentException("bad comment line " + (i + 1) + ": " + line);
        }
        if (!familiesSeen.add(t.group(1))) {
          throw new IllegalArgumentException("family " + t.group(1) + " declared twice");
        }
        e.types.put(t.group(1), t.group(2));
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad sample line " + (i + 1) + ": " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      String v = m.group(3);
      double value = v.equals("NaN") ? Double.NaN : v.equals("+Inf") ? Double.POSITIVE_INFINITY
          : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
      e.samples.add(new Sample(m.group(1), labels, value));
    }
    return e;
  }

  /** The value of the sample with this name whose labels include {@code labels} (k, v, k, v...). */
  Optional<Double> value(String name, String... labels) {
    return samples.stream().filter(s -> s.name().equals(name) && hasLabels(s, labels)).map(Sample::value).findFirst();
  }

  private static boolean hasLabels(Sample s, String... kv) {
    for (int i = 0; i < kv.length; i += 2) {
      if (!kv[i + 1].equals(s.labels().get(kv[i]))) {
        return false;
      }
    }
    return true;
  }
}
