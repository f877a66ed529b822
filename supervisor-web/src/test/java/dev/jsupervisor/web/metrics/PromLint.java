package dev.jsupervisor.web.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exposition rules {@code promtool check metrics} enforces (Prometheus' promlint), checked by
 * hand on the text format so that the test runs where promtool is not installed: every family has a
 * non-blank HELP and a TYPE; counters end in {@code _total} and nothing else does; {@code _count},
 * {@code _sum}, {@code _bucket} and the labels {@code le}/{@code quantile} only on histograms and
 * summaries; no type names in a name; no colons; no camelCase names or labels; units spelled out
 * and in base units (seconds, bytes, ...); and every sample belongs to a declared family.
 */
final class PromLint {
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\S+)");
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? \\S+(?: \\S+)?");
  private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
  private static final Pattern CAMEL = Pattern.compile("[a-z][A-Z]");
  private static final Set<String> ABBREVIATIONS =
      Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d");
  private static final Set<String> BASE_UNITS =
      Set.of("amperes", "bytes", "celsius", "grams", "joules", "kelvin", "meters", "metres", "seconds", "volts");
  private static final List<String> PREFIXES = List.of("nano", "micro", "milli", "centi", "deci", "deca", "hecto",
      "kilo", "kibi", "mega", "mebi", "giga", "gibi", "tera", "tebi", "peta", "pebi");
  private static final Set<String> TIME_UNITS = Set.of("minutes", "hours", "days", "weeks");

  private PromLint() {}

  /** Every problem found, as {@code family: what}; empty when the text passes. */
  static List<String> problems(String text) {
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        help.put(m.group(1), m.group(2) == null ? "" : m.group(2));
      } else if ((m = TYPE.matcher(line)).matches()) {
        types.put(m.group(1), m.group(2));
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String family = familyOf(m.group(1), types);
        if (family == null) {
          out.add(m.group(1) + ": sample without a TYPE");
          continue;
        }
        Set<String> names = labels.computeIfAbsent(family, k -> new LinkedHashSet<>());
        if (m.group(2) != null) {
          Matcher l = LABEL_NAME.matcher(m.group(2));
          while (l.find()) {
            names.add(l.group(1));
          }
        }
      } else {
        out.add("unparsable line: " + line);
      }
    }
    for (Map.Entry<String, String> e : types.entrySet()) {
      out.addAll(family(e.getKey(), e.getValue(), help.get(e.getKey()), labels.getOrDefault(e.getKey(), Set.of())));
    }
    return out;
  }

  private static List<String> family(String name, String type, String helpText, Set<String> labelNames) {
    List<String> out = new ArrayList<>();
    if (helpText == null || helpText.isBlank()) {
      out.add(name + ": no help text");
    }
    boolean counter = type.equals("counter");
    boolean histogramOrSummary = type.equals("histogram") || type.equals("summary");
    if (counter && !name.endsWith("_total")) {
      out.add(name + ": counter metrics should have \"_total\" suffix");
    }
    if (!counter && name.endsWith("_total")) {
      out.add(name + ": non-counter metrics should not have \"_total\" suffix");
    }
    if (!histogramOrSummary) {
      for (String reserved : new String[] {"_count", "_sum", "_bucket"}) {
        if (name.endsWith(reserved)) {
          out.add(name + ": non-histogram and non-summary metrics should not have \"" + reserved + "\" suffix");
        }
      }
    }
    if (!type.equals("histogram") && labelNames.contains("le")) {
      out.add(name + ": non-histogram metrics should not have \"le\" label");
    }
    if (!type.equals("summary") && labelNames.contains("quantile")) {
      out.add(name + ": non-summary metrics should not have \"quantile\" label");
    }
    for (String t : new String[] {"counter", "gauge", "histogram", "summary"}) {
      if (name.contains("_" + t + "_") || name.endsWith("_" + t)) {
        out.add(name + ": metric name should not include type '" + t + "'");
      }
    }
    if (name.contains(":")) {
      out.add(name + ": metric names should not contain ':'");
    }
    if (CAMEL.matcher(name).find()) {
      out.add(name + ": metric names should be written in 'snake_case' not 'camelCase'");
    }
    for (String l : labelNames) {
      if (CAMEL.matcher(l).find()) {
        out.add(name + ": label names should be written in 'snake_case' not 'camelCase' (" + l + ")");
      }
    }
    for (String token : name.toLowerCase(Locale.ROOT).split("_")) {
      if (ABBREVIATIONS.contains(token)) {
        out.add(name + ": metric names should not contain abbreviated units");
      }
      if (TIME_UNITS.contains(token)) {
        out.add(name + ": use base unit \"seconds\" instead of \"" + token + "\"");
      }
      for (String unit : BASE_UNITS) {
        for (String prefix : PREFIXES) {
          if (token.equals(prefix + unit)) {
            out.add(name + ": use base unit \"" + unit + "\" instead of \"" + token + "\"");
          }
        }
      }
    }
    return out;
  }

  /** The declared family a sample belongs to: its name, or without a histogram/summary suffix. */
  private static String familyOf(String sample, Map<String, String> types) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        String type = types.get(base);
        if (type != null && (type.equals("histogram") || type.equals("summary"))) {
          return base;
        }
      }
    }
    return null;
  }
}
